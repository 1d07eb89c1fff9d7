using System.Buffers.Binary;
using LegacyStack;

namespace LegacyStack.Tests;

/// <summary>
/// A minimal host on the far side of a wire: answers ARP for its address and ICMP echo, records
/// what it receives. The legacy stack can only ever be one host, so its peers must live outside it.
/// </summary>
internal sealed class PeerHost
{
    public PeerHost(uint address, MacAddress mac)
    {
        Address = address;
        Mac = mac;
    }

    public uint Address { get; }

    public MacAddress Mac { get; }

    /// <summary>The stack's device this host is wired to.</summary>
    public NetDevice? Link { get; set; }

    public List<byte[]> Received { get; } = new();

    /// <summary>IPv4 packets (without Ethernet header) that arrived, by TTL seen.</summary>
    public List<(byte Ttl, byte Protocol, uint Source, uint Destination)> Packets { get; } = new();

    public void OnFrame(byte[] frame)
    {
        Received.Add(frame);
        var type = BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(12));
        var payload = frame.AsSpan(Ethernet.HeaderLength);
        if (type == Ethernet.TypeArp && BinaryPrimitives.ReadUInt16BigEndian(payload[6..]) == 1 &&
            BinaryPrimitives.ReadUInt32BigEndian(payload[24..]) == Address)
        {
            var requester = MacAddress.Read(payload[8..]);
            var requesterIp = BinaryPrimitives.ReadUInt32BigEndian(payload[14..]);
            var reply = new byte[Arp.PacketLength];
            payload[..8].CopyTo(reply);
            BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(6), 2);
            Mac.Write(reply.AsSpan(8));
            BinaryPrimitives.WriteUInt32BigEndian(reply.AsSpan(14), Address);
            requester.Write(reply.AsSpan(18));
            BinaryPrimitives.WriteUInt32BigEndian(reply.AsSpan(24), requesterIp);
            Link!.Receive(Frame(requester, Ethernet.TypeArp, reply));
        }
        else if (type == Ethernet.TypeIpv4)
        {
            var source = BinaryPrimitives.ReadUInt32BigEndian(payload[12..]);
            var destination = BinaryPrimitives.ReadUInt32BigEndian(payload[16..]);
            Packets.Add((payload[8], payload[9], source, destination));
            var icmp = payload[Ipv4.HeaderLength..];
            if (destination == Address && payload[9] == Ipv4.ProtocolIcmp && icmp[0] == Icmp.TypeEchoRequest)
            {
                var reply = icmp.ToArray();
                reply[0] = Icmp.TypeEchoReply;
                reply[2] = reply[3] = 0;
                BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(2), Checksum.Internet(reply));
                SendIpv4(MacAddress.Read(frame.AsSpan(6)), Address, source, 64, Ipv4.ProtocolIcmp, reply);
            }
        }
    }

    /// <summary>Sends an IPv4 packet into the stack, to the MAC of its device.</summary>
    public void SendIpv4(MacAddress to, uint source, uint destination, byte ttl, byte protocol, byte[] payload)
    {
        var packet = new byte[Ipv4.HeaderLength + payload.Length];
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        packet[8] = ttl;
        packet[9] = protocol;
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(12), source);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(16), destination);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), Checksum.Internet(packet.AsSpan(0, Ipv4.HeaderLength)));
        payload.CopyTo(packet.AsSpan(Ipv4.HeaderLength));
        Link!.Receive(Frame(to, Ethernet.TypeIpv4, packet));
    }

    public static byte[] EchoRequest(ushort id)
    {
        var message = new byte[8];
        message[0] = Icmp.TypeEchoRequest;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(4), id);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), Checksum.Internet(message));
        return message;
    }

    private byte[] Frame(MacAddress to, ushort type, byte[] payload)
    {
        var frame = new byte[Ethernet.HeaderLength + payload.Length];
        to.Write(frame);
        Mac.Write(frame.AsSpan(6));
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), type);
        payload.CopyTo(frame.AsSpan(Ethernet.HeaderLength));
        return frame;
    }

    /// <summary>Wires a new stack device to a new peer host at <paramref name="peerAddress"/>.</summary>
    public static (NetDevice Device, PeerHost Peer) Attach(string deviceName, string localAddress, string peerAddress, int prefixLength, ulong peerMac)
    {
        var peer = new PeerHost(Ipv4.ToUInt(System.Net.IPAddress.Parse(peerAddress)), new MacAddress(peerMac));
        var device = Devices.CreateExternal(deviceName, peer.OnFrame);
        peer.Link = device;
        device.AddAddress(System.Net.IPAddress.Parse(localAddress), prefixLength);
        device.SetUp();
        return (device, peer);
    }
}
