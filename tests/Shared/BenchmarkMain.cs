using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace PerNet.Benchmarks.Shared;

/// <summary>
/// The entry point of every benchmark project under tests/ (linked into each): BenchmarkDotNet's switcher as
/// usual, or with <c>--dry</c> every benchmark of the assembly once (BenchmarkDotNet's Dry job, in process:
/// one cold invocation, no pilot, no warm-up series), the check CI runs. Either way the exit code says whether
/// every benchmark produced a measurement: a benchmark that throws, reports NA, or an assembly in which no
/// benchmark ran exits 1, naming what failed, so a broken benchmark cannot pass unnoticed.
/// </summary>
internal static class BenchmarkMain
{
    public const string DryFlag = "--dry";

    /// <summary>
    /// True while <c>--dry</c> runs: a benchmark whose size is a parameter may take a small size then
    /// (<c>[ParamsSource]</c>), the same code on less data. The dry run is in process, so this is read where it is set.
    /// </summary>
    public static bool IsDryRun { get; private set; }

    /// <summary>
    /// Every benchmark with its own job, in this process (BenchmarkDotNet's in-process toolchain): for a self-contained
    /// build whose runtime is not installed (the net8.0 runtime benchmarks), which cannot start the usual child processes.
    /// </summary>
    public const string InProcessFlag = "--in-process";

    public static int Run(Assembly assembly, string[] args)
    {
        var dry = IsDryRun = args.Contains(DryFlag);
        var summaries = dry
            // A dry run checks that each benchmark runs, not its figure: CI's Debug build of the libraries may run it.
            ? RunDry(BenchmarkTypes(assembly), DefaultConfig.Instance.WithOptions(ConfigOptions.DisableOptimizationsValidator))
            : args.Contains(InProcessFlag)
                ? RunWith(BenchmarkTypes(assembly), DefaultConfig.Instance.WithArtifactsPath(ArtifactsPath(args)), job => job.WithToolchain(InProcessEmitToolchain.Instance))
                : BenchmarkSwitcher.FromAssembly(assembly).Run(args).ToList();
        var failures = Failures(summaries);
        foreach (var failure in failures)
            Console.Error.WriteLine("benchmark failed: " + failure);
        if (failures.Count == 0)
            Console.Error.WriteLine($"{summaries.Sum(s => s.BenchmarksCases.Length)} benchmark(s) measured{(dry ? " (dry run)" : "")}.");
        return failures.Count == 0 ? 0 : 1;
    }

    /// <summary>The public, concrete types of <paramref name="assembly"/> that declare a <c>[Benchmark]</c> method.</summary>
    public static IReadOnlyList<Type> BenchmarkTypes(Assembly assembly) =>
        assembly.GetExportedTypes()
            .Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false }
                && t.GetMethods().Any(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Runs every benchmark case of <paramref name="types"/> once under the Dry job in this process, whatever jobs
    /// their attributes ask for (each case's job is replaced, duplicates merged), with every parameter value.
    /// </summary>
    public static List<Summary> RunDry(IEnumerable<Type> types, IConfig config) =>
        RunWith(types, config, _ => Job.Dry.WithToolchain(InProcessEmitToolchain.Instance));

    /// <summary>Every benchmark case of <paramref name="types"/> with its job replaced by <paramref name="jobFor"/> (duplicates merged).</summary>
    public static List<Summary> RunWith(IEnumerable<Type> types, IConfig config, Func<Job, Job> jobFor)
    {
        var runs = types.Select(type => BenchmarkConverter.TypeToBenchmarks(type, config))
            .Select(info => new BenchmarkRunInfo(
                info.BenchmarksCases
                    .GroupBy(c => (c.Descriptor, c.Parameters.DisplayInfo))
                    .Select(g => BenchmarkCase.Create(g.Key.Descriptor, jobFor(g.First().Job), g.First().Parameters, g.First().Config))
                    .ToArray(),
                info.Type,
                info.Config))
            .ToArray();
        return runs.Length == 0 ? new List<Summary>() : BenchmarkRunner.Run(runs).ToList();
    }

    private static string ArtifactsPath(string[] args)
    {
        var index = Array.IndexOf(args, "--artifacts");
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : Path.Combine(Directory.GetCurrentDirectory(), "BenchmarkDotNet.Artifacts");
    }

    /// <summary>What did not produce a measurement, one line each; empty when every case did.</summary>
    public static IReadOnlyList<string> Failures(IReadOnlyCollection<Summary> summaries)
    {
        var failures = new List<string>();
        if (summaries.Sum(s => s.BenchmarksCases.Length) == 0)
            failures.Add("no benchmark found");
        foreach (var summary in summaries)
        {
            foreach (var error in summary.ValidationErrors.Where(e => e.IsCritical))
                failures.Add(error.Message);
            foreach (var benchmark in summary.BenchmarksCases)
            {
                var report = summary[benchmark];
                if (report is null || !report.Success || report.ResultStatistics is null || double.IsNaN(report.ResultStatistics.Mean))
                    failures.Add(benchmark.DisplayInfo + ": no result (NA)" + FirstError(report));
            }
        }

        return failures;
    }

    private static string FirstError(BenchmarkReport? report)
    {
        var line = report?.ExecuteResults.SelectMany(r => r.Results.Concat(r.StandardOutput))
            .FirstOrDefault(l => l.Contains("Exception", StringComparison.Ordinal));
        return line is null ? "" : ": " + line.Trim();
    }
}
