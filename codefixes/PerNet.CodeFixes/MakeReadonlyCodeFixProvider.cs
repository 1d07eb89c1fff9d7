using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PerNet.Analyzers;

namespace PerNet.CodeFixes;

/// <summary>
/// "Make readonly" for PN0001 when the analyzer proved it safe (private, never written after
/// initialization, immutable value). Offered only then, and first. A declaration with several
/// variables is made readonly only when the analyzer cleared every one of them.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeReadonlyCodeFixProvider)), Shared]
public sealed class MakeReadonlyCodeFixProvider : CodeFixProvider
{
    public const string EquivalenceKey = "PerNet.MakeReadonly";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.MutableStaticField);

    // Each fix edits only its own declaration's modifiers, so the batch fixer cannot lose edits.
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
            return;

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.ContainsKey(MutableStaticFieldAnalyzer.MakeReadonlyProperty))
                continue;
            if (root.FindNode(diagnostic.Location.SourceSpan) is not VariableDeclaratorSyntax
                {
                    Parent: VariableDeclarationSyntax { Parent: FieldDeclarationSyntax field } declaration,
                })
                continue;
            if (declaration.Variables.Count > 1 && !AllVariablesCleared(declaration, context))
                continue;

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Make readonly",
                    ct => MakeReadonlyAsync(context.Document, field, ct),
                    EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>Every variable of a multi-variable declaration carries its own "make readonly" diagnostic.</summary>
    private static bool AllVariablesCleared(VariableDeclarationSyntax declaration, CodeFixContext context) =>
        declaration.Variables.All(v => context.Diagnostics.Any(d =>
            d.Location.SourceSpan == v.Identifier.Span && d.Properties.ContainsKey(MutableStaticFieldAnalyzer.MakeReadonlyProperty)));

    private static async Task<Document> MakeReadonlyAsync(Document document, FieldDeclarationSyntax field, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
            return document;

        var modifiers = field.Modifiers;
        var readonlyToken = SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        // Conventional order: access, static, readonly. Insert after `static`.
        var staticIndex = modifiers.IndexOf(SyntaxKind.StaticKeyword);
        var updated = staticIndex >= 0
            ? modifiers.Insert(staticIndex + 1, readonlyToken)
            : modifiers.Add(readonlyToken);
        return document.WithSyntaxRoot(root.ReplaceNode(field, field.WithModifiers(updated)));
    }
}
