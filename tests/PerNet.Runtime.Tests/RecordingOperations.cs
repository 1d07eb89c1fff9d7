using System.Collections.Concurrent;

namespace PerNet.Runtime.Tests;

/// <summary>Records every hook call (only for contexts it is told to watch) into a shared log.</summary>
internal sealed class RecordingOperations : PernetOperations
{
    private readonly string _name;
    private readonly ConcurrentQueue<string> _log;
    private readonly Func<NetContext, bool> _watch;

    public RecordingOperations(string name, ConcurrentQueue<string> log, Func<NetContext, bool>? watch = null)
    {
        _name = name;
        _log = log;
        _watch = watch ?? (_ => true);
    }

    public Func<NetContext, Exception?> FailInit { get; set; } = _ => null;

    public Func<NetContext, Exception?> FailExit { get; set; } = _ => null;

    public ManualResetEventSlim? PreExitGate { get; set; }

    public override string Name => _name;

    public override void Init(NetContext net)
    {
        if (!_watch(net))
            return;
        _log.Enqueue($"{_name}.Init {net.Id}");
        if (FailInit(net) is { } ex)
            throw ex;
    }

    public override void PreExit(NetContext net)
    {
        if (!_watch(net))
            return;
        PreExitGate?.Wait(TimeSpan.FromSeconds(10));
        _log.Enqueue($"{_name}.PreExit {net.Id}");
    }

    public override void Exit(NetContext net)
    {
        if (!_watch(net))
            return;
        _log.Enqueue($"{_name}.Exit {net.Id}");
        if (FailExit(net) is { } ex)
            throw ex;
    }

    public override void ExitBatch(IReadOnlyList<NetContext> nets)
    {
        var watched = nets.Where(_watch).ToArray();
        if (watched.Length > 0)
            _log.Enqueue($"{_name}.ExitBatch {string.Join(",", watched.Select(n => n.Id))}");
    }
}

/// <summary>Counts hooks per context, for stress tests.</summary>
internal sealed class CountingOperations : PernetOperations
{
    public readonly ConcurrentDictionary<long, int> Inits = new();
    public readonly ConcurrentDictionary<long, int> Exits = new();
    public long InitCount;
    public long ExitCount;

    public override void Init(NetContext net) => Interlocked.Increment(ref InitCount);

    public override void Exit(NetContext net) => Interlocked.Increment(ref ExitCount);
}

/// <summary>Counts per context, to prove each context is exited exactly once.</summary>
internal sealed class PerContextCountingOperations : PernetOperations
{
    public readonly ConcurrentDictionary<long, int> Inits = new();
    public readonly ConcurrentDictionary<long, int> Exits = new();

    public override void Init(NetContext net) => Inits.AddOrUpdate(net.Id, 1, (_, n) => n + 1);

    public override void Exit(NetContext net) => Exits.AddOrUpdate(net.Id, 1, (_, n) => n + 1);
}
