using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PerNet.CodeFixes.Migration;

namespace PerNet.Cli;

/// <summary>
/// <c>pernet migrate</c>: moves the state type by type, in dependency order (a type's state after the
/// state of the types its code calls into), checks after every step that the target projects still
/// compile, rolls back a step that would break them, and reports what moved, which methods gained a
/// context parameter and which boundaries still pass <c>NetContext.Initial</c>. With <c>--series</c>
/// each step is a git commit of its own.
/// </summary>
public static class MigrateCommand
{
    private sealed class Step
    {
        public Step(string type) => Type = type;

        public string Type { get; }

        public List<string> Moved { get; } = new();

        public List<string> AddedParameters { get; } = new();

        public List<string> Boundaries { get; } = new();

        public CarrierReport? Carriers { get; set; }

        public string? Failure { get; set; }

        public string? Commit { get; set; }
    }

    public static async Task<int> RunAsync(Options options, TextWriter output, TextWriter progress, CancellationToken cancellationToken)
    {
        int exit;
        List<int> frameworks;
        using (var loaded = await WorkspaceLoader.LoadAsync(options.Path, options.Restore, progress, cancellationToken))
        {
            frameworks = await FrameworksWithHiddenCodeAsync(loaded, cancellationToken);
            exit = await RunPassAsync(loaded, options, output, progress, cancellationToken);
        }

        if (exit is not (ExitCodes.Ok or ExitCodes.Findings) || frameworks.Count == 0)
            return exit;
        if (options.DryRun || options.Series || options.Test is not null)
        {
            output.WriteLine("note: a project here is built for several frameworks and has code #if leaves out of the first; state only another framework compiles moves in passes of its own, which --dry-run, --series and --test do not make");
            return exit;
        }

        // State that only another framework compiles (declared under #if for it) moves in a pass of that framework, over
        // the files as the passes before left them, checked against that framework and the first.
        foreach (var index in frameworks)
        {
            try
            {
                // Restored again (unless --no-restore): the first pass may have added the runtime's package reference.
                using var reloaded = await WorkspaceLoader.LoadAsync(options.Path, options.Restore, TextWriter.Null, cancellationToken);
                if (reloaded.ForFramework(index) is { } framework)
                    exit = Math.Max(exit, await RunPassAsync(framework, options, output, progress, cancellationToken));
            }
            catch (CliError error)
            {
                output.WriteLine($"{Path.GetFileName(options.Path)}, framework pass {index + 1}: not migrated: {error.Message}");
                exit = ExitCodes.Findings;
            }
        }

        return exit;
    }

    /// <summary>
    /// The frameworks (after the first) a pass of their own may find state in: a target built for several whose source, as
    /// the first framework parses it, has code <c>#if</c> leaves out, and whose conditional symbols differ from the first's.
    /// </summary>
    private static async Task<List<int>> FrameworksWithHiddenCodeAsync(LoadedSolution loaded, CancellationToken cancellationToken)
    {
        var found = new List<int>();
        for (var index = 1; loaded.ForFramework(index) is { } framework; index++)
        {
            foreach (var other in framework.Targets.Select(id => loaded.Solution.GetProject(id)!))
            {
                // The same file's project in the first framework (a project built for fewer frameworks has none here).
                if (loaded.Targets.Select(id => loaded.Solution.GetProject(id)!).FirstOrDefault(first => first.FilePath == other.FilePath) is { } first &&
                    !SameSymbols(other, first) && await HasDisabledTextAsync(first, cancellationToken))
                {
                    found.Add(index);
                    break;
                }
            }
        }

        return found;

        static bool SameSymbols(Project a, Project b) =>
            a.ParseOptions!.PreprocessorSymbolNames.OrderBy(n => n, StringComparer.Ordinal).SequenceEqual(b.ParseOptions!.PreprocessorSymbolNames.OrderBy(n => n, StringComparer.Ordinal));
    }

    private static async Task<bool> HasDisabledTextAsync(Project project, CancellationToken cancellationToken)
    {
        foreach (var document in project.Documents)
        {
            if (await document.GetSyntaxRootAsync(cancellationToken) is { } root &&
                root.DescendantTrivia(descendIntoTrivia: true).Any(t => t.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.DisabledTextTrivia)))
                return true;
        }

        return false;
    }

    /// <summary>The file, and for a pass of another framework the project as the workspace names it (<c>DnsClient(netstandard2.0)</c>).</summary>
    private static string PassName(LoadedSolution loaded) =>
        Path.GetFileName(loaded.File) + (loaded.FirstFramework.Count > 0 ? " (" + string.Join(", ", loaded.Targets.Select(t => loaded.Solution.GetProject(t)!.Name).Distinct()) + ")" : string.Empty);

    /// <summary>
    /// Compiler errors of the projects a pass checks: its targets, and in another framework's pass the first framework's
    /// too (they share the files; the migration gives every framework's copy of a file the same text).
    /// </summary>
    private static Task<IReadOnlyList<Diagnostic>> ErrorsAsync(LoadedSolution loaded, Solution solution, CancellationToken cancellationToken) =>
        WorkspaceLoader.ErrorsAsync(solution, Checked(loaded), cancellationToken);

    private static IReadOnlyList<ProjectId> Checked(LoadedSolution loaded) => loaded.Targets.Concat(loaded.FirstFramework).Distinct().ToList();

    /// <summary>
    /// The members a pass moves: the state diagnostics name in its targets; in another framework's pass only those declared
    /// in code the first framework leaves out (the first pass saw the rest).
    /// </summary>
    private static async Task<IReadOnlyCollection<ISymbol>> MembersAsync(LoadedSolution loaded, Solution solution, Options options, CancellationToken cancellationToken)
    {
        var members = await SolutionMigration.StateMembersAsync(solution, options.Only, cancellationToken, Migrated(loaded, options));
        if (loaded.FirstFramework.Count == 0)
            return members;
        var hidden = new List<ISymbol>();
        foreach (var member in members)
        {
            if (member.Locations.FirstOrDefault() is not { SourceTree: { } tree } location)
                continue;
            foreach (var id in loaded.Solution.GetDocumentIdsWithFilePath(tree.FilePath).Where(id => loaded.FirstFramework.Contains(id.ProjectId)))
            {
                if (await loaded.Solution.GetDocument(id)!.GetSyntaxRootAsync(cancellationToken) is { } root &&
                    root.FindTrivia(location.SourceSpan.Start, findInsideTrivia: true).IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.DisabledTextTrivia))
                {
                    hidden.Add(member);
                    break;
                }
            }
        }

        return hidden;
    }

    private static async Task<int> RunPassAsync(LoadedSolution loaded, Options options, TextWriter output, TextWriter progress, CancellationToken cancellationToken)
    {
        var name = PassName(loaded);
        var otherFramework = loaded.FirstFramework.Count > 0;
        // Each step is checked in memory against the runtime; the project files get the reference when the result is kept.
        // What compiles before is judged the same way: a pass after the first reads code that already uses the runtime,
        // whose package reference the first pass added and --no-restore left unrestored.
        var (checkedSolution, checkReferences) = RuntimeReference.ForChecks(loaded.Solution, Checked(loaded));
        var errorsBefore = await ErrorsAsync(loaded, checkedSolution, cancellationToken);
        if (errorsBefore.Count > 0 && !options.AllowErrors)
        {
            throw new CliError(ExitCodes.DoesNotCompile,
                $"{name} does not compile ({errorsBefore.Count} error(s)); fix them first, or pass --allow-errors to migrate anyway (a step is then kept only if it adds no error):\n  " +
                string.Join("\n  ", errorsBefore.Take(5).Select(e => Format(loaded, e))));
        }

        if (options.Series)
            await RequireCleanGitTreeAsync(loaded.Root, cancellationToken);

        var style = options.Style == "ambient" ? MigrationStyle.Ambient : MigrationStyle.Explicit;
        var callers = loaded.Targets.Except(Migrated(loaded, options)).Select(id => loaded.Solution.GetProject(id)!.Name).Distinct().ToList();
        if (callers.Count > 0 && !otherFramework)
            progress.WriteLine($"Test project(s) left as callers, not migrated (they must compile through the kept API; --include-tests migrates them): {string.Join(", ", callers)}");
        var members = await MembersAsync(loaded, checkedSolution, options, cancellationToken);
        if (members.Count == 0 && otherFramework)
            return ExitCodes.Ok; // nothing only this framework compiles
        if (otherFramework)
            progress.WriteLine($"{name}: state declared in code only this framework compiles (#if) ...");
        if (members.Count == 0)
        {
            output.WriteLine($"{name}: no per-context state to migrate{(options.Only.Count > 0 ? " (--only " + string.Join(",", options.Only) + ")" : string.Empty)}.");
            if (MakesReadonly(options))
            {
                var (withReadonly, fields) = await ReadonlyAsync(loaded, options, checkedSolution, errorsBefore.Select(e => e.ToString()).ToHashSet(StringComparer.Ordinal), progress, cancellationToken);
                if (fields.Count > 0 && !options.DryRun && !loaded.Workspace.TryApplyChanges(RuntimeReference.WithoutChecks(withReadonly, checkReferences)))
                    throw new CliError(ExitCodes.Findings, "the changed files could not be written (were they changed on disk meanwhile?)");
                ReportReadonly(output, options, fields);
            }

            return ExitCodes.Ok;
        }

        // The runtime must serve every project that declares state, before anything changes.
        var unsupported = members.Select(m => checkedSolution.GetDocument(m.Locations[0].SourceTree)?.Project).OfType<Project>()
            .Select(p => (Project: p, Target: RuntimeTargets.Unsupported(p))).Where(p => p.Target is not null)
            .Select(p => $"{Path.GetFileName(p.Project.FilePath)} ({p.Target})").Distinct().ToList();
        if (unsupported.Count > 0)
        {
            throw new CliError(ExitCodes.Usage,
                $"PerNet.Runtime supports {RuntimeTargets.Supported}; these targets are older: {string.Join(", ", unsupported)}. Nothing was changed; drop or raise those targets first.");
        }

        var order = await DependencyOrderAsync(checkedSolution, members, cancellationToken); // the solution the members were found in
        progress.WriteLine($"Migrating {members.Count} piece(s) of state in {order.Count} type(s), {options.Style} style{(options.DryRun ? ", dry run" : string.Empty)} ...");
        TestRuns? tests = null;
        if (options.Test is { } command)
        {
            tests = new TestRuns(loaded, command, options.StartFolder, options.RuntimeFeed, progress);
            await tests.RunBaselineAsync(cancellationToken);
        }

        var errorKeys = errorsBefore.Select(e => e.ToString()).ToHashSet(StringComparer.Ordinal);
        var solution = checkedSolution;
        var wired = new List<string>();
        var steps = options.Series
            ? await SeriesAsync(loaded, options, style, order, errorKeys, solution, checkReferences, wired, progress, cancellationToken)
            : await WholeAsync(loaded, options, style, order, members, errorKeys, solution, tests is null ? null : (tests, checkReferences), progress, cancellationToken);
        if (!options.Series && steps.Result is { } migrated)
            solution = migrated;

        // Members judged readonly (never written after initialization, immutable values) become readonly in the same
        // run and under the same check: they are unfinished declarations, not state.
        IReadOnlyList<string> madeReadonly = Array.Empty<string>();
        if (MakesReadonly(options) && !otherFramework)
        {
            var before = solution;
            (solution, madeReadonly) = await ReadonlyAsync(loaded, options, solution, errorKeys, progress, cancellationToken);
            if (tests is not null && madeReadonly.Count > 0 &&
                await tests.FailureAsync(solution, s => RuntimeReference.WithoutChecks(s, checkReferences), "the result with the readonly fields", cancellationToken) is { } failure)
            {
                progress.WriteLine($"make-readonly rolled back: it {failure}");
                (solution, madeReadonly) = (before, Array.Empty<string>());
            }
        }

        if (tests is not null)
            progress.WriteLine($"  tests: {tests.Runs} run(s) of `{options.Test}`; the tree was put back after each");

        if (!options.DryRun && !options.Series && (steps.Steps.Any(s => s.Failure is null) || madeReadonly.Count > 0))
            Apply(loaded, solution, checkReferences, options, wired);
        ReportReadonly(output, options, madeReadonly);

        foreach (var line in wired)
            output.WriteLine("reference added: " + line);
        output.Write(Report(name, options, steps.Steps, steps.Whole));
        return steps.Steps.Any(s => s.Failure is not null) ? ExitCodes.Findings : ExitCodes.Ok;
    }

    /// <summary>Make-readonly runs unless <c>--no-readonly</c>, <c>--series</c>, or an <c>--only</c> without PN0001 (whose fields it changes).</summary>
    private static bool MakesReadonly(Options options) =>
        !options.NoReadonly && !options.Series && (options.Only.Count == 0 || options.Only.Contains(PerNet.Analyzers.DiagnosticIds.MutableStaticField));

    private static void ReportReadonly(TextWriter output, Options options, IReadOnlyList<string> fields)
    {
        if (fields.Count > 0)
            output.WriteLine($"{(options.DryRun ? "would make readonly" : "made readonly")}: {fields.Count} field(s) never written after initialization: {string.Join(", ", fields)}");
    }

    /// <summary>Make-readonly over the migrated targets, kept only when it adds no compile error.</summary>
    private static async Task<(Solution Solution, IReadOnlyList<string> Fields)> ReadonlyAsync(
        LoadedSolution loaded, Options options, Solution solution, HashSet<string> errorKeys, TextWriter progress, CancellationToken cancellationToken)
    {
        var (withReadonly, fields) = await SolutionMigration.MakeReadonlyAsync(solution, Migrated(loaded, options), cancellationToken);
        if (fields.Count == 0)
            return (solution, fields);
        var newErrors = (await ErrorsAsync(loaded, withReadonly, cancellationToken)).Where(e => !errorKeys.Contains(e.ToString())).ToList();
        if (newErrors.Count == 0)
            return (withReadonly, fields);
        progress.WriteLine($"make-readonly rolled back: it would not compile ({newErrors.Count} new error(s)), e.g. {Format(loaded, newErrors[0])}");
        return (solution, Array.Empty<string>());
    }

    /// <summary>The target projects whose state moves: test projects are callers unless <c>--include-tests</c>.</summary>
    private static IReadOnlyList<ProjectId> Migrated(LoadedSolution loaded, Options options)
    {
        if (options.IncludeTests)
            return loaded.Targets;
        var tests = TestProjects.Find(loaded.Solution);
        return loaded.Targets.Where(id => !tests.Contains(id)).ToList();
    }

    /// <summary>
    /// The whole solution in one plan: the types whose own problems stop them are left out (with the
    /// reason), the rest is migrated and compiled in memory once; only when that adds errors is the set
    /// bisected to the types that break, which are left out with the first error each causes alone.
    /// </summary>
    /// <param name="tests">
    /// With <c>--test</c>: the runs of the user's tests, and the in-memory runtime references to leave out on disk. The
    /// result that compiles is then run; when it fails tests the untouched tree passes, it is bisected the same way to
    /// the types whose migration does it, which are left out with the tests named.
    /// </param>
    private static async Task<(List<Step> Steps, Solution? Result, Step? Whole)> WholeAsync(
        LoadedSolution loaded, Options options, MigrationStyle style, List<string> order, IReadOnlyCollection<ISymbol> members,
        HashSet<string> errorKeys, Solution solution, (TestRuns Runs, IReadOnlyList<ProjectId> CheckReferences)? tests,
        TextWriter progress, CancellationToken cancellationToken)
    {
        var steps = order.ToDictionary(t => t, t => new Step(t), StringComparer.Ordinal);
        var byType = members.GroupBy(m => m.ContainingType.ToDisplayString()).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var attempts = 0;

        // One attempt: plan the given types together, rewrite, compile the target projects in memory.
        async Task<(MigrationResult? Result, PreparedMigration Prepared, string? Failure)> TryAsync(IReadOnlyCollection<string> types)
        {
            attempts++;
            var chosen = types.SelectMany(t => byType.TryGetValue(t, out var list) ? list : new List<ISymbol>()).ToList();
            var prepared = await ContextMigration.PrepareAsync(solution, chosen, cancellationToken, options.IncludeTests);
            var (result, failure) = await CheckAsync(loaded, prepared, style, errorKeys, cancellationToken);
            return (result, prepared, failure);
        }

        // Types whose own problems stop them leave first (a few rounds: leaving one out can change another's plan).
        var candidates = order.ToList();
        (MigrationResult? Result, PreparedMigration Prepared, string? Failure) attempt = default;
        for (var round = 0; round < 4 && candidates.Count > 0; round++)
        {
            progress.WriteLine($"  planning {candidates.Count} type(s) together ...");
            attempt = await TryAsync(candidates);
            var refused = attempt.Prepared.ProblemsByType.Keys.Where(candidates.Contains).ToList();
            if (refused.Count == 0)
                break;
            foreach (var type in refused)
            {
                steps[type].Failure = "not migrated, it cannot be done safely: " + string.Join("; ", attempt.Prepared.ProblemsByType[type].Take(3));
                progress.WriteLine($"  left out {type}: {attempt.Prepared.ProblemsByType[type][0]}");
            }

            candidates.RemoveAll(refused.Contains);
            attempt = default;
        }

        var accepted = new List<string>();
        MigrationResult? last = null;
        if (attempt.Failure is null && attempt.Result is not null)
        {
            accepted.AddRange(candidates);
            last = attempt.Result;
        }
        else if (candidates.Count > 0)
        {
            progress.WriteLine($"  the result would not compile; finding the type(s) that break it ...");
            (accepted, last) = await BisectAsync(candidates, knownFailure: null, async types =>
            {
                var (result, _, failure) = await TryAsync(types);
                return (result, failure);
            }, "kept", (type, failure) => steps[type].Failure = failure, progress);
        }

        if (tests is { } testing && last is not null && accepted.Count > 0)
        {
            Solution OnDisk(Solution s) => RuntimeReference.WithoutChecks(s, testing.CheckReferences);
            var failure = await testing.Runs.FailureAsync(last.Solution!, OnDisk, $"the migration of {accepted.Count} type(s)", cancellationToken);
            if (failure is not null)
            {
                progress.WriteLine($"  the migration {failure}; finding the type(s) whose migration does it ...");
                // As for the compile check: a chunk whose migration (with those kept so far) compiles and fails no new test joins.
                (accepted, last) = await BisectAsync(accepted, "its migration " + failure, async types =>
                {
                    var (result, _, why) = await TryAsync(types);
                    if (why is null && result is not null)
                        why = await testing.Runs.FailureAsync(result.Solution!, OnDisk, $"{types.Count} type(s)", cancellationToken) is { } broken ? "its migration " + broken : null;
                    return (result, why);
                }, "tests pass with", (type, why) => steps[type].Failure = "left out: " + why, progress);
            }
        }

        progress.WriteLine($"  {accepted.Count} of {order.Count} type(s) migrated in {attempts} in-memory check(s), {watch.Elapsed.TotalSeconds:0.0} s");
        foreach (var type in accepted)
        {
            var step = steps[type];
            step.Moved.AddRange(byType.GetValueOrDefault(type, new List<ISymbol>()).Select(m => m.Name + " (" + Kind(m) + ")"));
        }

        // Signatures, carriers and boundaries belong to the whole plan, not to one of its types.
        Step? whole = null;
        if (last is not null && accepted.Count > 0)
        {
            whole = new Step("all types together");
            whole.AddedParameters.AddRange(last.AddedParameters);
            whole.Boundaries.AddRange(last.Boundaries.Select(l => Where(loaded, l)));
            whole.Carriers = last.Carriers;
            if (last.KeptApiUnmarkedFor is { } strict)
                progress.WriteLine($"  the kept API is not marked [Obsolete]: {strict} treats the use of obsolete members as an error, and would no longer build");
        }

        return (order.Select(t => steps[t]).ToList(), last?.Solution, whole);
    }

    /// <summary>
    /// Finds the types of <paramref name="candidates"/> that can be kept together: a chunk whose <paramref name="attempt"/>
    /// (with the types kept so far) succeeds joins; a single type whose attempt fails is left out with the reason; any
    /// other chunk is halved. With <paramref name="knownFailure"/> the whole set is known to fail and is halved at once.
    /// </summary>
    private static async Task<(List<string> Kept, MigrationResult? Last)> BisectAsync(
        List<string> candidates, string? knownFailure, Func<List<string>, Task<(MigrationResult? Result, string? Failure)>> attempt,
        string keptVerb, Action<string, string> leftOut, TextWriter progress)
    {
        var kept = new List<string>();
        MigrationResult? last = null;

        async Task AcceptAsync(List<string> chunk, string? failure)
        {
            MigrationResult? result = null;
            if (failure is null)
                (result, failure) = await attempt(kept.Concat(chunk).ToList());
            if (failure is null)
            {
                kept.AddRange(chunk);
                last = result;
                progress.WriteLine($"  {keptVerb} {chunk.Count} type(s) ({kept.Count} so far)");
                return;
            }

            if (chunk.Count == 1)
            {
                leftOut(chunk[0], failure);
                progress.WriteLine($"  left out {chunk[0]}: {failure}");
                return;
            }

            await AcceptAsync(chunk.Take(chunk.Count / 2).ToList(), null);
            await AcceptAsync(chunk.Skip(chunk.Count / 2).ToList(), null);
        }

        await AcceptAsync(candidates, knownFailure);
        return (kept, last);
    }

    /// <summary>
    /// A prepared migration rewritten and compiled in memory (every target project): the result, or why
    /// it is not kept — its problems, or the first error it adds.
    /// </summary>
    private static async Task<(MigrationResult? Result, string? Failure)> CheckAsync(
        LoadedSolution loaded, PreparedMigration prepared, MigrationStyle style, HashSet<string> errorKeys, CancellationToken cancellationToken)
    {
        if (!prepared.Problems.IsEmpty)
            return (null, "not migrated, it cannot be done safely: " + string.Join("; ", prepared.Problems.Take(3)));
        var result = await prepared.ApplyAsync(style, cancellationToken);
        var newErrors = (await ErrorsAsync(loaded, result.Solution!, cancellationToken)).Where(e => !errorKeys.Contains(e.ToString())).ToList();
        return newErrors.Count > 0
            ? (null, $"rolled back: the result would not compile ({newErrors.Count} new error(s)), e.g. " + Format(loaded, newErrors[0]))
            : (result, null);
    }

    /// <summary><c>--series</c>: type by type in dependency order, each step checked and committed on its own.</summary>
    private static async Task<(List<Step> Steps, Solution? Result, Step? Whole)> SeriesAsync(
        LoadedSolution loaded, Options options, MigrationStyle style, List<string> order, HashSet<string> errorKeys,
        Solution solution, IReadOnlyList<ProjectId> checkReferences, List<string> wired, TextWriter progress, CancellationToken cancellationToken)
    {
        var steps = new List<Step>();
        foreach (var type in order)
        {
            var step = new Step(type);
            steps.Add(step);
            progress.WriteLine($"  [{steps.Count}/{order.Count}] {type}");
            var current = (await SolutionMigration.StateMembersAsync(solution, options.Only, cancellationToken, Migrated(loaded, options)))
                .Where(m => m.ContainingType.ToDisplayString() == type).ToList();
            if (current.Count == 0)
            {
                step.Failure = "its state was already moved by an earlier step";
                continue;
            }

            var prepared = await ContextMigration.PrepareAsync(solution, current, cancellationToken, options.IncludeTests);
            var (result, failure) = await CheckAsync(loaded, prepared, style, errorKeys, cancellationToken);
            if (result is null)
            {
                step.Failure = failure;
                continue;
            }

            step.Moved.AddRange(current.Select(m => m.Name + " (" + Kind(m) + ")"));
            step.AddedParameters.AddRange(result.AddedParameters);
            step.Boundaries.AddRange(result.Boundaries.Select(l => Where(loaded, l)));
            step.Carriers = result.Carriers;
            solution = RuntimeReference.ForChecks(Apply(loaded, result.Solution!, checkReferences, options, wired), loaded.Targets).Solution;
            step.Commit = await CommitAsync(loaded.Root, CommitMessage(step, options.Style), cancellationToken);
        }

        return (steps, null, null);
    }

    /// <summary>Writes the migrated files, then gives each project they belong to the runtime reference it lacks.</summary>
    private static Solution Apply(LoadedSolution loaded, Solution solution, IReadOnlyList<ProjectId> checkReferences, Options options, List<string> wired)
    {
        solution = RuntimeReference.WithoutChecks(solution, checkReferences);
        var changed = solution.GetChanges(loaded.Workspace.CurrentSolution).GetProjectChanges()
            .Where(c => c.GetChangedDocuments().Any() || c.GetAddedDocuments().Any())
            .Select(c => loaded.Solution.GetProject(c.ProjectId)).OfType<Project>().ToList();
        if (!loaded.Workspace.TryApplyChanges(solution))
            throw new CliError(ExitCodes.Findings, "the migrated files could not be written (were they changed on disk meanwhile?)");
        wired.AddRange(RuntimeReference.WireOnDisk(loaded, changed, options.RuntimeFeed));
        return loaded.Workspace.CurrentSolution;
    }

    private static string Kind(ISymbol member) => member switch
    {
        IFieldSymbol { IsReadOnly: true } => "static readonly field",
        IFieldSymbol => "static field",
        IPropertySymbol => "static property",
        IEventSymbol => "static event",
        _ => member.Kind.ToString().ToLowerInvariant(),
    };

    /// <summary>Where, what, and the line of the rewritten code the error is on (the file on disk does not have it).</summary>
    private static string Format(LoadedSolution loaded, Diagnostic diagnostic)
    {
        var line = diagnostic.Location.SourceTree is { } tree && diagnostic.Location.IsInSource
            ? tree.GetText().Lines[diagnostic.Location.GetLineSpan().StartLinePosition.Line].ToString().Trim()
            : string.Empty;
        return $"{Where(loaded, diagnostic.Location)}: {diagnostic.Id} {diagnostic.GetMessage()}" + (line.Length > 0 ? $" (in the rewritten line `{(line.Length > 160 ? line.Substring(0, 160) + "..." : line)}`)" : string.Empty);
    }

    private static string Where(LoadedSolution loaded, Location location)
    {
        var span = location.GetLineSpan();
        return SourcePlaces.Of(location, loaded.Relative(span.Path));
    }

    /// <summary>
    /// The declaring types of <paramref name="members"/>, each after the types whose members its code
    /// uses (callees first); a cycle is broken at the type with the fewest unmet dependencies.
    /// </summary>
    private static async Task<List<string>> DependencyOrderAsync(Solution solution, IReadOnlyCollection<ISymbol> members, CancellationToken cancellationToken)
    {
        var types = members.Select(m => m.ContainingType).Distinct<INamedTypeSymbol>(SymbolEqualityComparer.Default).ToList();
        var names = new Dictionary<INamedTypeSymbol, string>(SymbolEqualityComparer.Default);
        foreach (var type in types)
            names[type] = type.ToDisplayString();
        // A project built for several frameworks declares each type once per framework: one name.
        var uses = names.Values.Distinct(StringComparer.Ordinal).ToDictionary(n => n, _ => new HashSet<string>(StringComparer.Ordinal));
        foreach (var type in types)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                var syntax = await reference.GetSyntaxAsync(cancellationToken);
                if (solution.GetDocument(syntax.SyntaxTree) is not { } document || await document.GetSemanticModelAsync(cancellationToken) is not { } model)
                    continue;
                foreach (var identifier in syntax.DescendantNodes().OfType<SimpleNameSyntax>())
                {
                    if (model.GetSymbolInfo(identifier, cancellationToken).Symbol?.ContainingType is { } used &&
                        Declaring(used, names) is { } usedName && usedName != names[type])
                        uses[names[type]].Add(usedName);
                }
            }
        }

        var order = new List<string>();
        var left = new SortedSet<string>(names.Values, StringComparer.Ordinal);
        while (left.Count > 0)
        {
            var next = left.FirstOrDefault(t => uses[t].All(u => !left.Contains(u)))
                ?? left.OrderBy(t => uses[t].Count(left.Contains)).First();
            order.Add(next);
            left.Remove(next);
        }

        return order;
    }

    private static string? Declaring(INamedTypeSymbol type, Dictionary<INamedTypeSymbol, string> names)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (names.TryGetValue(current.OriginalDefinition, out var name))
                return name;
        }

        return null;
    }

    private static string CommitMessage(Step step, string style)
    {
        var b = new StringBuilder();
        var shortName = step.Type.Substring(step.Type.LastIndexOf('.') + 1);
        b.AppendLine($"PerNet: move {shortName}'s state into per-context state ({style})");
        b.AppendLine();
        b.AppendLine($"Moved into {shortName}.State, one instance per NetContext:");
        foreach (var moved in step.Moved)
            b.AppendLine("- " + moved);
        if (step.AddedParameters.Count > 0)
        {
            b.AppendLine();
            b.AppendLine("Gained a NetContext parameter (callers pass theirs):");
            foreach (var added in step.AddedParameters)
                b.AppendLine("- " + added);
        }

        if (step.Boundaries.Count > 0)
        {
            b.AppendLine();
            b.AppendLine("Still passing NetContext.Initial (PN0104; push the context further here):");
            foreach (var boundary in step.Boundaries.Distinct())
                b.AppendLine("- " + boundary);
        }

        b.AppendLine();
        b.AppendLine("Why: static state is shared by every context in the process. Per-context state");
        b.AppendLine("lets independent network contexts run side by side, as the kernel's struct net");
        b.AppendLine("did for its namespaces. Generated by `pernet migrate --series`; the build was");
        b.AppendLine("checked after this step.");
        return b.ToString();
    }

    /// <param name="whole">What the one plan of all types did (signatures, carriers, boundaries); null with <c>--series</c>, where each step has its own.</param>
    private static string Report(string name, Options options, List<Step> steps, Step? whole)
    {
        var b = new StringBuilder();
        var done = steps.Where(s => s.Failure is null).ToList();
        b.AppendLine($"{name}: {done.Sum(s => s.Moved.Count)} piece(s) of state moved in {done.Count} of {steps.Count} type(s), {options.Style} style" +
                     (options.DryRun ? " (dry run: nothing written)" : options.Series ? $" ({done.Count} commit(s))" : string.Empty) + ".");
        var wholeSaysSomething = whole is not null && (whole.AddedParameters.Count > 0 || whole.Boundaries.Count > 0 ||
            whole.Carriers is { } c && (c.Types.Length > 0 || c.ParameterSites + c.BoundarySites > 0 || c.Rejected.Length > 0));
        foreach (var step in (wholeSaysSomething ? new[] { whole! } : Array.Empty<Step>()).Concat(steps))
        {
            b.AppendLine();
            b.AppendLine(step.Failure is null ? $"{step.Type}{(step.Commit is null ? string.Empty : "  [" + step.Commit + "]")}" : $"{step.Type}: {step.Failure}");
            if (step.Moved.Count > 0)
                b.AppendLine("  moved: " + string.Join(", ", step.Moved));
            if (step.Carriers is { } carriers && (carriers.Types.Length > 0 || carriers.ParameterSites + carriers.BoundarySites > 0 || carriers.Rejected.Length > 0))
            {
                var how = carriers.Configured ? "pernet.context_carriers" : "chosen";
                b.AppendLine(carriers.Types.Length == 0
                    ? $"  carriers ({how}): none"
                    : $"  carriers ({how}): " + string.Join(", ", carriers.Types.Select(c => $"{c.Type} ({c.Sites} site(s))")));
                b.AppendLine($"  sites left: {carriers.ParameterSites} through a context parameter, {carriers.BoundarySites} at a boundary");
                foreach (var rejected in carriers.Rejected)
                    b.AppendLine("  not a carrier: " + rejected);
            }

            foreach (var added in step.AddedParameters)
                b.AppendLine("  gained a parameter: " + added);
            foreach (var boundary in step.Boundaries.Distinct())
                b.AppendLine("  boundary (NetContext.Initial, PN0104): " + boundary);
        }

        return b.ToString();
    }

    private static async Task RequireCleanGitTreeAsync(string root, CancellationToken cancellationToken)
    {
        var (inside, _) = await WorkspaceLoader.RunAsync("git", new[] { "rev-parse", "--is-inside-work-tree" }, root, cancellationToken);
        if (inside != 0)
            throw new CliError(ExitCodes.Usage, $"--series commits each step, but {root} is not in a git repository (git init, commit, then run again)");
        var (_, status) = await WorkspaceLoader.RunAsync("git", new[] { "status", "--porcelain", "--", "." }, root, cancellationToken);
        if (status.Trim().Length > 0)
            throw new CliError(ExitCodes.Usage, "--series needs a clean working tree so that each commit holds one step; commit or stash these first:\n" + WorkspaceLoader.Tail(status, 10));
    }

    private static async Task<string> CommitAsync(string root, string message, CancellationToken cancellationToken)
    {
        var (_, email) = await WorkspaceLoader.RunAsync("git", new[] { "config", "user.email" }, root, cancellationToken);
        var identity = email.Trim().Length > 0 ? Array.Empty<string>() : new[] { "-c", "user.name=pernet", "-c", "user.email=pernet@localhost" };
        var (addExit, addOutput) = await WorkspaceLoader.RunAsync("git", new[] { "add", "-A", "--", "." }, root, cancellationToken);
        var (commitExit, commitOutput) = await WorkspaceLoader.RunAsync("git", identity.Concat(new[] { "commit", "-q", "-m", message }), root, cancellationToken);
        if (addExit != 0 || commitExit != 0)
            throw new CliError(ExitCodes.Findings, "git commit failed: " + addOutput + commitOutput);
        var (_, hash) = await WorkspaceLoader.RunAsync("git", new[] { "rev-parse", "--short", "HEAD" }, root, cancellationToken);
        return hash.Trim();
    }
}
