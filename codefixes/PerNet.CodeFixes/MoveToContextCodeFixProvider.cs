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
/// The fixes for PN0001–PN0005, in one provider so that bulk tools that pair each analyzer with one
/// provider (<c>dotnet format analyzers</c>) apply all of them: "Make readonly" where the analyzer
/// proved a field is only an unfinished declaration (offered instead of the migration), otherwise
/// "Move to NetContext (explicit)": the member moves into its type's nested <c>State : PerNet&lt;State&gt;</c>
/// and a <c>NetContext</c> is threaded to every access through the whole solution. FixAll makes one plan for every selected
/// diagnostic (one parameter per method however many statics it touches). Registering the fix plans
/// nothing: what the analyzers know (<see cref="StateRule.MigrationBlockedProperty"/>) decides whether it is
/// offered; the plan is made when it is chosen.
/// </summary>
[ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(MoveToContextCodeFixProvider)), Shared]
public sealed class MoveToContextCodeFixProvider : CodeFixProvider
{
    public const string EquivalenceKey = "PerNet.MoveToContext.Explicit";
    public const string Title = "Move to NetContext (explicit)";
    public const string AmbientEquivalenceKey = "PerNet.MoveToContext.Ambient";
    public const string AmbientTitle = "Move to NetContext (ambient)";

    public override ImmutableArray<string> FixableDiagnosticIds => DiagnosticIds.StateRules;

    public override FixAllProvider GetFixAllProvider() => MoveToContextFixAllProvider.Instance;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
            return;
        foreach (var diagnostic in context.Diagnostics.Where(MakeReadonly.Applies))
        {
            if (MakeReadonly.Target(root, diagnostic, context.Diagnostics) is { } field &&
                !await MakeReadonly.IsWrittenInOtherProjectsAsync(context.Document, field, context.CancellationToken).ConfigureAwait(false))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(MakeReadonly.Title, ct => MakeReadonly.ApplyAsync(context.Document, field, ct), MakeReadonly.EquivalenceKey),
                    diagnostic);
            }
        }

        var migrated = context.Diagnostics.Where(d => !MakeReadonly.Applies(d)).ToImmutableArray();
        // Whether the move is safe comes from the analyzers' model in the diagnostic: offering the fix plans
        // nothing (that would read the whole solution on every light bulb). The plan is made when an action
        // is chosen; if it then finds the move unsafe, the action changes nothing.
        if (migrated.IsEmpty || migrated.Any(d => d.Properties.ContainsKey(StateRule.MigrationBlockedProperty)))
            return;
        // Migrated code names the runtime's types: without a reference to PerNet.Runtime it could not compile (the
        // `PerNet` package's README and docs/migration.md say how to add it). A test project is a caller of the
        // library, not code to migrate (TestProjects).
        if (!RuntimeTargets.IsReferenced(context.Document.Project) || TestProjects.IsTestProject(context.Document.Project))
            return;
        var members = MigrationInput.WithSettingsThatFollow(await MigrationInput.MembersAsync(context.Document, migrated, context.CancellationToken).ConfigureAwait(false), context.CancellationToken);
        if (members.Count == 0)
            return;
        var solution = context.Document.Project.Solution;
        // pernet.migration_style decides which style is offered first (and which bulk tools apply).
        var preferred = PreferredStyle(context.Document);
        foreach (var style in preferred == MigrationStyle.Ambient ? new[] { MigrationStyle.Ambient, MigrationStyle.Explicit } : new[] { MigrationStyle.Explicit, MigrationStyle.Ambient })
        {
            context.RegisterCodeFix(
                CodeAction.Create(
                    style == MigrationStyle.Ambient ? AmbientTitle : Title,
                    async ct => (await ContextMigration.MigrateAsync(solution, members, style, ct).ConfigureAwait(false)).Solution ?? solution,
                    style == MigrationStyle.Ambient ? AmbientEquivalenceKey : EquivalenceKey),
                migrated);
        }
    }

    /// <summary><c>pernet.migration_style</c> (<c>explicit</c>, the default, or <c>ambient</c>) for a document.</summary>
    internal static MigrationStyle PreferredStyle(Document document) =>
        string.Equals(MigrationSettings.For(document, PerNetOptions.MigrationStyleKey), "ambient", System.StringComparison.OrdinalIgnoreCase)
            ? MigrationStyle.Ambient
            : MigrationStyle.Explicit;
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
        var cancellationToken = fixAllContext.CancellationToken;
        var key = fixAllContext.CodeActionEquivalenceKey;
        var diagnostics = await DiagnosticsAsync(fixAllContext).ConfigureAwait(false);

        // Make readonly: text edits on the declarations, collected per document.
        var readonlyFields = new Dictionary<DocumentId, List<FieldDeclarationSyntax>>();
        if (key is null or MakeReadonly.EquivalenceKey)
        {
            foreach (var group in diagnostics.Where(p => MakeReadonly.Applies(p.Diagnostic)).GroupBy(p => p.Document.Id))
            {
                var document = solution.GetDocument(group.Key)!;
                var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var all = group.Select(p => p.Diagnostic).ToList();
                readonlyFields[group.Key] = all.Select(d => root is null ? null : MakeReadonly.Target(root, d, all)).OfType<FieldDeclarationSyntax>().ToList();
            }
        }

        // Migration: one plan for every other member.
        var members = new List<ISymbol>();
        if (key is null or MoveToContextCodeFixProvider.EquivalenceKey or MoveToContextCodeFixProvider.AmbientEquivalenceKey)
        {
            var keys = new HashSet<string>();
            // What the single fix is not offered for, Fix All does not do either (bulk tools such as `dotnet format` call it
            // directly): state whose move the analyzer found blocked, projects without PerNet.Runtime, test projects.
            foreach (var group in diagnostics.Where(p => !MakeReadonly.Applies(p.Diagnostic) && !p.Diagnostic.Properties.ContainsKey(StateRule.MigrationBlockedProperty) &&
                                                         RuntimeTargets.IsReferenced(p.Document.Project) && !TestProjects.IsTestProject(p.Document.Project))
                         .GroupBy(p => p.Document.Id))
            {
                foreach (var member in await MigrationInput.MembersAsync(solution.GetDocument(group.Key)!, group.Select(p => p.Diagnostic), cancellationToken).ConfigureAwait(false))
                {
                    if (keys.Add(SymbolKeys.Of(member)))
                        members.Add(member);
                }
            }
        }

        members = MigrationInput.WithSettingsThatFollow(members, cancellationToken).ToList();
        if (members.Count == 0 && readonlyFields.Values.All(f => f.Count == 0))
            return null;

        var style = key switch
        {
            MoveToContextCodeFixProvider.AmbientEquivalenceKey => MigrationStyle.Ambient,
            MoveToContextCodeFixProvider.EquivalenceKey => MigrationStyle.Explicit,
            _ => diagnostics.Count > 0 ? MoveToContextCodeFixProvider.PreferredStyle(diagnostics[0].Document) : MigrationStyle.Explicit,
        };
        return CodeAction.Create(
            key == MakeReadonly.EquivalenceKey ? MakeReadonly.Title : style == MigrationStyle.Ambient ? MoveToContextCodeFixProvider.AmbientTitle : MoveToContextCodeFixProvider.Title,
            async ct =>
            {
                var result = solution;
                if (members.Count > 0)
                {
                    var migration = await ContextMigration.MigrateAsync(solution, members, style, ct).ConfigureAwait(false);
                    if (migration.Succeeded)
                        result = migration.Solution!;
                }

                // The migration does not touch declarations that only become readonly; find them again by position.
                foreach (var pair in readonlyFields.Where(p => p.Value.Count > 0))
                {
                    var document = result.GetDocument(pair.Key)!;
                    var root = (await document.GetSyntaxRootAsync(ct).ConfigureAwait(false))!;
                    var current = pair.Value
                        .Select(f => root.DescendantNodes().OfType<FieldDeclarationSyntax>().FirstOrDefault(n => n.IsEquivalentTo(f)))
                        .OfType<FieldDeclarationSyntax>();
                    result = result.WithDocumentSyntaxRoot(pair.Key, MakeReadonly.Apply(root, current));
                }

                return result;
            },
            key ?? (style == MigrationStyle.Ambient ? MoveToContextCodeFixProvider.AmbientEquivalenceKey : MoveToContextCodeFixProvider.EquivalenceKey));
    }

    /// <summary>
    /// The diagnostics in scope, with their documents. Project-level queries for project and solution
    /// scope: bulk tools answer those (dotnet format answers nothing else), and a project with no
    /// diagnostics may answer with an exception.
    /// </summary>
    private static async Task<List<(Document Document, Diagnostic Diagnostic)>> DiagnosticsAsync(FixAllContext context)
    {
        var found = new List<(Document, Diagnostic)>();
        if (context.Scope == FixAllScope.Document && context.Document is { } single)
        {
            foreach (var diagnostic in await context.GetDocumentDiagnosticsAsync(single).ConfigureAwait(false))
                found.Add((single, diagnostic));
            return found;
        }

        var projects = context.Scope == FixAllScope.Solution ? context.Solution.Projects : new[] { context.Project };
        foreach (var project in projects)
        {
            IEnumerable<Diagnostic> diagnostics;
            try
            {
                diagnostics = await context.GetAllDiagnosticsAsync(project).ConfigureAwait(false);
            }
            catch (System.Exception ex) when (ex is KeyNotFoundException or System.NotImplementedException)
            {
                continue;
            }

            foreach (var diagnostic in diagnostics)
            {
                if (diagnostic.Location.SourceTree is { } tree && context.Solution.GetDocument(tree) is { } document)
                    found.Add((document, diagnostic));
            }
        }

        return found;
    }
}
