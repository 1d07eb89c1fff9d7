namespace PerNet.Runtime.Tests;

public class AmbientTests
{
    [Fact]
    public void Current_OutsideAnyEnter_IsInitial()
    {
        Assert.Same(NetContext.Initial, NetContext.Current);
    }

    [Fact]
    public void Enter_Nested_RestoresOuterOnDispose()
    {
        using var a = NetContext.Create();
        using var b = NetContext.Create();
        using (a.Enter())
        {
            Assert.Same(a, NetContext.Current);
            using (b.Enter())
                Assert.Same(b, NetContext.Current);
            Assert.Same(a, NetContext.Current);
        }

        Assert.Same(NetContext.Initial, NetContext.Current);
    }

    [Fact]
    public async Task Enter_FlowsIntoTasksAndAwaits_ConcurrentContextsDoNotMix()
    {
        using var a = NetContext.Create();
        using var b = NetContext.Create();

        async Task<long[]> Work(NetContext net)
        {
            using (net.Enter())
            {
                var seen = new List<long>();
                for (var i = 0; i < 20; i++)
                {
                    await Task.Delay(1);
                    seen.Add(NetContext.Current.Id);
                    seen.Add(await Task.Run(() => NetContext.Current.Id));
                }

                return seen.ToArray();
            }
        }

        var results = await Task.WhenAll(Work(a), Work(b));
        Assert.All(results[0], id => Assert.Equal(a.Id, id));
        Assert.All(results[1], id => Assert.Equal(b.Id, id));
    }

    [Fact]
    public void Dispose_OutOfOrder_Throws()
    {
        using var a = NetContext.Create();
        using var b = NetContext.Create();
        var outer = a.Enter();
        var inner = b.Enter();
        Assert.Throws<InvalidOperationException>(() => outer.Dispose());
        inner.Dispose();
        outer.Dispose();
        Assert.Same(NetContext.Initial, NetContext.Current);
        default(NetContextScope).Dispose(); // a default scope does nothing
    }

    [Fact]
    public void RequireEntered_ReadingCurrentOutsideEnter_Throws()
    {
        NetContext.RequireEntered = true;
        try
        {
            Assert.Throws<InvalidOperationException>(() => NetContext.Current);
            using (NetContext.Initial.Enter())
                Assert.Same(NetContext.Initial, NetContext.Current);
        }
        finally
        {
            NetContext.RequireEntered = false;
        }
    }

    [Fact]
    public async Task Current_FlowsThroughQueueUserWorkItem_NotThroughUnsafeOrSuppressedFlow()
    {
        using var net = NetContext.Create();
        using (net.Enter())
        {
            var flowed = new TaskCompletionSource<NetContext>();
            ThreadPool.QueueUserWorkItem(_ => flowed.SetResult(NetContext.Current));
            Assert.Same(net, await flowed.Task);

            var unsafeQueued = new TaskCompletionSource<NetContext>();
            ThreadPool.UnsafeQueueUserWorkItem(_ => unsafeQueued.SetResult(NetContext.Current), null);
            Assert.Same(NetContext.Initial, await unsafeQueued.Task);

            Task<NetContext> suppressed;
            using (ExecutionContext.SuppressFlow())
                suppressed = Task.Run(() => NetContext.Current);
            Assert.Same(NetContext.Initial, await suppressed);

            // The pool threads that ran without the context did not keep a stale one.
            for (var i = 0; i < 50; i++)
                Assert.Same(NetContext.Initial, await Task.Run(() => { using (ExecutionContext.SuppressFlow()) return Task.Run(() => NetContext.Current); }));
            Assert.Same(net, NetContext.Current);
        }
    }
}
