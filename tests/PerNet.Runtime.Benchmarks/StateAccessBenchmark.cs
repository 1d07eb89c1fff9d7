using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;

namespace PerNet.Runtime.Benchmarks;

/// <summary>
/// The hot path: a stack function that touches one piece of state. Each read sits in its own
/// non-inlined method, as state is touched from real functions, 1,000 per invocation.
/// Targets: State.Of(net).field ≤ 1.1× a static field read; State.Current.field ≤ 3 ns, measured
/// in leaf functions (the static read needs no stack frame; State.Of needs one for its first-use
/// call). The "in a function that calls" pair reads the same way inside a function that already
/// has a frame, as stack functions do: it isolates the extra dependent load.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class StateAccessBenchmark
{
    private const int Reads = 1000;
    private static int s_counter = 1;
    private NetContext _net = null!;
    private NetContextScope _scope;

    private sealed class State : PerNet<State>
    {
        public int Counter = 1;
    }

    [GlobalSetup]
    public void Setup()
    {
        _net = NetContext.Create();
        State.Of(_net).Counter = 1;
        State.Of(NetContext.Initial).Counter = 1;
        _scope = _net.Enter();
        if (NetContext.Current != _net)
            throw new InvalidOperationException("the benchmark thread did not keep the entered context");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _scope.Dispose();
        _net.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Reads, Description = "static field")]
    public int StaticField()
    {
        var sum = 0;
        for (var i = 0; i < Reads; i++)
            sum += ReadStatic();
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Reads, Description = "State.Of(net).field")]
    public int StateOf()
    {
        var sum = 0;
        var net = _net;
        for (var i = 0; i < Reads; i++)
            sum += ReadState(net);
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Reads, Description = "State.Current.field")]
    public int StateCurrent()
    {
        var sum = 0;
        for (var i = 0; i < Reads; i++)
            sum += ReadCurrent();
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Reads, Description = "static field, in a function that calls")]
    public int StaticFieldInCaller()
    {
        var sum = 0;
        for (var i = 0; i < Reads; i++)
            sum += ReadStaticAndCall();
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Reads, Description = "State.Of(net).field, in a function that calls")]
    public int StateOfInCaller()
    {
        var sum = 0;
        var net = _net;
        for (var i = 0; i < Reads; i++)
            sum += ReadStateAndCall(net);
        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int ReadStatic() => s_counter;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int ReadState(NetContext net) => State.Of(net).Counter;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int ReadCurrent() => State.Current.Counter;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int ReadStaticAndCall()
    {
        Nothing();
        return s_counter;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int ReadStateAndCall(NetContext net)
    {
        Nothing();
        return State.Of(net).Counter;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Nothing()
    {
    }
}
