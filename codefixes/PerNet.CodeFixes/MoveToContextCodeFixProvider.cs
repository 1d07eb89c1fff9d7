using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PerNet.Analyzers;
using PerNet.CodeFixes.Migration;

namespace PerNet.CodeFixes;

/// <summary>
/// "Move to NetContext (explicit)" for PN0001–PN0005: the member moves into its type's nested
/// <c>State : PerNet&lt;State&gt;</c> and a <c>NetContext</c> is threaded to every access through the
/// whole solution. Offered only when the whole plan can be made safely. Its FixAll makes one plan for
/// every selected diagnostic (one parameter per method however many statics it touches).
/// </summary>
[ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(MoveToContextCodeFixProvider)), Shared]
public sealed class MoveToContextCodeFixProvider : CodeFixProvider
{
    public const string EquivalenceKey = "PerNet.MoveToContext.Explicit";
    public const string Title = "Move to NetContext (explicit)";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticIds.MutableStaticField,
        DiagnosticIds.StaticReadonlyMutableValue,
        DiagnosticIds.MutableStaticProperty,
        DiagnosticIds.StaticEvent,
        DiagnosticIds.ThreadStaticState);

    public override FixAllProvider GetFixAllProvider() => MoveToContextFixAllProvider.Instance;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var members = await MembersAsync(context.Document, context.Diagnostics, context.CancellationToken).ConfigureAwait(false);
        if (members.Count == 0)
            return;
        var result = await ContextMigration.MigrateAsync(context.Document.Project.Solution, members, context.CancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
            return; // not safe: not offered
        context.RegisterCodeFix(
            CodeAction.Create(Title, _ => Task.FromResult(result.Solution!), EquivalenceKey),
            context.Diagnostics);
    }

    /// <summary>The static members the diagnostics name (not those that only need "make readonly").</summary>
    internal static async Task<IReadOnlyCollection<ISymbol>> MembersAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var members = new List<ISymbol>();
        if (root is null || model is null)
            return members;
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Properties.ContainsKey(MutableStaticFieldAnalyzer.MakeReadonlyProperty) || !diagnostic.Location.IsInSource)
                continue;
            var node = root.FindNode(diagnostic.Location.SourceSpan);
            var symbol = node switch
            {
                VariableDeclaratorSyntax or PropertyDeclarationSyntax => model.GetDeclaredSymbol(node, cancellationToken),
                _ => null,
            };
            if (symbol is { IsStatic: true } && !members.Contains(symbol, SymbolEqualityComparer.Default))
                members.Add(symbol);
        }

        return members;
    }
}

/// <summary>One migration plan for every diagnostic in the document, project or solution.</summary>
internal sealed class MoveToContextFixAllProvider : FixAllProvider
{
    public static readonly MoveToContextFixAllProvider Instance = new();

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
        new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        var solution = fixAllContext.Solution;
        var documents = fixAllContext.Scope switch
        {
            FixAllScope.Document when fixAllContext.Document is not null => new[] { fixAllContext.Document },
            FixAllScope.Project => fixAllContext.Project.Documents.ToArray(),
            FixAllScope.Solution => solution.Projects.SelectMany(p => p.Documents).ToArray(),
            _ => System.Array.Empty<Document>(),
        };

        var members = new List<ISymbol>();
        var keys = new HashSet<string>();
        foreach (var document in documents)
        {
            var diagnostics = await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false);
            foreach (var member in await MoveToContextCodeFixProvider.MembersAsync(document, diagnostics, fixAllContext.CancellationToken).ConfigureAwait(false))
            {
                if (keys.Add(SymbolKeys.Of(member)))
                    members.Add(member);
            }
        }

        if (members.Count == 0)
            return null;
        var result = await ContextMigration.MigrateAsync(solution, members, fixAllContext.CancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? CodeAction.Create(MoveToContextCodeFixProvider.Title, _ => Task.FromResult(result.Solution!), MoveToContextCodeFixProvider.EquivalenceKey)
            : null;
    }
}
