using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Formatting;

namespace PerNet.CodeFixes.Migration;

/// <summary>The outcome of a migration: the new solution, or why it was not made.</summary>
public sealed class MigrationResult
{
    internal MigrationResult(Solution? solution, ImmutableArray<string> problems, ImmutableArray<string> addedParameters, ImmutableArray<Location> boundaries, CarrierReport? carriers = null)
    {
        Solution = solution;
        Problems = problems;
        AddedParameters = addedParameters;
        Boundaries = boundaries;
        Carriers = carriers ?? CarrierReport.Empty;
    }

    /// <summary>The types that carry the context (explicit style): which, how many sites each covers, how many are left.</summary>
    public CarrierReport Carriers { get; }

    /// <summary>The migrated solution; null when <see cref="Problems"/> is not empty.</summary>
    public Solution? Solution { get; }

    /// <summary>Why the migration cannot be made safely.</summary>
    public ImmutableArray<string> Problems { get; }

    /// <summary>Methods, constructors and properties that gained a context parameter.</summary>
    public ImmutableArray<string> AddedParameters { get; }

    /// <summary>Places that pass <c>NetContext.Initial</c> because they cannot change shape.</summary>
    public ImmutableArray<Location> Boundaries { get; }

    /// <summary>True when the migration was made.</summary>
    public bool Succeeded => Solution is not null;

    /// <summary>
    /// The project of the solution that treats obsolete uses as errors, for which the kept API was left unmarked
    /// (not <c>[Obsolete]</c>); null when it was marked.
    /// </summary>
    public string? KeptApiUnmarkedFor { get; internal set; }
}

/// <summary>The carriers of an explicit migration, as <c>pernet migrate</c> reports them.</summary>
public sealed class CarrierReport
{
    internal static readonly CarrierReport Empty = new(ImmutableArray<(string, int)>.Empty, 0, 0, ImmutableArray<string>.Empty, false);

    private CarrierReport(ImmutableArray<(string Type, int Sites)> carriers, int parameterSites, int boundarySites, ImmutableArray<string> rejected, bool configured)
    {
        Types = carriers;
        ParameterSites = parameterSites;
        BoundarySites = boundarySites;
        Rejected = rejected;
        Configured = configured;
    }

    /// <summary>Each carrier type (display string) with the sites (state accesses and calls) that read their context from one of its objects.</summary>
    public ImmutableArray<(string Type, int Sites)> Types { get; }

    /// <summary>Sites left to a context parameter the migration adds.</summary>
    public int ParameterSites { get; }

    /// <summary>Sites left to <c>NetContext.Initial</c> (PN0104).</summary>
    public int BoundarySites { get; }

    /// <summary>Types <c>pernet.context_carriers</c> names that cannot carry the context, with why.</summary>
    public ImmutableArray<string> Rejected { get; }

    /// <summary>True when <c>pernet.context_carriers</c> made the choice.</summary>
    public bool Configured { get; }

    internal static CarrierReport Of(MigrationPlan plan) => new(
        plan.BoundTypes.Values.Where(b => b.IsCarrier && !b.Inherited)
            .Select(b => (b.Type.ToDisplayString(), plan.CarrierSites.TryGetValue(SymbolKeys.Of(b.Type), out var n) ? n : 0))
            .OrderByDescending(c => c.Item2).ThenBy(c => c.Item1, System.StringComparer.Ordinal).ToImmutableArray(),
        plan.ParameterSites,
        plan.Boundaries.Count,
        plan.CarrierChoice?.Rejected.ToImmutableArray() ?? ImmutableArray<string>.Empty,
        plan.CarrierChoice?.Configured == true);
}

/// <summary>Where migrated code finds its context.</summary>
public enum MigrationStyle
{
    /// <summary>Passed down: <c>State.Of(net).member</c>, a <c>NetContext</c> parameter threaded through the call graph.</summary>
    Explicit,

    /// <summary>Ambient: <c>State.Current.member</c>, no signature changes; the context flows with the code.</summary>
    Ambient,
}

/// <summary>
/// A migration planned and checked, not yet applied: the solution index, the plan and the state
/// classes are made once; each style is rewritten from them on demand.
/// </summary>
public sealed class PreparedMigration
{
    private readonly Solution _solution;
    private readonly SolutionIndex _index;
    private readonly MigrationPlan _plan;

    internal PreparedMigration(Solution solution, SolutionIndex index, MigrationPlan plan)
    {
        _solution = solution;
        _index = index;
        _plan = plan;
        Problems = plan.Problems.Distinct().ToImmutableArray();
        ProblemsByType = plan.ProblemsByType.ToImmutableDictionary(p => p.Key, p => p.Value.Distinct().ToImmutableArray());
    }

    /// <summary>
    /// The problems that stop one type's state (by its display string): leaving that type out lets the
    /// others move. A problem not listed here stops the whole migration.
    /// </summary>
    public ImmutableDictionary<string, ImmutableArray<string>> ProblemsByType { get; }

    /// <summary>Why the migration cannot be made safely; empty when it can (in either style: the checks are the same).</summary>
    public ImmutableArray<string> Problems { get; }

    private readonly Dictionary<ProjectId, GeneratedNames.Scope> _naming = new();

    /// <summary>Which short names bind the same in the project (from the solution before the migration), once per project.</summary>
    private async Task<GeneratedNames.Scope> NamingAsync(Project project, CancellationToken cancellationToken)
    {
        if (!_naming.TryGetValue(project.Id, out var scope))
            _naming[project.Id] = scope = new GeneratedNames.Scope((await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!);
        return scope;
    }

    /// <summary>Rewrites the solution in <paramref name="style"/>; a failed result when there are <see cref="Problems"/>.</summary>
    public async Task<MigrationResult> ApplyAsync(MigrationStyle style, CancellationToken cancellationToken)
    {
        if (!Problems.IsEmpty)
            return new MigrationResult(null, Problems, ImmutableArray<string>.Empty, ImmutableArray<Location>.Empty);

        var plan = style == MigrationStyle.Ambient ? _plan.AsAmbient(_index) : _plan;
        var rewritten = await new MigrationRewriter(_index, plan).ApplyAsync(_solution, cancellationToken).ConfigureAwait(false);
        var formatted = rewritten;
        var written = new HashSet<DocumentId>();
        foreach (var id in rewritten.GetChanges(_solution).GetProjectChanges().SelectMany(p => p.GetChangedDocuments()))
        {
            if (written.Contains(id))
                continue;
            var document = formatted.GetDocument(id)!;
            // Lossless: new code is indented the way the file indents (tabs or spaces), the lines the edits did
            // not change are the original's, and the file keeps its line endings and encoding.
            var original = await _solution.GetDocument(id)!.GetTextAsync(cancellationToken).ConfigureAwait(false);
            // Generated type names were written fully qualified: each is shortened where the short name binds the same.
            document = document.WithSyntaxRoot(GeneratedNames.Shorten((await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!, await NamingAsync(_solution.GetProject(id.ProjectId)!, cancellationToken).ConfigureAwait(false)));
            document = await Formatter.FormatAsync(document, Formatter.Annotation, Indentation.Of(original, document.Project.Solution.Options), cancellationToken).ConfigureAwait(false);
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var text = LineEndings.Keep(original, UntouchedLines.Restore(original, root!));
            // The same file in another target framework's project: the same text, or the workspace writes conflict markers.
            foreach (var copy in document.GetLinkedDocumentIds().Prepend(id))
            {
                formatted = formatted.WithDocumentText(copy, text);
                written.Add(copy);
            }
        }

        return new MigrationResult(
            formatted,
            ImmutableArray<string>.Empty,
            plan.AddedParameters.Values.Select(a => a.Member.ToDisplayString()).OrderBy(s => s, System.StringComparer.Ordinal).ToImmutableArray(),
            plan.Boundaries.ToImmutableArray(),
            plan.IsAmbient ? null : CarrierReport.Of(plan))
        {
            KeptApiUnmarkedFor = plan.StrictCaller,
        };
    }
}

/// <summary>
/// The migration: moves static members into per-context state and, in the explicit style, threads a
/// <c>NetContext</c> through the call graph of the whole solution, in one plan.
/// </summary>
public static class ContextMigration
{
    /// <summary>Indexes the solution once, plans and checks the migration of <paramref name="members"/>.</summary>
    /// <param name="includeTests">
    /// Migrate test projects too. By default they are callers (<see cref="TestProjects"/>): their state stays, their
    /// code is not rewritten, and they compile through the kept API.
    /// </param>
    public static async Task<PreparedMigration> PrepareAsync(Solution solution, IReadOnlyCollection<ISymbol> members, CancellationToken cancellationToken, bool includeTests = false)
    {
        var callers = includeTests ? new HashSet<ProjectId>() : TestProjects.Find(solution);
        members = members.Where(m => !m.Locations.Any(l => l.SourceTree is { } tree && solution.GetDocumentId(tree) is { } document && callers.Contains(document.ProjectId))).ToList();
        var keys = new HashSet<string>(members.Select(SymbolKeys.Of));
        var declaring = new HashSet<ProjectId>(members.SelectMany(m => m.Locations).Select(l => l.SourceTree is { } tree ? solution.GetDocumentId(tree)?.ProjectId : null).OfType<ProjectId>());
        var index = await SolutionIndex.BuildAsync(solution, keys, callers, cancellationToken, declaring).ConfigureAwait(false);
        // A file shared by several target frameworks reports its members once per framework: one copy
        // (the one the index read) moves, and the rewriter gives the linked files the same text.
        members = members.GroupBy(SymbolKeys.Of)
            .Select(g => g.FirstOrDefault(m => m.Locations.Any(l => l.SourceTree is { } t && solution.GetDocumentId(t) is { } id && index.Models.ContainsKey(id))) ?? g.First())
            .ToList();
        // Settings as each file says: pernet.keep_api for the member whose signature would change (one project may keep
        // its API, another not), pernet.context_carriers from every type whose state moves (the carriers all of them name).
        bool KeepsApi(ISymbol symbol) =>
            !string.Equals(MigrationSettings.For(solution, symbol as INamedTypeSymbol ?? symbol.ContainingType, PerNet.Analyzers.PerNetOptions.KeepApiKey), "false", System.StringComparison.OrdinalIgnoreCase);
        var carriers = string.Join(",", members.Select(m => m.ContainingType).Distinct<INamedTypeSymbol>(SymbolEqualityComparer.Default)
            .Select(t => MigrationSettings.For(solution, t, PerNet.Analyzers.PerNetOptions.ContextCarriersKey)).Where(v => !string.IsNullOrWhiteSpace(v)).Distinct());
        var plan = ContextPlanner.Plan(index, keys, KeepsApi, carriers);
        plan.StrictCaller = StrictCaller(solution, declaring);
        var states = StateMoves.Plan(members, plan, type => MigrationSettings.For(solution, type, PerNet.Analyzers.PerNetOptions.StateClassNameKey), index);
        return new PreparedMigration(solution, index, plan.Build(states));
    }

    /// <summary>
    /// A project of the solution that uses a project whose state moves and treats the use of obsolete members as an
    /// error (<c>TreatWarningsAsErrors</c>, or CS0618 among <c>WarningsAsErrors</c>): the kept API is then not marked
    /// <c>[Obsolete]</c>, or that project — a library's own test suite, typically — would no longer build. Its name, or null.
    /// </summary>
    /// <param name="migrated">The projects that declare the state that moves.</param>
    private static string? StrictCaller(Solution solution, ISet<ProjectId> migrated)
    {
        var dependents = solution.GetProjectDependencyGraph();
        foreach (var id in migrated.SelectMany(dependents.GetProjectsThatTransitivelyDependOnThisProject).Distinct())
        {
            if (migrated.Contains(id) || solution.GetProject(id) is not { CompilationOptions: { } options } project)
                continue;
            var obsolete = options.SpecificDiagnosticOptions.TryGetValue("CS0618", out var specific) ? specific : options.GeneralDiagnosticOption;
            if (obsolete == ReportDiagnostic.Error)
                return project.Name;
        }

        return null;
    }

    /// <summary>Migrates <paramref name="members"/> (static fields, auto-properties, events) of <paramref name="solution"/>, explicitly.</summary>
    public static Task<MigrationResult> MigrateAsync(Solution solution, IReadOnlyCollection<ISymbol> members, CancellationToken cancellationToken) =>
        MigrateAsync(solution, members, MigrationStyle.Explicit, cancellationToken);

    /// <summary>Migrates <paramref name="members"/> in the given <paramref name="style"/>.</summary>
    public static async Task<MigrationResult> MigrateAsync(Solution solution, IReadOnlyCollection<ISymbol> members, MigrationStyle style, CancellationToken cancellationToken) =>
        await (await PrepareAsync(solution, members, cancellationToken).ConfigureAwait(false)).ApplyAsync(style, cancellationToken).ConfigureAwait(false);
}
