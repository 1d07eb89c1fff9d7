namespace PerNet.Runtime.Tests;

public class LimitsTests
{
    [Fact]
    public void ContextQuota_RefusesAtOnce_NamingLevelAndLimit_FreedByTeardown()
    {
        using var tenant = NetContext.Create(null, new NetContextLimits { MaxContexts = 2 });
        var first = NetContext.Create(tenant);
        using var second = NetContext.Create(tenant);

        var ex = Assert.Throws<NetContextQuotaExceededException>(() => NetContext.Create(tenant));

        Assert.Equal(tenant.Id, ex.LevelId);
        Assert.Equal(2, ex.Limit);
        Assert.Contains($"Context {tenant.Id}", ex.Message);
        Assert.Equal(2, tenant.ContextsBelow);
        first.Dispose();
        Pernet.WaitForCleanup();
        using var third = NetContext.Create(tenant);
        Assert.Equal(2, tenant.ContextsBelow);
    }

    [Fact]
    public void ContextQuota_CheckedAtEveryLevel_PartialChargesUndone()
    {
        using var root = NetContext.Create(null, new NetContextLimits { MaxContexts = 3 });
        using var mid = NetContext.Create(root); // root: 1
        using var leaf1 = NetContext.Create(mid); // root: 2, mid: 1
        using var leaf2 = NetContext.Create(mid); // root: 3, mid: 2
        Pernet.WaitForCleanup(); // earlier tests' contexts must not leave Initial's count mid-assertion
        var initialBelow = NetContext.Initial.ContextsBelow;

        var ex = Assert.Throws<NetContextQuotaExceededException>(() => NetContext.Create(mid));

        Assert.Equal(root.Id, ex.LevelId); // refused two levels up
        Assert.Equal(2, mid.ContextsBelow);
        Assert.Equal(3, root.ContextsBelow);
        Assert.Equal(initialBelow, NetContext.Initial.ContextsBelow);
    }

    [Fact]
    public void Memory_ChargesPropagate_HardLimitRefusesAtAnyLevel_NoPartialCharge()
    {
        using var tenant = NetContext.Create(null, new NetContextLimits { MemorySoftLimit = 600, MemoryHardLimit = 1000 });
        using var host = NetContext.Create(tenant, new NetContextLimits { MemoryHardLimit = 800 });
        using var sibling = NetContext.Create(tenant);

        Assert.True(host.TryCharge(500));
        Assert.Equal(500, tenant.ChargedMemory);
        Assert.False(host.TryCharge(400)); // host's own hard limit
        Assert.Equal(500, host.ChargedMemory);
        Assert.True(sibling.TryCharge(400));
        Assert.False(sibling.TryCharge(200)); // the tenant's hard limit, one level up
        Assert.Equal(400, sibling.ChargedMemory);
        Assert.Equal(900, tenant.ChargedMemory);

        host.Uncharge(500);
        sibling.Uncharge(400);
        Assert.Equal(0, tenant.ChargedMemory);
    }

    [Fact]
    public void Memory_AboveSoftLimit_PressureHereAndBelow()
    {
        using var tenant = NetContext.Create(null, new NetContextLimits { MemorySoftLimit = 100 });
        using var host = NetContext.Create(tenant);
        using var other = NetContext.Create();

        Assert.True(host.TryCharge(100));
        Assert.False(host.UnderPressure);
        Assert.True(host.TryCharge(1));
        Assert.True(tenant.UnderPressure);
        Assert.True(host.UnderPressure); // an ancestor is under pressure
        Assert.False(other.UnderPressure);
        host.Uncharge(101);
        Assert.False(host.UnderPressure);
    }

    [Fact]
    public void Charge_NegativeBytes_Refused()
    {
        using var net = NetContext.Create();
        Assert.Throws<ArgumentOutOfRangeException>(() => net.TryCharge(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Uncharge(-1));
    }
}
