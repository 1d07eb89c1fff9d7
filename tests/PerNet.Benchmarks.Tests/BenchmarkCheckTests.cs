using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using PerNet.Benchmarks.Shared;

namespace PerNet.Benchmarks.Tests;

/// <summary>
/// The check every benchmark project's <c>--dry</c> run makes (<see cref="BenchmarkMain.Failures"/>), on benchmarks
/// of this assembly run in process: one that throws, one whose setup throws and one that measures.
/// </summary>
public sealed class BenchmarkCheckTests : IDisposable
{
    private readonly string _artifacts = Directory.CreateTempSubdirectory("pernet-bench-check-").FullName;

    public void Dispose() => Directory.Delete(_artifacts, recursive: true);

    [Fact]
    public void ABenchmarkThatThrows_IsAFailureNamingIt()
    {
        var failures = BenchmarkMain.Failures(Run(typeof(ThrowingBenchmark)));

        var failure = Assert.Single(failures);
        Assert.Contains(nameof(ThrowingBenchmark) + "." + nameof(ThrowingBenchmark.Broken), failure);
        Assert.Contains("no result (NA)", failure);
    }

    [Fact]
    public void ASetupThatThrows_FailsEveryBenchmarkItPrepares()
    {
        var failures = BenchmarkMain.Failures(Run(typeof(ThrowingSetupBenchmark)));

        Assert.Equal(2, failures.Count);
        Assert.All(failures, f => Assert.Contains(nameof(ThrowingSetupBenchmark), f));
    }

    [Fact]
    public void BenchmarksThatMeasure_AreNoFailure_AndTheirAttributeJobIsReplacedByOneDryCase()
    {
        var summaries = Run(typeof(WorkingBenchmark));

        Assert.Empty(BenchmarkMain.Failures(summaries));
        // [SimpleJob(iterationCount: 50)] asked for a long job: the dry run made one case per method, each run once.
        var cases = summaries.SelectMany(s => s.BenchmarksCases).ToList();
        Assert.Equal(2, cases.Count);
        Assert.All(cases, c => Assert.Equal("Dry", c.Job.Id));
    }

    /// <summary><c>--in-process</c> (run-both.sh): each benchmark keeps its own job and runs in this process.</summary>
    [Fact]
    public void InProcess_KeepsEachBenchmarksOwnJob()
    {
        var summaries = BenchmarkMain.RunWith([typeof(ShortJobBenchmark)], DefaultConfig.Instance.WithArtifactsPath(_artifacts),
            job => job.WithToolchain(BenchmarkDotNet.Toolchains.InProcess.Emit.InProcessEmitToolchain.Instance));

        Assert.Empty(BenchmarkMain.Failures(summaries));
        var report = Assert.Single(summaries.SelectMany(s => s.Reports));
        Assert.Equal(2, report.BenchmarkCase.Job.Run.IterationCount);
        Assert.Equal(2, report.AllMeasurements.Count(m => m.IterationMode == BenchmarkDotNet.Engines.IterationMode.Workload && m.IterationStage == BenchmarkDotNet.Engines.IterationStage.Actual));
    }

    [Fact]
    public void NoBenchmarkAtAll_IsAFailure()
    {
        Assert.Equal(["no benchmark found"], BenchmarkMain.Failures(Run()));
        Assert.Empty(BenchmarkMain.BenchmarkTypes(typeof(string).Assembly));
    }

    [Fact]
    public void BenchmarkTypes_FindsThePublicTypesWithBenchmarkMethods()
    {
        var types = BenchmarkMain.BenchmarkTypes(typeof(WorkingBenchmark).Assembly);

        Assert.Equal([typeof(ShortJobBenchmark), typeof(ThrowingBenchmark), typeof(ThrowingSetupBenchmark), typeof(WorkingBenchmark)], types);
    }

    private List<BenchmarkDotNet.Reports.Summary> Run(params Type[] types) =>
        BenchmarkMain.RunDry(types, DefaultConfig.Instance.WithArtifactsPath(_artifacts));
}

[SimpleJob(iterationCount: 50)]
public class WorkingBenchmark
{
    private int[] _numbers = [];

    [GlobalSetup]
    public void Setup() => _numbers = Enumerable.Range(0, 100).ToArray();

    [Benchmark]
    public int Sum() => _numbers.Sum();

    [Benchmark]
    public int Max() => _numbers.Max();
}

public class ThrowingBenchmark
{
    [Benchmark]
    public int Broken() => throw new InvalidOperationException("a deliberately broken benchmark");
}

public class ThrowingSetupBenchmark
{
    [GlobalSetup]
    public void Setup() => throw new InvalidOperationException("a deliberately broken setup");

    [Benchmark]
    public int First() => 1;

    [Benchmark]
    public int Second() => 2;
}

[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 2, invocationCount: 16)]
public class ShortJobBenchmark
{
    [Benchmark]
    public int Add() => Environment.ProcessorCount + 1;
}
