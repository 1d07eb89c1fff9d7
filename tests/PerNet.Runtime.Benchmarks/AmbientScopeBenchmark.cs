using BenchmarkDotNet.Attributes;

namespace PerNet.Runtime.Benchmarks;

/// <summary>
/// Target: an Enter/dispose pair ≤ 60 ns and ≤ 150 B. Measured from a flow that holds no other
/// AsyncLocal (a simulator's loop, a test, a thread-pool item queued without ambient values) and
/// from one that does (a server flow carrying, say, Activity.Current), which takes the general path.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class AmbientScopeBenchmark
{
    private static readonly AsyncLocal<string?> s_other = new();
    private NetContext _net = null!;

    /// <summary>What the flow that enters holds besides the context.</summary>
    [Params("nothing", "another AsyncLocal")]
    public string OuterFlow { get; set; } = "nothing";

    [GlobalSetup]
    public void Setup()
    {
        _net = NetContext.Create();
        if (OuterFlow != "nothing")
            s_other.Value = "request 1"; // stays in this thread's flow for the benchmark's iterations
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        s_other.Value = null;
        _net.Dispose();
        Pernet.WaitForCleanup();
    }

    [Benchmark(Description = "Enter + dispose")]
    public void EnterDispose()
    {
        using (_net.Enter())
        {
        }
    }
}
