using BenchmarkDotNet.Attributes;

namespace PerNet.Stack.Benchmarks;

/// <summary>
/// The stack's hot path, one datagram at a time: 1,000,000 UDP datagrams sent and received over
/// loopback through LegacyStack (socket → UDP → IPv4 routing → loopback device → IPv4 → UDP port
/// table → socket, with SNMP counters on the way), in the legacy build and in the explicit- and
/// ambient-migrated builds, in one run. Times are per datagram.
/// Targets: explicit ≤ 1.05× legacy; ambient ≤ 1.15× legacy.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 25, invocationCount: 1)]
public class HotPathBenchmark
{
    public const int Datagrams = 1_000_000;

    private const int Port = 5353;
    private Func<int, long> _legacy = null!;
    private Func<int, long> _explicit = null!;
    private Func<int, long> _ambient = null!;
    private NetContext _net = null!;

    [GlobalSetup]
    public void Setup()
    {
        _net = NetContext.Create(); // a tenant, not the initial context
        _legacy = (Func<int, long>)StackBuilds.LoadDriver(StackBuild.Legacy).Invoke(null, new object[] { Port })!;
        // Explicit: Prepare(NetContext net, int port); the returned loop passes net down on every call.
        _explicit = (Func<int, long>)StackBuilds.LoadDriver(StackBuild.Explicit).Invoke(null, new object[] { _net, Port })!;
        using (_net.Enter())
            _ambient = (Func<int, long>)StackBuilds.LoadDriver(StackBuild.Ambient).Invoke(null, new object[] { Port })!;
    }

    [GlobalCleanup]
    public void Cleanup() => _net.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Datagrams)]
    public long Legacy() => Check(_legacy(Datagrams));

    [Benchmark(OperationsPerInvoke = Datagrams)]
    public long Explicit() => Check(_explicit(Datagrams));

    [Benchmark(OperationsPerInvoke = Datagrams)]
    public long Ambient()
    {
        using (_net.Enter())
            return Check(_ambient(Datagrams));
    }

    private static long Check(long received) =>
        received == 64L * Datagrams ? received : throw new InvalidOperationException($"received {received} bytes, expected {64L * Datagrams}");
}
