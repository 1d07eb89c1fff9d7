using System.Buffers.Binary;
using PerNet;

namespace PerNetStack;

/// <summary>ARP (RFC 826), with one neighbour cache per context.</summary>
public static class Arp
{
    public const int PacketLength = 28;
    private const ushort OpRequest = 1;
    private const ushort OpReply = 2;

    private sealed class State : PerNet<State>
    {
        public readonly Dictionary<uint, (MacAddress Mac, long ExpiresAt)> cache = new();
    }

    public static int CacheCount(NetContext net) => State.Of(net).cache.Count;

    public static bool TryLookup(NetContext net, uint address, out MacAddress mac)
    {
        if (State.Of(net).cache.TryGetValue(address, out var entry) && entry.ExpiresAt > Environment.TickCount64)
        {
            mac = entry.Mac;
            return true;
        }

        mac = default;
        return false;
    }

    /// <summary>Resolves through the device's context's cache, or asks on the link (the wire answers synchronously).</summary>
    public static bool TryResolve(NetDevice device, uint address, out MacAddress mac)
    {
        var net = device.Net;
        if (TryLookup(net, address, out mac))
            return true;
        if (device.Addresses.Count == 0)
            return false;
        SendPacket(device, OpRequest, MacAddress.Broadcast, MacAddress.Zero, device.Addresses[0].Address, address);
        Interlocked.Increment(ref Snmp.Of(net).ArpRequests);
        return TryLookup(net, address, out mac);
    }

    public static void Flush(NetContext net) => State.Of(net).cache.Clear();

    internal static void Receive(NetDevice device, ReadOnlySpan<byte> packet)
    {
        if (packet.Length < PacketLength || BinaryPrimitives.ReadUInt16BigEndian(packet) != 1 ||
            BinaryPrimitives.ReadUInt16BigEndian(packet[2..]) != Ethernet.TypeIpv4)
            return;
        var net = device.Net;
        var op = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]);
        var senderMac = MacAddress.Read(packet[8..]);
        var senderIp = BinaryPrimitives.ReadUInt32BigEndian(packet[14..]);
        var targetIp = BinaryPrimitives.ReadUInt32BigEndian(packet[24..]);
        State.Of(net).cache[senderIp] = (senderMac, Environment.TickCount64 + Sysctl.Of(net).ArpTimeoutMs);
        if (op == OpRequest && device.Addresses.Any(a => a.Address == targetIp))
        {
            SendPacket(device, OpReply, senderMac, senderMac, targetIp, senderIp);
            Interlocked.Increment(ref Snmp.Of(net).ArpReplies);
        }
    }

    private static void SendPacket(NetDevice device, ushort op, MacAddress frameTo, MacAddress targetMac, uint senderIp, uint targetIp)
    {
        Span<byte> packet = stackalloc byte[PacketLength];
        BinaryPrimitives.WriteUInt16BigEndian(packet, 1);
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], Ethernet.TypeIpv4);
        packet[4] = 6;
        packet[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(packet[6..], op);
        device.Mac.Write(packet[8..]);
        BinaryPrimitives.WriteUInt32BigEndian(packet[14..], senderIp);
        targetMac.Write(packet[18..]);
        BinaryPrimitives.WriteUInt32BigEndian(packet[24..], targetIp);
        Ethernet.Send(device, frameTo, Ethernet.TypeArp, packet);
    }
}
