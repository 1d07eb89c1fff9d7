namespace PerNet.Runtime.Tests;

public class LifecycleTests
{
    [Fact]
    public void Initial_ExistsForever_CannotBeDisposed()
    {
        var initial = NetContext.Initial;
        Assert.Null(initial.Parent);
        Assert.True(initial.IsAlive);
        Assert.Equal(0, initial.Depth);
        Assert.Contains(initial, NetContext.Live);
        Assert.Same(initial, NetContext.Live[0]);
        Assert.Throws<InvalidOperationException>(initial.Dispose);
        Assert.True(initial.IsAlive);
    }

    [Fact]
    public async Task Create_UnderInitial_LiveUntilDisposed_ThenDestroyed()
    {
        var net = NetContext.Create();
        Assert.Same(NetContext.Initial, net.Parent);
        Assert.Equal(1, net.Depth);
        Assert.True(net.IsAlive);
        Assert.Contains(net, NetContext.Live);

        net.Dispose();
        await net.Destroyed.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(net.IsAlive);
        Assert.DoesNotContain(net, NetContext.Live);
        net.Dispose(); // a second dispose does nothing
    }

    [Fact]
    public void Ids_AreUniqueAndNeverReused()
    {
        var ids = new HashSet<long>();
        for (var i = 0; i < 100; i++)
        {
            using var net = NetContext.Create();
            Assert.True(ids.Add(net.Id));
        }

        Pernet.WaitForCleanup();
        using var later = NetContext.Create();
        Assert.DoesNotContain(later.Id, ids);
        Assert.True(later.Id > ids.Max());
    }

    [Fact]
    public async Task Lease_KeepsContextAliveAfterCreatorDisposes()
    {
        var net = NetContext.Create();
        var lease = net.Acquire();
        net.Dispose();
        Pernet.WaitForCleanup();
        Assert.True(net.IsAlive);
        Assert.False(net.Destroyed.IsCompleted);

        lease.Dispose();
        lease.Dispose(); // releases once
        await net.Destroyed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(net.IsAlive);
        Assert.True(lease.IsReleased);
    }

    [Fact]
    public void DyingContext_CannotBeAcquired()
    {
        var net = NetContext.Create();
        net.Dispose();
        Assert.False(net.TryAcquire(out _));
        Assert.Throws<ObjectDisposedException>(() => net.Acquire());
        Pernet.WaitForCleanup();
        Assert.False(net.TryAcquire(out _));
    }

    [Fact]
    public async Task Child_KeepsParentAlive_AndCannotBeCreatedUnderDyingParent()
    {
        var parent = NetContext.Create();
        var child = NetContext.Create(parent);
        Assert.Same(parent, child.Parent);
        Assert.Equal(2, child.Depth);

        parent.Dispose();
        Pernet.WaitForCleanup();
        Assert.True(parent.IsAlive); // the child holds it

        child.Dispose();
        await child.Destroyed.WaitAsync(TimeSpan.FromSeconds(10));
        await parent.Destroyed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Throws<InvalidOperationException>(() => NetContext.Create(parent));
    }

    [Fact]
    public void Live_IsASnapshotOrderedById()
    {
        using var a = NetContext.Create();
        using var b = NetContext.Create();
        var live = NetContext.Live;
        Assert.True(live.Select(n => n.Id).SequenceEqual(live.Select(n => n.Id).Order()));
        using var c = NetContext.Create();
        Assert.DoesNotContain(c, live);
        Assert.Contains(c, NetContext.Live);
    }
}
