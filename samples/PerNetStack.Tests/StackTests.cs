using System.Net;
using System.Text;
using PerNet;
using PerNetStack;

namespace PerNetStack.Tests;

/// <summary>Many independent stacks in one process: what LegacyStack cannot do.</summary>
public sealed class StackTests : IDisposable
{
    private readonly List<NetContext> _contexts = new();

    private NetContext NewContext(NetContext? parent = null, NetContextLimits? limits = null)
    {
        var net = NetContext.Create(parent, limits ?? NetContextLimits.None);
        _contexts.Add(net);
        return net;
    }

    public void Dispose()
    {
        foreach (var net in Enumerable.Reverse(_contexts))
            net.Dispose();
        Pernet.WaitForCleanup();
    }

    private static IPAddress Ip(string text) => IPAddress.Parse(text);

    private static (NetDevice A, NetDevice B) Link(NetContext a, string addressA, NetContext b, string addressB)
    {
        var (left, right) = Devices.CreateVethPair(a, "veth" + b.Id, "peer" + a.Id);
        right.MoveTo(b, "veth" + a.Id);
        left.AddAddress(Ip(addressA), 24);
        right.AddAddress(Ip(addressB), 24);
        left.SetUp();
        right.SetUp();
        return (left, right);
    }

    [Fact]
    public void EveryContext_HasItsOwnLoopback()
    {
        var a = NewContext();
        var b = NewContext();
        Assert.NotSame(Devices.Loopback(a), Devices.Loopback(b));
        Assert.True(Icmp.Ping(a, IPAddress.Loopback));
        Assert.True(Icmp.Ping(b, IPAddress.Loopback));
        Assert.Equal(1, Snmp.Of(a).IcmpInEchos);
        Assert.Equal(1, Snmp.Of(b).IcmpInEchos);
    }

    [Fact]
    public void TwoContexts_SameAddressSamePort_NeitherSeesTheOther()
    {
        var a = NewContext();
        var b = NewContext();
        using var serverA = new UdpSocket(a);
        using var serverB = new UdpSocket(b);
        serverA.Bind(IPAddress.Loopback, 53);
        serverB.Bind(IPAddress.Loopback, 53); // the same address and port, independently
        Devices.CreateExternal(a, "eth0", _ => { }).AddAddress(Ip("10.0.0.1"), 24);
        Devices.CreateExternal(b, "eth0", _ => { }).AddAddress(Ip("10.0.0.1"), 24);

        using var client = new UdpSocket(a);
        Assert.True(client.SendTo("query"u8, new IPEndPoint(IPAddress.Loopback, 53)));

        Assert.Equal(1, serverA.Pending);
        Assert.Equal(0, serverB.Pending);
        Assert.Equal(1, Snmp.Of(a).UdpInDatagrams);
        Assert.Equal(0, Snmp.Of(b).UdpInDatagrams);
        Assert.Equal(2, Udp.BoundSockets(a));
        Assert.Equal(1, Udp.BoundSockets(b));
    }

    [Fact]
    public void VethAcrossContexts_CarriesPing_ArpLearntOnEachSide()
    {
        var a = NewContext();
        var b = NewContext();
        Link(a, "10.0.0.1", b, "10.0.0.2");

        Assert.True(Icmp.Ping(a, Ip("10.0.0.2"), "hello"u8));

        Assert.True(Arp.TryLookup(a, Ipv4.ToUInt(Ip("10.0.0.2")), out _));
        Assert.True(Arp.TryLookup(b, Ipv4.ToUInt(Ip("10.0.0.1")), out _));
        Assert.Equal(1, Snmp.Of(b).IcmpInEchos);
        Assert.Equal(0, Snmp.Of(a).IcmpInEchos);
        Assert.Equal(1, Snmp.Of(a).ArpRequests);
    }

    [Fact]
    public void UdpEcho_AcrossContexts()
    {
        var client = NewContext();
        var server = NewContext();
        Link(client, "192.168.7.1", server, "192.168.7.2");
        using var listener = new UdpSocket(server);
        listener.Bind(IPAddress.Any, 7);
        using var socket = new UdpSocket(client);

        Assert.True(socket.SendTo("ping"u8, new IPEndPoint(Ip("192.168.7.2"), 7)));
        Assert.True(listener.TryReceive(out var request));
        Assert.Equal(Ip("192.168.7.1"), request.Remote.Address);
        Assert.True(listener.SendTo(request.Data, request.Remote));
        Assert.True(socket.TryReceive(out var reply));
        Assert.Equal("ping", Encoding.ASCII.GetString(reply.Data));
    }

    [Fact]
    public void OneApplication_HoldsSocketsInSeveralContexts()
    {
        var tenants = Enumerable.Range(0, 5).Select(_ => NewContext()).ToArray();
        var sockets = tenants.Select(t => new UdpSocket(t)).ToArray();
        foreach (var s in sockets)
            s.Bind(IPAddress.Loopback, 9000);

        for (var i = 0; i < tenants.Length; i++)
        {
            using var sender = new UdpSocket(tenants[i]);
            sender.SendTo(Encoding.ASCII.GetBytes("tenant " + i), new IPEndPoint(IPAddress.Loopback, 9000));
        }

        for (var i = 0; i < sockets.Length; i++)
        {
            Assert.True(sockets[i].TryReceive(out var datagram));
            Assert.Equal("tenant " + i, Encoding.ASCII.GetString(datagram.Data));
            Assert.False(sockets[i].TryReceive(out _));
            sockets[i].Dispose();
        }
    }

    [Fact]
    public void RoutesAndSysctls_ArePerContext()
    {
        var a = NewContext();
        var b = NewContext();
        var wideA = Devices.CreateExternal(a, "wide", _ => { });
        var narrowA = Devices.CreateExternal(a, "narrow", _ => { });
        wideA.SetUp();
        narrowA.SetUp();
        Ipv4.AddRoute(Ip("10.0.0.0"), 8, wideA);
        Ipv4.AddRoute(Ip("10.1.2.0"), 24, narrowA);
        Sysctl.Of(a).IpForward = true;
        Sysctl.Of(a).DefaultTtl = 5;

        Assert.Same(narrowA, Ipv4.Lookup(a, Ip("10.1.2.3"))!.Device);
        Assert.Same(wideA, Ipv4.Lookup(a, Ip("10.9.9.9"))!.Device);
        Assert.Null(Ipv4.Lookup(b, Ip("10.1.2.3")));
        Assert.False(Sysctl.Of(b).IpForward);
        Assert.Equal(64, Sysctl.Of(b).DefaultTtl);
    }

    [Fact]
    public void Forwarding_ThroughARouterContext()
    {
        var left = NewContext();
        var router = NewContext();
        var right = NewContext();
        var (l, _) = Link(left, "10.1.0.2", router, "10.1.0.1");
        var (_, r) = Link(router, "10.2.0.1", right, "10.2.0.2");
        Ipv4.AddRoute(Ip("0.0.0.0"), 0, l, Ip("10.1.0.1"));
        Ipv4.AddRoute(Ip("0.0.0.0"), 0, r, Ip("10.2.0.1"));

        Assert.False(Icmp.Ping(left, Ip("10.2.0.2"))); // the router does not forward yet
        Sysctl.Of(router).IpForward = true;
        Assert.True(Icmp.Ping(left, Ip("10.2.0.2")));
        Assert.Equal(2, Snmp.Of(router).IpForwDatagrams);
    }

    [Fact]
    public void MoveTo_RefusesLoopback_AndNameClashesClearly()
    {
        var a = NewContext();
        var b = NewContext();
        Assert.Throws<InvalidOperationException>(() => Devices.Loopback(a).MoveTo(b));
        var eth = Devices.CreateExternal(a, "eth0", _ => { });
        Devices.CreateExternal(b, "eth0", _ => { });

        var ex = Assert.Throws<InvalidOperationException>(() => eth.MoveTo(b));
        Assert.Contains("already has a device named eth0", ex.Message);
        Assert.Same(a, eth.Net);

        eth.AddAddress(Ip("10.0.0.1"), 24);
        eth.MoveTo(b, "eth1");
        Assert.Same(b, eth.Net);
        Assert.Equal("eth1", eth.Name);
        Assert.Empty(eth.Addresses);
        Assert.Null(Devices.ByName(a, "eth0"));
        Assert.Same(eth, Devices.ByName(b, "eth1"));
        Assert.Same(eth, Devices.ByIndex(b, eth.IfIndex));
        Assert.Null(Ipv4.Lookup(a, Ip("10.0.0.5")));
    }

    [Fact]
    public async Task Teardown_ClosesSockets_ReturnsDevicesToInitial()
    {
        var net = NetContext.Create();
        var socket = new UdpSocket(net);
        socket.Bind(IPAddress.Loopback, 4000);
        var eth = Devices.CreateExternal(net, "tap" + net.Id, _ => { });

        net.Dispose();
        await net.Destroyed.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(socket.IsClosed);
        Assert.Throws<ObjectDisposedException>(() => socket.SendTo("x"u8, new IPEndPoint(IPAddress.Loopback, 1)));
        Assert.Same(NetContext.Initial, eth.Net);
        Assert.Same(eth, Devices.ByName(NetContext.Initial, eth.Name));
        var next = NewContext();
        eth.MoveTo(next); // movable again
        Assert.Same(next, eth.Net);
    }

    [Fact]
    public void ContextQuota_RefusesTheNextContext()
    {
        var tenant = NewContext(limits: new NetContextLimits { MaxContexts = 2 });
        NewContext(tenant);
        NewContext(tenant);
        var ex = Assert.Throws<NetContextQuotaExceededException>(() => NetContext.Create(tenant));
        Assert.Equal(tenant.Id, ex.LevelId);
    }

    [Fact]
    public void SocketMemory_AboveSoftLimit_PressureDropsIncoming()
    {
        var sender = NewContext();
        var receiver = NewContext(limits: new NetContextLimits { MemorySoftLimit = 1000 });
        Link(sender, "10.0.0.1", receiver, "10.0.0.2");
        using var inbox = new UdpSocket(receiver);
        inbox.Bind(IPAddress.Any, 7000);
        using var outbox = new UdpSocket(sender);
        var to = new IPEndPoint(Ip("10.0.0.2"), 7000);

        for (var i = 0; i < 3; i++)
            Assert.True(outbox.SendTo(new byte[400], to));
        Assert.Equal(1200, receiver.ChargedMemory); // queued datagrams are charged to their context
        Assert.True(receiver.UnderPressure);
        Assert.False(sender.UnderPressure);

        Assert.True(outbox.SendTo(new byte[10], to)); // it leaves the sender, and is dropped on arrival
        Assert.Equal(3, inbox.Pending);
        Assert.Equal(1, Snmp.Of(receiver).UdpRcvbufErrors);

        while (inbox.TryReceive(out _)) { }
        Assert.Equal(0, receiver.ChargedMemory);
        Assert.False(receiver.UnderPressure);
        Assert.True(outbox.SendTo(new byte[10], to));
        Assert.Equal(1, inbox.Pending);
    }

    [Fact]
    public void SocketMemory_AtHardLimit_SendsFail()
    {
        var peer = NewContext();
        var host = NewContext(limits: new NetContextLimits { MemoryHardLimit = 1000 });
        Link(peer, "10.0.0.1", host, "10.0.0.2");
        using var inbox = new UdpSocket(host);
        inbox.Bind(IPAddress.Any, 7000);
        using var fromPeer = new UdpSocket(peer);
        Assert.True(fromPeer.SendTo(new byte[900], new IPEndPoint(Ip("10.0.0.2"), 7000)));
        Assert.Equal(900, host.ChargedMemory);

        Assert.False(inbox.SendTo(new byte[200], new IPEndPoint(Ip("10.0.0.1"), 9))); // 900 + 200 > 1000
        Assert.Equal(1, Snmp.Of(host).UdpSndbufErrors);
        Assert.Equal(900, host.ChargedMemory); // nothing half-charged

        Assert.True(inbox.TryReceive(out _));
        Assert.True(inbox.SendTo(new byte[200], new IPEndPoint(Ip("10.0.0.1"), 9)));
    }

    [Fact]
    public void SocketMemory_ChargesPropagateToTheTenant()
    {
        var tenant = NewContext(limits: new NetContextLimits { MemorySoftLimit = 500 });
        var a = NewContext(tenant);
        var b = NewContext(tenant);
        using var socketA = new UdpSocket(a);
        socketA.Bind(IPAddress.Loopback, 5000);
        using var sendA = new UdpSocket(a);
        sendA.SendTo(new byte[300], new IPEndPoint(IPAddress.Loopback, 5000));
        Assert.Equal(300, tenant.ChargedMemory); // A's queued datagram, charged up to the tenant
        Assert.False(b.UnderPressure);

        using var socketB = new UdpSocket(b);
        socketB.Bind(IPAddress.Loopback, 5000);
        using var sendB = new UdpSocket(b);
        sendB.SendTo(new byte[300], new IPEndPoint(IPAddress.Loopback, 5000));

        // In flight, B's 300 bytes and A's queued 300 take the tenant above its soft limit:
        // B drops on arrival although B itself holds nothing.
        Assert.Equal(0, socketB.Pending);
        Assert.Equal(1, Snmp.Of(b).UdpRcvbufErrors);
        Assert.True(a.TryCharge(300));
        Assert.True(b.UnderPressure);
        a.Uncharge(300);
    }
}
