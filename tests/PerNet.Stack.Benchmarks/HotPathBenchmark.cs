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
[SimpleJob(launchCount: 3, warmupCount: 3, iterationCount: 15, invocationCount: 1)] // three processes each: one process's code layout moved a build by ±10 %
public class HotPathBenchmark
{
    public const int Datagrams = 1_000_000;

    private const int Port = 5353;
    private Func<int, long> _legacy = null!;
    private Func<int, long> _explicit = null!;
    private Func<int, long> _ambient = null!;
    private NetContext? _net;

    // One setup per benchmark, each preparing only its own build: the legacy build's port table is a
    // global, so preparing it twice in one process (BenchmarkDotNet's in-process dry run, CI) would bind
    // the same port twice.
    [GlobalSetup(Target = nameof(Legacy))]
    public void SetupLegacy() => _legacy = Prepare(StackBuild.Legacy, Port);

    // Explicit: Prepare(NetContext net, int port); the returned loop passes net down on every call.
    [GlobalSetup(Target = nameof(Explicit))]
    public void SetupExplicit() => _explicit = Prepare(StackBuild.Explicit, _net = NetContext.Create(), Port);

    [GlobalSetup(Target = nameof(Ambient))]
    public void SetupAmbient()
    {
        _net = NetContext.Create(); // a tenant, not the initial context
        using (_net.Enter())
            _ambient = Prepare(StackBuild.Ambient, Port);
    }

    [GlobalCleanup]
    public void Cleanup() => _net?.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Datagrams)]
    public long Legacy() => Check(_legacy(Datagrams));

    [Benchmark(OperationsPerInvoke = Datagrams)]
    public long Explicit() => Check(_explicit(Datagrams));

    [Benchmark(OperationsPerInvoke = Datagrams)]
    public long Ambient()
    {
        using (_net!.Enter())
            return Check(_ambient(Datagrams));
    }

    private static Func<int, long> Prepare(StackBuild build, params object[] arguments) =>
        (Func<int, long>)StackBuilds.LoadDriver(build).Invoke(null, arguments)!;

    private static long Check(long received) =>
        received == 64L * Datagrams ? received : throw new InvalidOperationException($"received {received} bytes, expected {64L * Datagrams}");
}
