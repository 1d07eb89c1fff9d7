using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using PerNet.CodeFixes;
using PerNet.CodeFixes.Migration;
using PerNet.Benchmarks.Shared;

namespace PerNet.Analyzers.Benchmarks;

/// <summary>
/// What the light bulb costs (issue: carrier migration, point 4): registering "Move to NetContext" for one
/// diagnostic on the generated 100k-line corpus, against planning the whole solution's migration, which
/// is what registering did before (the plan is now made when the action is chosen). The document's
/// compilation is warm, as in an editor that has just shown the diagnostic.
/// Target: registration ≤ 1 s (the real-library figure: <c>-- offer &lt;csproj&gt;</c>, docs/realworld.md).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class FixRegistrationBenchmark
{
    private Solution _solution = null!;
    private Document _document = null!;
    private Diagnostic _diagnostic = null!;
    private IReadOnlyCollection<ISymbol> _members = null!;

    /// <summary>The corpus size: 100,000 lines; 5,000 in CI's dry run, which checks that the benchmark runs, not its figure.</summary>
    [ParamsSource(nameof(LineCounts))]
    public int Lines { get; set; }

    public static IEnumerable<int> LineCounts => BenchmarkMain.IsDryRun ? new[] { 5_000 } : new[] { 100_000 };

    [GlobalSetup]
    public void Setup()
    {
        _solution = MigrationScaling.CreateSolution(MigrationScaling.Generate(Lines, out _, out _));
        (_document, _diagnostic, _members) = FixRegistration.FirstStateDiagnosticAsync(_solution).GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "plan the whole solution (registration before)")]
    public int Plan() => ContextMigration.PrepareAsync(_solution, _members, CancellationToken.None).GetAwaiter().GetResult().Problems.Length;

    [Benchmark(Description = "register the fixes for one diagnostic (now)")]
    public int Register() => FixRegistration.RegisterAsync(_document, _diagnostic).GetAwaiter().GetResult().Count;
}

/// <summary>Shared by the benchmark and the real-library stopwatch (<c>-- offer</c>).</summary>
public static class FixRegistration
{
    public static async Task<(Document Document, Diagnostic Diagnostic, IReadOnlyCollection<ISymbol> Members)> FirstStateDiagnosticAsync(Solution solution, IReadOnlyList<ProjectId>? projects = null)
    {
        var found = await SolutionMigration.DiagnosticsAsync(solution, new[] { "PN0001", "PN0002", "PN0003", "PN0004", "PN0005" }, CancellationToken.None, projects);
        foreach (var (document, diagnostic) in found)
        {
            var members = await MigrationInput.MembersAsync(document, new[] { diagnostic }, CancellationToken.None);
            if (members.Count > 0)
                return (document, diagnostic, members);
        }

        throw new InvalidOperationException("no state diagnostic to offer a fix for");
    }

    public static async Task<List<CodeAction>> RegisterAsync(Document document, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await new MoveToContextCodeFixProvider().RegisterCodeFixesAsync(context);
        return actions;
    }

    /// <summary>A stopwatch over <see cref="RegisterAsync"/>, five times, on an already-analysed solution.</summary>
    public static async Task TimeAsync(Solution solution, IReadOnlyList<ProjectId>? projects)
    {
        var (document, diagnostic, members) = await FirstStateDiagnosticAsync(solution, projects);
        Console.WriteLine($"diagnostic: {diagnostic.Id} {string.Join(", ", members.Select(m => m.ToDisplayString()))} in {document.FilePath}");
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            var actions = await RegisterAsync(document, diagnostic);
            var register = watch.Elapsed;
            watch.Restart();
            var prepared = await ContextMigration.PrepareAsync(solution, members, CancellationToken.None);
            Console.WriteLine($"register: {register.TotalMilliseconds:F0} ms ({actions.Count} actions) | plan the whole solution: {watch.Elapsed.TotalMilliseconds:F0} ms ({prepared.Problems.Length} problems)");
        }
    }
}
