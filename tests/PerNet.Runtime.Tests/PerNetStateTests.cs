using System.Collections.Concurrent;

namespace PerNet.Runtime.Tests;

public class PerNetStateTests
{
    private sealed class Counters : PerNet<Counters>
    {
        public static int Constructed;

        public Counters() => Interlocked.Increment(ref Constructed);

        public long Packets;
    }

    private sealed class Tracked : PerNet<Tracked>, IDisposable
    {
        public static readonly ConcurrentQueue<string> Log = new();
        public static int Next;
        public readonly int Order = Interlocked.Increment(ref Next);

        public void Dispose() => Log.Enqueue($"Tracked {Order}");
    }

    private sealed class TrackedToo : PerNet<TrackedToo>, IDisposable
    {
        public void Dispose() => Tracked.Log.Enqueue("TrackedToo");
    }

    private sealed class Ambient : PerNet<Ambient>
    {
        public string Name = "";
    }

    /// <summary>State that creates, in its constructor, objects bound to its own context (another state of the same context too).</summary>
    private sealed class Pool : PerNet<Pool>
    {
        public readonly NetContext CreatedIn;
        public readonly Counters Other;

        public Pool()
        {
            CreatedIn = Net;
            Other = Counters.Of(Net); // another state type of the same context, created from inside this one
        }

        public NetContext Context => Net;
    }

    [Fact]
    public void Net_IsTheContextTheStateBelongsTo_EvenWhileItIsCreated()
    {
        using var a = NetContext.Create();
        using var b = NetContext.Create();

        Assert.Same(a, Pool.Of(a).CreatedIn);
        Assert.Same(b, Pool.Of(b).Context);
        Assert.Same(Counters.Of(a), Pool.Of(a).Other);
        Assert.Same(NetContext.Initial, Pool.Of(NetContext.Initial).Context);
        Assert.Null(typeof(NetContext).GetProperty("Constructing", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.GetValue(null)); // cleared after
        Assert.Throws<InvalidOperationException>(() => new Pool()); // made with new: it belongs to no context
    }

    [Fact]
    public void Of_SameInstancePerContext_DistinctAcrossContexts_CreatedOnFirstUse()
    {
        using var a = NetContext.Create();
        using var b = NetContext.Create();
        var before = Counters.Constructed;

        Counters.Of(a).Packets += 3;
        Counters.Of(a).Packets += 4;
        Counters.Of(b).Packets += 1;

        Assert.Equal(7, Counters.Of(a).Packets);
        Assert.Equal(1, Counters.Of(b).Packets);
        Assert.Same(Counters.Of(a), Counters.Of(a));
        Assert.NotSame(Counters.Of(a), Counters.Of(b));
        Assert.Equal(before + 2, Counters.Constructed);
    }

    [Fact]
    public void Of_UnderRaces_CreatedOncePerContext()
    {
        var nets = Enumerable.Range(0, 200).Select(_ => NetContext.Create()).ToArray();
        var seen = new ConcurrentDictionary<long, ConcurrentBag<Counters>>();
        Parallel.For(0, 4, _ =>
        {
            foreach (var net in nets)
                seen.GetOrAdd(net.Id, _ => new()).Add(Counters.Of(net));
        });

        foreach (var bag in seen.Values)
            Assert.Single(bag.Distinct());
        foreach (var net in nets)
            net.Dispose();
        Pernet.WaitForCleanup();
    }

    [Fact]
    public async Task DisposableStates_DisposedAtTeardown_NewestFirst_AfterExitHooks()
    {
        var log = new ConcurrentQueue<string>();
        var net = NetContext.Create();
        using var registration = Pernet.RegisterSubsystem(new RecordingOperations("ops", log, n => n == net));
        var first = Tracked.Of(net).Order;
        _ = TrackedToo.Of(net);
        while (Tracked.Log.TryDequeue(out _)) { }

        net.Dispose();
        await net.Destroyed.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(new[] { "TrackedToo", $"Tracked {first}" }, Tracked.Log.ToArray());
        Assert.Contains($"ops.Exit {net.Id}", log);
    }

    [Fact]
    public void Of_DestroyedContext_Throws()
    {
        var net = NetContext.Create();
        net.Dispose();
        Pernet.WaitForCleanup();
        Assert.Throws<ObjectDisposedException>(() => Ambient.Of(net));
    }

    [Fact]
    public async Task Current_FollowsTheAmbientContext()
    {
        using var a = NetContext.Create();
        Ambient.Of(a).Name = "a";
        Ambient.Of(NetContext.Initial).Name = "initial";

        Assert.Equal("initial", Ambient.Current.Name);
        using (a.Enter())
        {
            Assert.Equal("a", Ambient.Current.Name);
            await Task.Yield();
            Assert.Equal("a", await Task.Run(() => Ambient.Current.Name));
        }

        Assert.Equal("initial", Ambient.Current.Name);
    }

    /// <summary>One state type per type argument: enough of them to use every inline slot and overflow.</summary>
    private sealed class Many<T> : PerNet<Many<T>>
    {
        public readonly long Context = NetContext.Current.Id;
    }

    private sealed class Gen<T>
    {
    }

    [Fact]
    public void Of_MoreStateTypesThanInlineSlots_EachDistinctPerContext_ContextsCreatedBeforeTheTypeGrow()
    {
        var before = NetContext.Create(); // its slots were sized before the new types got theirs
        using var after = NetContext.Create();
        var types = new List<Type>();
        var argument = typeof(int);
        for (var i = 0; i < NetContext.InlineSlotCount + 20; i++)
        {
            argument = typeof(Gen<>).MakeGenericType(argument);
            types.Add(typeof(Many<>).MakeGenericType(argument));
        }

        object Of(Type type, NetContext net)
        {
            using (net.Enter())
                return type.BaseType!.GetMethod("Of")!.Invoke(null, new object[] { net })!;
        }

        foreach (var net in new[] { before, after })
        {
            var states = types.Select(t => Of(t, net)).ToArray();
            Assert.All(states, (state, i) => Assert.IsType(types[i], state));
            Assert.All(states, state => Assert.Equal(net.Id, (long)state.GetType().GetField("Context")!.GetValue(state)!));
            Assert.Equal(types.Count, states.Distinct().Count());
            Assert.Equal(states, types.Select(t => Of(t, net)).ToArray()); // the same objects on the second look
        }

        Assert.NotSame(Of(types[^1], before), Of(types[^1], after));

        // Created once per context under races in an overflow slot too.
        var fresh = Enumerable.Range(0, 50).Select(_ => NetContext.Create()).ToArray();
        var raced = new ConcurrentBag<(long Id, object State)>();
        Parallel.For(0, 4, _ =>
        {
            foreach (var net in fresh)
                raced.Add((net.Id, Of(types[^1], net)));
        });
        Assert.All(raced.GroupBy(p => p.Id), g => Assert.Single(g.Select(p => p.State).Distinct()));
        foreach (var net in fresh)
            net.Dispose();

        Assert.True(PerNetSlots.Count > NetContext.InlineSlotCount, "no state type reached the overflow slots; the test proves nothing");
        before.Dispose();
        Pernet.WaitForCleanup();
        Assert.Throws<ObjectDisposedException>(() =>
        {
            try
            {
                Of(typeof(Many<>).MakeGenericType(typeof(Gen<string>)), before);
            }
            catch (System.Reflection.TargetInvocationException ex)
            {
                throw ex.InnerException!;
            }
        });
    }

    [Fact]
    public void Of_Null_Throws()
    {
        // The inline fast path dereferences the context; the first-use and overflow path checks it.
        var thrown = Record.Exception(() => Counters.Of(null!));
        Assert.True(thrown is NullReferenceException or ArgumentNullException, $"unexpected: {thrown}");
    }
}
