using System.Net;
using System.Text;
using LegacyStack;

namespace LegacyStack.Tests;

/// <summary>The stack through its public API, the way an application uses it.</summary>
public class StackTests
{
    public StackTests()
    {
        NetStack.Reset();
        Devices.Loopback();
    }

    private static IPAddress Ip(string text) => IPAddress.Parse(text);

    [Fact]
    public void PingOverLoopback_Replies()
    {
        Assert.True(Icmp.Ping(IPAddress.Loopback, "hello"u8));
        Assert.Equal(1, Snmp.IcmpInEchos);
        Assert.Equal(1, Snmp.IcmpOutEchoReps);
    }

    [Fact]
    public void UdpEchoOverLoopback_RoundTrips()
    {
        using var server = new UdpSocket();
        server.Bind(IPAddress.Loopback, 7);
        using var client = new UdpSocket();

        Assert.True(client.SendTo("ping"u8, new IPEndPoint(IPAddress.Loopback, 7)));
        Assert.True(server.TryReceive(out var request));
        Assert.Equal("ping", Encoding.ASCII.GetString(request.Data));
        Assert.True(server.SendTo(request.Data, request.Remote));
        Assert.True(client.TryReceive(out var reply));

        Assert.Equal("ping", Encoding.ASCII.GetString(reply.Data));
        Assert.Equal(7, reply.Remote.Port);
        Assert.InRange(client.LocalEndPoint!.Port, Udp.EphemeralLow, Udp.EphemeralHigh);
        Assert.Equal(2, Snmp.UdpInDatagrams);
        Assert.Equal(2, Snmp.UdpOutDatagrams);
    }

    [Fact]
    public void UdpToUnboundPort_CountedAsNoPort()
    {
        using var client = new UdpSocket();
        client.SendTo("x"u8, new IPEndPoint(IPAddress.Loopback, 9));
        Assert.Equal(1, Snmp.UdpNoPorts);
        Assert.Equal(0, Snmp.UdpInDatagrams);
    }

    [Fact]
    public void BindSamePortTwice_Refused()
    {
        using var first = new UdpSocket();
        first.Bind(IPAddress.Loopback, 5353);
        using var second = new UdpSocket();
        Assert.Throws<InvalidOperationException>(() => second.Bind(IPAddress.Any, 5353));
        first.Dispose();
        second.Bind(IPAddress.Any, 5353);
        Assert.Equal(1, Udp.BoundSockets);
    }

    [Fact]
    public void ArpAndPing_AcrossWireToPeer_ResolveOnceThenCached()
    {
        var (eth0, peer) = PeerHost.Attach("eth0", "10.0.0.1", "10.0.0.2", 24, 0x02_aa_00_00_00_02);

        Assert.True(Icmp.Ping(Ip("10.0.0.2"), "abc"u8));
        Assert.True(Arp.TryLookup(peer.Address, out var mac));
        Assert.Equal(peer.Mac, mac);
        Assert.Equal(1, Snmp.ArpRequests);

        Assert.True(Icmp.Ping(Ip("10.0.0.2")));
        Assert.Equal(1, Snmp.ArpRequests); // answered from the cache
        Assert.Equal(2, peer.Packets.Count(p => p.Protocol == Ipv4.ProtocolIcmp));
        Assert.Equal("eth0", Devices.ByIndex(eth0.IfIndex)!.Name);
    }

    [Fact]
    public void ArpTimeoutSysctl_ZeroExpiresEntries()
    {
        Sysctl.ArpTimeoutMs = 0;
        var (_, peer) = PeerHost.Attach("eth0", "10.0.0.1", "10.0.0.2", 24, 0x02_aa_00_00_00_02);
        Assert.False(Icmp.Ping(Ip("10.0.0.2"))); // the entry expires before the echo can use it
        Assert.False(Arp.TryLookup(peer.Address, out _));
    }

    [Fact]
    public void PeerUnanswered_ArpFails()
    {
        PeerHost.Attach("eth0", "10.0.0.1", "10.0.0.2", 24, 0x02_aa_00_00_00_02);
        Assert.False(Icmp.Ping(Ip("10.0.0.99")));
        Assert.Equal(1, Snmp.ArpFailures);
    }

    [Fact]
    public void LongestPrefixMatch_PicksMostSpecificRouteThatIsUp()
    {
        var wide = Devices.CreateExternal("wide", _ => { });
        var mid = Devices.CreateExternal("mid", _ => { });
        var narrow = Devices.CreateExternal("narrow", _ => { });
        foreach (var d in new[] { wide, mid, narrow })
            d.SetUp();
        Ipv4.AddRoute(Ip("10.0.0.0"), 8, wide);
        Ipv4.AddRoute(Ip("10.1.0.0"), 16, mid);
        Ipv4.AddRoute(Ip("10.1.2.0"), 24, narrow);

        Assert.Same(narrow, Ipv4.Lookup(Ip("10.1.2.3"))!.Device);
        Assert.Same(mid, Ipv4.Lookup(Ip("10.1.9.9"))!.Device);
        Assert.Same(wide, Ipv4.Lookup(Ip("10.200.0.1"))!.Device);
        Assert.Null(Ipv4.Lookup(Ip("192.168.1.1")));

        narrow.SetDown();
        Assert.Same(mid, Ipv4.Lookup(Ip("10.1.2.3"))!.Device);
    }

    [Fact]
    public void DefaultRouteThroughGateway_ResolvesGatewayNotDestination()
    {
        var (eth0, gateway) = PeerHost.Attach("eth0", "10.0.0.1", "10.0.0.254", 24, 0x02_aa_00_00_00_fe);
        Ipv4.AddRoute(Ip("0.0.0.0"), 0, eth0, Ip("10.0.0.254"));

        Ipv4.Send(0, Ipv4.ToUInt(Ip("8.8.8.8")), Ipv4.ProtocolUdp, new byte[8]);

        Assert.True(Arp.TryLookup(gateway.Address, out _));
        Assert.Contains(gateway.Packets, p => p.Destination == Ipv4.ToUInt(Ip("8.8.8.8")));
    }

    [Fact]
    public void IpForwardSysctl_ControlsForwarding()
    {
        var (eth0, left) = PeerHost.Attach("eth0", "10.0.0.1", "10.0.0.2", 24, 0x02_aa_00_00_00_02);
        var (_, right) = PeerHost.Attach("eth1", "10.9.0.1", "10.9.0.2", 24, 0x02_bb_00_00_00_02);
        var echo = PeerHost.EchoRequest(1);

        left.SendIpv4(eth0.Mac, left.Address, right.Address, 10, Ipv4.ProtocolIcmp, echo);
        Assert.DoesNotContain(right.Packets, p => p.Protocol == Ipv4.ProtocolIcmp);
        Assert.Equal(1, Snmp.IpInAddrErrors);

        Sysctl.IpForward = true;
        left.SendIpv4(eth0.Mac, left.Address, right.Address, 10, Ipv4.ProtocolIcmp, echo);
        var forwarded = Assert.Single(right.Packets, p => p.Destination == right.Address && p.Source == left.Address);
        Assert.Equal(9, forwarded.Ttl);
        Assert.Equal(2, Snmp.IpForwDatagrams); // the request, and the reply on its way back
        // The right host answered; the reply was forwarded back to the left host.
        Assert.Contains(left.Packets, p => p.Source == right.Address && p.Destination == left.Address);
    }

    [Fact]
    public void DefaultTtlSysctl_AppliesToSentPackets()
    {
        Sysctl.DefaultTtl = 5;
        var (_, peer) = PeerHost.Attach("eth0", "10.0.0.1", "10.0.0.2", 24, 0x02_aa_00_00_00_02);
        Icmp.Ping(Ip("10.0.0.2"));
        Assert.All(peer.Packets, p => Assert.Equal(5, p.Ttl));
    }

    [Fact]
    public void LinkEvents_RaisedOnUpAndDown()
    {
        var seen = new List<string>();
        Devices.LinkUp += d => seen.Add("up " + d.Name);
        Devices.LinkDown += d => seen.Add("down " + d.Name);
        var (a, b) = Devices.CreateVethPair("veth0", "veth1");
        a.SetUp();
        b.SetUp();
        a.SetDown();
        Assert.Equal(new[] { "up veth0", "up veth1", "down veth0" }, seen);
    }

    [Fact]
    public void DownDevice_DropsTransmit()
    {
        var (eth0, _) = PeerHost.Attach("eth0", "10.0.0.1", "10.0.0.2", 24, 0x02_aa_00_00_00_02);
        Ipv4.AddRoute(Ip("10.5.0.0"), 16, eth0, Ip("10.0.0.2"));
        Assert.True(Icmp.Ping(Ip("10.0.0.2")));
        eth0.SetDown();
        Assert.False(Icmp.Ping(Ip("10.0.0.2")));
        Assert.True(Snmp.IpOutNoRoutes >= 1);
    }

    [Fact]
    public void DeviceRegistry_ByNameAndIndex_RejectsDuplicates()
    {
        var (a, b) = Devices.CreateVethPair("veth0", "veth1");
        Assert.Same(a, Devices.ByName("veth0"));
        Assert.Same(b, Devices.ByIndex(b.IfIndex));
        Assert.NotEqual(a.Mac, b.Mac);
        Assert.Throws<InvalidOperationException>(() => Devices.CreateVethPair("veth0", "veth9"));
        Assert.Equal("echo-request", Icmp.TypeName(Icmp.TypeEchoRequest));
    }
}
