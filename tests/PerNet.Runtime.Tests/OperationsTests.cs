using System.Collections.Concurrent;

namespace PerNet.Runtime.Tests;

public class OperationsTests
{
    private readonly ConcurrentQueue<string> _log = new();
    private readonly HashSet<long> _watched = new();

    private RecordingOperations Ops(string name) => new(name, _log, n => { lock (_watched) return _watched.Contains(n.Id); });

    private NetContext Watch(NetContext net)
    {
        lock (_watched)
            _watched.Add(net.Id);
        return net;
    }

    /// <summary>Creates a context whose Init calls are recorded (ids are known only after creation, so init is replayed by a watcher op).</summary>
    private NetContext CreateWatched()
    {
        // Ids are sequential: watch the next one before it is created.
        lock (_watched)
        {
            var probe = NetContext.Create();
            var next = probe.Id + 1;
            probe.Dispose();
            _watched.Add(next);
            _watched.Add(next + 1);
            _watched.Add(next + 2);
        }

        return NetContext.Create();
    }

    private string[] Log(string prefix = "") => _log.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).ToArray();

    [Fact]
    public void Init_SubsystemsInRegistrationOrderThenDevices()
    {
        using var dev1 = Pernet.RegisterDevice(Ops("dev1"));
        using var sub1 = Pernet.RegisterSubsystem(Ops("sub1"));
        using var dev2 = Pernet.RegisterDevice(Ops("dev2"));
        using var sub2 = Pernet.RegisterSubsystem(Ops("sub2"));

        var net = CreateWatched();

        Assert.Equal(new[] { "sub1", "sub2", "dev1", "dev2" }, Log().Where(l => l.Contains(".Init")).Select(l => l.Split('.')[0]));
        net.Dispose();
        Pernet.WaitForCleanup();
    }

    [Fact]
    public void Teardown_PreExitAllThenExitReverseDevicesFirstThenExitBatch()
    {
        using var sub1 = Pernet.RegisterSubsystem(Ops("sub1"));
        using var sub2 = Pernet.RegisterSubsystem(Ops("sub2"));
        using var dev1 = Pernet.RegisterDevice(Ops("dev1"));
        var net = CreateWatched();
        while (_log.TryDequeue(out _)) { }

        net.Dispose();
        Pernet.WaitForCleanup();

        var id = net.Id;
        Assert.Equal(
            new[]
            {
                $"dev1.PreExit {id}", $"sub2.PreExit {id}", $"sub1.PreExit {id}",
                $"dev1.Exit {id}", $"sub2.Exit {id}", $"sub1.Exit {id}",
                $"dev1.ExitBatch {id}", $"sub2.ExitBatch {id}", $"sub1.ExitBatch {id}",
            },
            Log());
    }

    [Fact]
    public void InitThrows_SucceededExitedInReverse_CreateRethrows_NothingLeftLive()
    {
        var failing = Ops("bad");
        failing.FailInit = _ => new InvalidDataException("no route table");
        using var sub1 = Pernet.RegisterSubsystem(Ops("sub1"));
        using var sub2 = Pernet.RegisterSubsystem(Ops("sub2"));
        using var bad = Pernet.RegisterSubsystem(failing);
        using var dev = Pernet.RegisterDevice(Ops("dev"));
        Pernet.WaitForCleanup();
        var liveBefore = NetContext.Live.Count;
        var below = NetContext.Initial.ContextsBelow;

        var ex = Assert.Throws<InvalidDataException>(() => CreateWatched());

        Assert.Equal("no route table", ex.Message);
        var id = _watched.Min();
        Assert.Equal(
            new[]
            {
                $"sub1.Init {id}", $"sub2.Init {id}", $"bad.Init {id}",
                $"sub2.PreExit {id}", $"sub1.PreExit {id}", $"sub2.Exit {id}", $"sub1.Exit {id}",
                $"sub2.ExitBatch {id}", $"sub1.ExitBatch {id}",
            },
            Log());
        Pernet.WaitForCleanup(); // the probe context CreateWatched disposed
        Assert.Equal(liveBefore, NetContext.Live.Count);
        Assert.Equal(below, NetContext.Initial.ContextsBelow);
    }

    [Fact]
    public void InitAndRollbackBothThrow_AggregatesErrors()
    {
        var exitFails = Ops("exitFails");
        exitFails.FailExit = _ => new IOException("exit broke");
        var initFails = Ops("initFails");
        initFails.FailInit = _ => new InvalidDataException("init broke");
        using var a = Pernet.RegisterSubsystem(exitFails);
        using var b = Pernet.RegisterSubsystem(initFails);

        var ex = Assert.Throws<AggregateException>(() => CreateWatched());

        Assert.Contains(ex.InnerExceptions, e => e is InvalidDataException);
        Assert.Contains(ex.InnerExceptions, e => e is IOException);
    }

    [Fact]
    public void Register_InitsEveryLiveContext_DisposeExitsThem()
    {
        var a = Watch(NetContext.Create());
        var b = Watch(NetContext.Create());

        var registration = Pernet.RegisterSubsystem(Ops("late"));
        Assert.Contains($"late.Init {a.Id}", Log());
        Assert.Contains($"late.Init {b.Id}", Log());

        registration.Dispose();
        Assert.Contains($"late.Exit {a.Id}", Log());
        Assert.Contains($"late.Exit {b.Id}", Log());
        Assert.Contains($"late.ExitBatch {a.Id},{b.Id}", Log());

        while (_log.TryDequeue(out _)) { }
        a.Dispose();
        b.Dispose();
        Pernet.WaitForCleanup();
        Assert.DoesNotContain(Log(), l => l.StartsWith("late.", StringComparison.Ordinal)); // exited once, not again
    }

    [Fact]
    public void Unregister_UndoesLikeTeardown_PreExitThenExitThenOneExitBatch()
    {
        var a = Watch(NetContext.Create());
        var b = Watch(NetContext.Create());
        var registration = Pernet.RegisterSubsystem(Ops("late"));
        while (_log.TryDequeue(out _)) { }

        registration.Dispose();

        // One exit sequence for setup's rollback, teardown and unregistering (net_namespace.c's ops_undo_list).
        Assert.Equal(new[] { $"late.PreExit {a.Id}", $"late.PreExit {b.Id}", $"late.Exit {a.Id}", $"late.Exit {b.Id}", $"late.ExitBatch {a.Id},{b.Id}" }, Log());
        a.Dispose();
        b.Dispose();
        Pernet.WaitForCleanup();
    }

    [Fact]
    public void RegisterInitThrows_RolledBack_NotRegistered()
    {
        var a = Watch(NetContext.Create());
        var b = Watch(NetContext.Create());
        var failing = Ops("flaky");
        failing.FailInit = n => n == b ? new InvalidOperationException("b refuses") : null;

        Assert.Throws<InvalidOperationException>(() => Pernet.RegisterSubsystem(failing));

        Assert.Equal(new[] { $"flaky.Init {a.Id}", $"flaky.Init {b.Id}", $"flaky.PreExit {a.Id}", $"flaky.Exit {a.Id}", $"flaky.ExitBatch {a.Id}" }, Log().Where(l => l.StartsWith("flaky.", StringComparison.Ordinal)));
        while (_log.TryDequeue(out _)) { }
        using var c = CreateWatched();
        Assert.DoesNotContain(Log(), l => l.StartsWith("flaky.", StringComparison.Ordinal));
        a.Dispose();
        b.Dispose();
        Pernet.WaitForCleanup();
    }

    [Fact]
    public async Task ExitThrows_Reported_OtherHooksStillRun()
    {
        var failures = new ConcurrentQueue<HookFailure>();
        void OnFailure(HookFailure f) => failures.Enqueue(f);
        Pernet.HookFailed += OnFailure;
        try
        {
            var broken = Ops("broken");
            broken.FailExit = _ => new IOException("disk gone");
            using var first = Pernet.RegisterSubsystem(Ops("first"));
            using var brokenReg = Pernet.RegisterSubsystem(broken);
            using var last = Pernet.RegisterDevice(Ops("last"));
            var net = CreateWatched();

            net.Dispose();
            await net.Destroyed.WaitAsync(TimeSpan.FromSeconds(10));

            var failure = Assert.Single(failures, f => f.Contexts.Contains(net));
            Assert.Equal(("broken", "Exit"), (failure.Operation, failure.Phase));
            Assert.IsType<IOException>(failure.Exception);
            Assert.Contains($"first.Exit {net.Id}", Log());
            Assert.Contains($"last.Exit {net.Id}", Log());
            Assert.Contains($"first.ExitBatch {net.Id}", Log());
        }
        finally
        {
            Pernet.HookFailed -= OnFailure;
        }
    }

    [Fact]
    public void DyingContextsQueued_TornDownTogether_PreExitBatchBeforeExit_ExitBatchOncePerBatch()
    {
        var gated = Ops("gated");
        using var gate = new ManualResetEventSlim(false);
        gated.PreExitGate = gate;
        using var registration = Pernet.RegisterSubsystem(gated);
        var blocker = Watch(NetContext.Create());
        var batch = Enumerable.Range(0, 6).Select(_ => Watch(NetContext.Create())).ToList();

        blocker.Dispose(); // the cleaner blocks in its PreExit
        SpinWait.SpinUntil(() => Log("gated.PreExit").Length > 0 || Pernet.DyingCount == 0, TimeSpan.FromMilliseconds(200));
        foreach (var net in batch)
            net.Dispose(); // these queue up meanwhile
        gate.Set();
        Pernet.WaitForCleanup();

        var log = Log();
        var batchLine = Assert.Single(log, l => l.StartsWith("gated.ExitBatch", StringComparison.Ordinal) && l.Contains(',', StringComparison.Ordinal));
        var ids = batchLine.Split(' ')[1].Split(',').Select(long.Parse).ToArray();
        Assert.True(ids.Length >= 2, batchLine);
        var lastPreExit = ids.Max(id => Array.IndexOf(log, $"gated.PreExit {id}"));
        var firstExit = ids.Min(id => Array.IndexOf(log, $"gated.Exit {id}"));
        Assert.True(lastPreExit < firstExit, string.Join("\n", log));
        foreach (var net in batch.Append(blocker))
            Assert.Single(log, l => l == $"gated.Exit {net.Id}");
    }

    [Fact]
    public void RegisterSameOperationsTwice_Refused()
    {
        var ops = Ops("once");
        using var registration = Pernet.RegisterSubsystem(ops);
        Assert.Throws<InvalidOperationException>(() => Pernet.RegisterDevice(ops));
    }
}
