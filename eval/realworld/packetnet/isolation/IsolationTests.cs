// Isolation of PacketDotNet's per-context state (labels.tsv: GrePacket.CustomPayloadDecoder,
// TransportPacket.CustomPayloadDecoder, VxlanFields.DestinationPort), through the old public API only.
// Payloads are parsed lazily, so every packet is parsed *and its payload read* inside the same Enter().
using System;
using PacketDotNet;
using PacketDotNet.Utils;
using PerNet;
using Xunit;

public class PacketNetIsolation
{
    static readonly byte[] Payload = { 1, 2, 3, 4 };
    static readonly byte[] Marker = { 0xEE, 0xEE };

    static ushort Be16(byte[] b, int i, int v) { b[i] = (byte)(v >> 8); b[i + 1] = (byte)v; return (ushort)v; }

    // UDP header (8 bytes) + payload.
    static byte[] Udp(int srcPort, int dstPort, byte[] payload)
    {
        var b = new byte[8 + payload.Length];
        Be16(b, 0, srcPort); Be16(b, 2, dstPort); Be16(b, 4, b.Length);
        payload.CopyTo(b, 8);
        return b;
    }

    // TCP header (20 bytes, data offset 5, ACK) + payload.
    static byte[] Tcp(int srcPort, int dstPort, byte[] payload)
    {
        var b = new byte[20 + payload.Length];
        Be16(b, 0, srcPort); Be16(b, 2, dstPort);
        b[12] = 5 << 4; b[13] = 0x10; Be16(b, 14, 1024);
        payload.CopyTo(b, 20);
        return b;
    }

    // Ethernet + IPv4 + UDP + VXLAN header + inner Ethernet header (EtherType 0x88B5, no payload).
    static byte[] EthernetIpv4UdpVxlan(int dstPort)
    {
        var vxlanAndInner = new byte[8 + 14];
        vxlanAndInner[0] = 0x08;                       // VXLAN flags: VNI present
        vxlanAndInner[6] = 42;                         // VNI 42 (bytes 4..6)
        Be16(vxlanAndInner, 8 + 12, 0x88B5);
        var udp = Udp(40000, dstPort, vxlanAndInner);
        var ip = new byte[20 + udp.Length];
        ip[0] = 0x45; Be16(ip, 2, ip.Length); ip[8] = 64; ip[9] = 17;
        ip[12] = 10; ip[15] = 1; ip[16] = 10; ip[19] = 2;
        udp.CopyTo(ip, 20);
        var eth = new byte[14 + ip.Length];
        for (var i = 0; i < 12; i++) eth[i] = (byte)(i < 6 ? 0x02 : 0x04);
        Be16(eth, 12, 0x0800);
        ip.CopyTo(eth, 14);
        return eth;
    }

    static UdpPacket ParseUdp(byte[] frame) =>
        Packet.ParsePacket(LinkLayers.Ethernet, frame).Extract<UdpPacket>();

    [Fact]
    public void TransportPacket_CustomPayloadDecoder_is_per_context()
    {
        using var a = NetContext.Create();
        using var b = NetContext.Create();
        using (a.Enter())
        {
            Assert.Null(TransportPacket.CustomPayloadDecoder);
            TransportPacket.CustomPayloadDecoder = (payload, packet) =>
                new PacketOrByteArraySegment { ByteArraySegment = new ByteArraySegment(Marker) };
        }
        try
        {
            using (b.Enter())
            {
                Assert.Null(TransportPacket.CustomPayloadDecoder);
                Assert.Equal(Payload, new UdpPacket(new ByteArraySegment(Udp(1000, 2000, Payload))).PayloadData);
                Assert.Equal(Payload, new TcpPacket(new ByteArraySegment(Tcp(1000, 2000, Payload))).PayloadData);
            }
            using (a.Enter())
            {
                Assert.NotNull(TransportPacket.CustomPayloadDecoder);
                Assert.Equal(Marker, new UdpPacket(new ByteArraySegment(Udp(1000, 2000, Payload))).PayloadData);
                Assert.Equal(Marker, new TcpPacket(new ByteArraySegment(Tcp(1000, 2000, Payload))).PayloadData);
            }
        }
        finally
        {
            using (a.Enter()) TransportPacket.CustomPayloadDecoder = null;
        }
    }

    [Fact]
    public void GrePacket_CustomPayloadDecoder_is_per_context()
    {
        // GRE header without options, protocol 0x88BE (ERSPAN, not decoded by default) + payload.
        var gre = new byte[] { 0x00, 0x00, 0x88, 0xBE, 1, 2, 3, 4 };
        using var a = NetContext.Create();
        using var b = NetContext.Create();
        using (b.Enter())
        {
            GrePacket.CustomPayloadDecoder = (payload, packet) =>
                new PacketOrByteArraySegment { ByteArraySegment = new ByteArraySegment(Marker) };
        }
        try
        {
            using (a.Enter())
            {
                Assert.Null(GrePacket.CustomPayloadDecoder);
                var p = new GrePacket(new ByteArraySegment((byte[])gre.Clone()), null);
                Assert.Equal(Payload, p.PayloadData);
            }
            using (b.Enter())
            {
                var p = new GrePacket(new ByteArraySegment((byte[])gre.Clone()), null);
                Assert.Equal(Marker, p.PayloadData);
            }
        }
        finally
        {
            using (b.Enter()) GrePacket.CustomPayloadDecoder = null;
        }
    }

    [Fact]
    public void VxlanFields_DestinationPort_is_per_context()
    {
        using var a = NetContext.Create();
        using var b = NetContext.Create();
        try
        {
            using (a.Enter())
            {
                Assert.Equal(4789, VxlanFields.DestinationPort);
                VxlanFields.DestinationPort = 8472;
            }
            using (b.Enter())
            {
                Assert.Equal(4789, VxlanFields.DestinationPort);
                Assert.IsType<VxlanPacket>(ParseUdp(EthernetIpv4UdpVxlan(4789)).PayloadPacket);
                Assert.Null(ParseUdp(EthernetIpv4UdpVxlan(8472)).PayloadPacket);
                VxlanFields.DestinationPort = 9999;                      // and the other way round
            }
            using (a.Enter())
            {
                Assert.Equal(8472, VxlanFields.DestinationPort);
                Assert.IsType<VxlanPacket>(ParseUdp(EthernetIpv4UdpVxlan(8472)).PayloadPacket);
                Assert.Null(ParseUdp(EthernetIpv4UdpVxlan(4789)).PayloadPacket);
            }
            using (b.Enter())
            {
                Assert.Equal(9999, VxlanFields.DestinationPort);
            }
        }
        finally
        {
            using (a.Enter()) VxlanFields.DestinationPort = VxlanFields.DefaultDestinationPort;
            using (b.Enter()) VxlanFields.DestinationPort = VxlanFields.DefaultDestinationPort;
        }
    }
}
