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

    private static readonly AsyncLocal<string?> s_other = new();

    [Fact]
    public void Dispose_KeepsOtherAsyncLocalsSetInsideTheScope()
    {
        using var a = NetContext.Create();
        s_other.Value = "before";
        using (a.Enter())
        {
            s_other.Value = "inside";
            Assert.Same(a, NetContext.Current);
        }

        // Disposing restores only the context, not the whole flow as it was at Enter.
        Assert.Same(NetContext.Initial, NetContext.Current);
        Assert.Equal("inside", s_other.Value);
        s_other.Value = null;
    }

    [Fact]
    public void Dispose_AfterFlowWasSuppressedInsideTheScope_RestoresTheContextOnly()
    {
        using var a = NetContext.Create();
        using (ExecutionContext.SuppressFlow())
        {
            using (a.Enter()) // entered while suppressed
                Assert.Same(a, NetContext.Current);
            Assert.True(ExecutionContext.IsFlowSuppressed());
            Assert.Same(NetContext.Initial, NetContext.Current);
        }

        var scope = a.Enter();
        var flowControl = ExecutionContext.SuppressFlow();
        scope.Dispose(); // suppressed after Enter: the flow is not put back to before SuppressFlow
        Assert.True(ExecutionContext.IsFlowSuppressed());
        Assert.Same(NetContext.Initial, NetContext.Current);
        flowControl.Undo();
    }

    [Fact]
    public void Enter_TheContextAlreadyCurrent_NestsAndRestores()
    {
        using var a = NetContext.Create();
        using (a.Enter())
        {
            using (a.Enter())
                Assert.Same(a, NetContext.Current);
            Assert.Same(a, NetContext.Current);
        }

        Assert.Same(NetContext.Initial, NetContext.Current);
    }

    [Fact]
    public async Task Dispose_AfterAwaitOnAnotherThread_RestoresOuterForTheRestOfTheMethod()
    {
        using var a = NetContext.Create();
        using var b = NetContext.Create();
        using (a.Enter())
        {
            using (b.Enter())
            {
                await Task.Yield();
                Assert.Same(b, NetContext.Current);
            }

            Assert.Same(a, NetContext.Current);
            await Task.Yield();
            Assert.Same(a, NetContext.Current);
        }

        Assert.Same(NetContext.Initial, NetContext.Current);
    }

    [Fact]
    public void Dispose_Twice_ThrowsTheSecondTime_AndLeavesTheOuterContext()
    {
        using var a = NetContext.Create();
        var scope = a.Enter();
        scope.Dispose();
        Assert.Throws<InvalidOperationException>(() => scope.Dispose());
        Assert.Same(NetContext.Initial, NetContext.Current);
    }

    [Fact]
    public void EnterAndDispose_OnAThreadWithNoFlow_LeaveEveryAsyncLocalUnset()
    {
        using var a = NetContext.Create();
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                for (var i = 0; i < 3; i++)
                {
                    using (a.Enter())
                    {
                        Assert.Same(a, NetContext.Current);
                        Assert.Same(a, Task.Run(() => NetContext.Current).Result);
                    }

                    Assert.Same(NetContext.Initial, NetContext.Current);
                    Assert.Null(s_other.Value);
                    Assert.Same(NetContext.Initial, Task.Run(() => NetContext.Current).Result);
                }

                s_other.Value = "set on the thread";
                using (a.Enter())
                    Assert.Equal("set on the thread", s_other.Value);
                Assert.Equal("set on the thread", s_other.Value);
                Assert.Same(NetContext.Initial, NetContext.Current);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        });
        thread.UnsafeStart(); // no flow: the thread starts in the runtime's empty ExecutionContext
        thread.Join();
        Assert.Null(failure);
    }
}
