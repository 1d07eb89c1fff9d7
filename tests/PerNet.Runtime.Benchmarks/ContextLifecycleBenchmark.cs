using BenchmarkDotNet.Attributes;

namespace PerNet.Runtime.Benchmarks;

/// <summary>
/// Targets: create + dispose + teardown with 32 registered operations ≥ 500,000 per second
/// (≤ 2,000 ns each); an empty context ≤ 4 KB.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class ContextLifecycleBenchmark
{
    private const int Batch = 1000;
    private readonly List<IDisposable> _registrations = new();
    private readonly List<NetContext> _kept = new(Batch);

    private sealed class Noop : PernetOperations
    {
    }

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < 32; i++)
            _registrations.Add(i % 4 == 3 ? Pernet.RegisterDevice(new Noop()) : Pernet.RegisterSubsystem(new Noop()));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
        Pernet.WaitForCleanup();
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "create + dispose + teardown, 32 ops")]
    public void CreateDisposeTeardown()
    {
        for (var i = 0; i < Batch; i++)
            NetContext.Create().Dispose();
        Pernet.WaitForCleanup();
    }

    [IterationCleanup(Target = nameof(CreateOnly))]
    public void DisposeKept()
    {
        foreach (var net in _kept)
            net.Dispose();
        _kept.Clear();
        Pernet.WaitForCleanup();
    }

    /// <summary>Allocated per context (MemoryDiagnoser): the size of an empty context, 32 ops inited.</summary>
    [Benchmark(OperationsPerInvoke = Batch, Description = "create (empty context, kept alive)")]
    public void CreateOnly()
    {
        for (var i = 0; i < Batch; i++)
            _kept.Add(NetContext.Create());
    }
}
