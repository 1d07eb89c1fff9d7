using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PerNet.Analyzers;

namespace PerNet.CodeFixes.Migration;

/// <summary>
/// The whole-solution run the FixAll, the CLI, the tests and the benchmarks share: our analyzers
/// over every project, the state they report turned into members, one migration of all of them.
/// </summary>
public static class SolutionMigration
{
    /// <summary>The compiler's id for an exception thrown by an analyzer.</summary>
    public const string AnalyzerFailureId = "AD0001";

    /// <summary>Every PerNet analyzer, created once.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = AnalyzerCatalog.CreateAll();

    /// <summary>
    /// PerNet diagnostics (all rules when <paramref name="ids"/> is empty) with their documents, of
    /// <paramref name="projects"/> or of every project. Each project's .editorconfig settings apply.
    /// </summary>
    /// <param name="explain">Also run PN0000 (off by default): the state model's verdict on every static member.</param>
    /// <param name="onAnalyzerFailure">
    /// Told of each analyzer exception (AD0001, which has no document); without it such a failure
    /// throws, so no caller takes an incomplete result for a complete one.
    /// </param>
    public static async Task<IReadOnlyList<(Document Document, Diagnostic Diagnostic)>> DiagnosticsAsync(
        Solution solution, IReadOnlyCollection<string> ids, CancellationToken cancellationToken, IEnumerable<ProjectId>? projects = null, bool explain = false,
        Action<Project, Diagnostic>? onAnalyzerFailure = null)
    {
        var all = new List<(Document, Diagnostic)>();
        foreach (var project in projects?.Select(solution.GetProject).OfType<Project>() ?? solution.Projects)
        {
            if (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false) is not { } compilation)
                continue;
            if (explain)
                compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
                    compilation.Options.SpecificDiagnosticOptions.SetItem(DiagnosticIds.StateVerdict, ReportDiagnostic.Info)));
            var options = new CompilationWithAnalyzersOptions(project.AnalyzerOptions, onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false);
            // Analysis is concurrent, so diagnostics come in any order: in source order, everything that follows (the order
            // members are planned, reported and moved in) is the same from run to run.
            var diagnostics = (await compilation.WithAnalyzers(Analyzers, options).GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false))
                .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal);
            foreach (var diagnostic in diagnostics)
            {
                if (diagnostic.Id == AnalyzerFailureId)
                {
                    if (onAnalyzerFailure is null)
                        throw new AnalyzerFailureException(project.Name, diagnostic.GetMessage());
                    onAnalyzerFailure(project, diagnostic);
                }
                else if ((ids.Count == 0 || ids.Contains(diagnostic.Id)) && solution.GetDocument(diagnostic.Location.SourceTree) is { } document)
                {
                    all.Add((document, diagnostic));
                }
            }
        }

        return all;
    }

    /// <summary>The members the state rules report (optionally only some rules, only some projects).</summary>
    public static async Task<IReadOnlyCollection<ISymbol>> StateMembersAsync(
        Solution solution, IReadOnlyCollection<string>? onlyIds, CancellationToken cancellationToken, IEnumerable<ProjectId>? projects = null)
    {
        var ids = onlyIds is { Count: > 0 } ? DiagnosticIds.StateRules.Where(onlyIds.Contains).ToArray() : DiagnosticIds.StateRules.ToArray();
        var members = new List<ISymbol>();
        foreach (var group in (await DiagnosticsAsync(solution, ids, cancellationToken, projects).ConfigureAwait(false)).GroupBy(p => p.Document.Id))
            members.AddRange(await MigrationInput.MembersAsync(solution.GetDocument(group.Key)!, group.Select(p => p.Diagnostic), cancellationToken).ConfigureAwait(false));
        return MigrationInput.WithSettingsThatFollow(members, cancellationToken);
    }

    /// <summary>
    /// "Make readonly" for every PN0001 field of <paramref name="projects"/> whose verdict is readonly (never written after
    /// initialization, an immutable value) and that no other project assigns: the unfinished declarations that are
    /// not state. Returns the solution with them readonly and their names (Type.field).
    /// </summary>
    public static async Task<(Solution Solution, IReadOnlyList<string> Fields)> MakeReadonlyAsync(Solution solution, IEnumerable<ProjectId> projects, CancellationToken cancellationToken)
    {
        var found = (await DiagnosticsAsync(solution, new[] { DiagnosticIds.MutableStaticField }, cancellationToken, projects).ConfigureAwait(false))
            .Where(d => MakeReadonly.Applies(d.Diagnostic)).ToList();
        var edits = new List<(DocumentId Document, SyntaxNode Root, List<Microsoft.CodeAnalysis.CSharp.Syntax.FieldDeclarationSyntax> Fields)>();
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var group in found.GroupBy(d => d.Document.Id))
        {
            var document = solution.GetDocument(group.Key)!;
            if (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root)
                continue;
            var diagnostics = group.Select(d => d.Diagnostic).ToList();
            var fields = new List<Microsoft.CodeAnalysis.CSharp.Syntax.FieldDeclarationSyntax>();
            foreach (var diagnostic in diagnostics)
            {
                if (MakeReadonly.Target(root, diagnostic, diagnostics) is { } field && !fields.Contains(field) &&
                    !await MakeReadonly.IsWrittenInOtherProjectsAsync(document, field, cancellationToken).ConfigureAwait(false))
                {
                    fields.Add(field);
                    var type = field.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax owner ? owner.Identifier.ValueText + "." : string.Empty;
                    foreach (var variable in field.Declaration.Variables)
                        names.Add(type + variable.Identifier.ValueText);
                }
            }

            if (fields.Count > 0)
                edits.Add((group.Key, root, fields));
        }

        foreach (var (document, root, fields) in edits)
        {
            var text = MakeReadonly.Apply(root, fields).GetText();
            // The same file in another target framework's project gets the same text: the workspace writes one file (two
            // versions of it would be written with merge-conflict markers).
            foreach (var id in solution.GetDocument(document)!.GetLinkedDocumentIds().Prepend(document))
                solution = solution.WithDocumentText(id, text);
        }

        return (solution, names.ToList());
    }

    /// <summary>Moves every piece of state the rules report, in one plan.</summary>
    public static async Task<MigrationResult> MigrateAllAsync(Solution solution, MigrationStyle style, CancellationToken cancellationToken)
    {
        var members = await StateMembersAsync(solution, onlyIds: null, cancellationToken).ConfigureAwait(false);
        return await ContextMigration.MigrateAsync(solution, members, style, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>A PerNet analyzer threw (AD0001): a bug of ours, and the results would be incomplete.</summary>
public sealed class AnalyzerFailureException : Exception
{
    public AnalyzerFailureException(string project, string message)
        : base($"a PerNet analyzer failed on {project}; nothing was changed. Please report it with this message: {message}")
    {
    }
}
