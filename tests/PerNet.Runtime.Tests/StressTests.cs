using System.Collections.Concurrent;

namespace PerNet.Runtime.Tests;

/// <summary>Bounded in time, deterministic in outcome.</summary>
public class StressTests
{
    [Fact]
    public void MillionCreateDisposeCycles_EightOperations_Balanced_BacklogBounded()
    {
        const int cycles = 1_000_000;
        Pernet.WaitForCleanup();
        var operations = Enumerable.Range(0, 8).Select(_ => new CountingOperations()).ToArray();
        var registrations = operations.Select((o, i) => i % 2 == 0 ? Pernet.RegisterSubsystem(o) : Pernet.RegisterDevice(o)).ToList();
        var initedAtRegistration = operations.Select(o => o.InitCount).ToArray(); // exited again at unregistration
        var liveBefore = NetContext.Live.Count;
        var maxBacklog = 0;
        try
        {
            for (var i = 0; i < cycles; i++)
            {
                NetContext.Create().Dispose();
                if ((i & 1023) == 0)
                    maxBacklog = Math.Max(maxBacklog, Pernet.DyingCount);
            }

            Pernet.WaitForCleanup();
        }
        finally
        {
            foreach (var r in registrations)
                r.Dispose();
        }

        Assert.Equal(liveBefore, NetContext.Live.Count);
        Assert.Equal(0, Pernet.DyingCount);
        for (var i = 0; i < operations.Length; i++)
        {
            Assert.Equal(cycles + initedAtRegistration[i], operations[i].InitCount);
            Assert.Equal(operations[i].InitCount, operations[i].ExitCount);
        }

        // The creator helps tear down past MaxDyingBacklog; one more batch may be in flight.
        Assert.InRange(maxBacklog, 0, Pernet.MaxDyingBacklog + 2);
    }

    [Fact]
    public async Task ConcurrentAcquireAndDispose_NoContextLost_NoneTornDownTwice()
    {
        var counting = new PerContextCountingOperations();
        using var registration = Pernet.RegisterSubsystem(counting);
        var nets = Enumerable.Range(0, 20_000).Select(_ => NetContext.Create()).ToArray();
        var acquired = 0;

        var leaser = Task.Run(() =>
        {
            foreach (var net in nets)
            {
                if (net.TryAcquire(out var lease))
                {
                    Interlocked.Increment(ref acquired);
                    Thread.SpinWait(10);
                    lease.Dispose();
                }
            }
        });
        var disposer = Task.Run(() =>
        {
            foreach (var net in nets)
                net.Dispose();
        });
        await Task.WhenAll(leaser, disposer).WaitAsync(TimeSpan.FromMinutes(2));
        Pernet.WaitForCleanup();

        Assert.All(nets, net =>
        {
            Assert.True(net.Destroyed.IsCompleted);
            Assert.Equal(1, counting.Inits[net.Id]);
            Assert.Equal(1, counting.Exits[net.Id]);
        });
        Assert.InRange(acquired, 0, nets.Length);
    }

    [Fact]
    public async Task ConcurrentCreate_QuotaNeverExceeded()
    {
        const int limit = 16;
        using var tenant = NetContext.Create(null, new NetContextLimits { MaxContexts = limit });
        var observedMax = 0;
        var refused = 0;
        var created = 0;

        void Worker()
        {
            var mine = new Queue<NetContext>();
            for (var i = 0; i < 20_000; i++)
            {
                try
                {
                    mine.Enqueue(NetContext.Create(tenant));
                    Interlocked.Increment(ref created);
                    var below = tenant.ContextsBelow;
                    int seen;
                    while ((seen = Volatile.Read(ref observedMax)) < below && Interlocked.CompareExchange(ref observedMax, below, seen) != seen)
                    {
                    }
                }
                catch (NetContextQuotaExceededException)
                {
                    Interlocked.Increment(ref refused);
                }

                if (mine.Count > 6)
                    mine.Dequeue().Dispose();
            }

            while (mine.Count > 0)
                mine.Dequeue().Dispose();
        }

        await Task.WhenAll(Task.Run(Worker), Task.Run(Worker)).WaitAsync(TimeSpan.FromMinutes(2));
        Pernet.WaitForCleanup();

        Assert.InRange(observedMax, 1, limit);
        Assert.True(refused > 0, "the quota was never reached; the test proves nothing");
        Assert.True(created > 0);
        Assert.Equal(0, tenant.ContextsBelow);
    }
}

public class UnregisterWhileDyingTests
{
    [Fact]
    public void UnregisterWhileContextsDie_EveryInitMatchedByOneExit()
    {
        for (var round = 0; round < 20; round++)
        {
            var counting = new PerContextCountingOperations();
            var registration = Pernet.RegisterSubsystem(counting);
            var nets = Enumerable.Range(0, 200).Select(_ => NetContext.Create()).ToArray();
            foreach (var net in nets)
                net.Dispose();
            registration.Dispose(); // races the cleaner
            Pernet.WaitForCleanup();

            foreach (var (id, inits) in counting.Inits)
                Assert.Equal(inits, counting.Exits.GetValueOrDefault(id));
        }
    }
}
