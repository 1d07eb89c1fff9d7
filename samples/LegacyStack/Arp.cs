using System.Buffers.Binary;

namespace LegacyStack;

/// <summary>ARP (RFC 826): resolves next-hop IPv4 addresses to MAC addresses, with a timed cache.</summary>
public static class Arp
{
    public const int PacketLength = 28;
    private const ushort OpRequest = 1;
    private const ushort OpReply = 2;

    private static readonly Dictionary<uint, (MacAddress Mac, long ExpiresAt)> cache = new();

    public static int CacheCount => cache.Count;

    /// <summary>A cached, unexpired mapping.</summary>
    public static bool TryLookup(uint address, out MacAddress mac)
    {
        if (cache.TryGetValue(address, out var entry) && entry.ExpiresAt > Environment.TickCount64)
        {
            mac = entry.Mac;
            return true;
        }

        mac = default;
        return false;
    }

    /// <summary>Resolves through the cache, or asks on the link (the wire answers synchronously).</summary>
    public static bool TryResolve(NetDevice device, uint address, out MacAddress mac)
    {
        if (TryLookup(address, out mac))
            return true;
        if (device.Addresses.Count == 0)
            return false;
        SendPacket(device, OpRequest, MacAddress.Broadcast, MacAddress.Zero, device.Addresses[0].Address, address);
        Snmp.Count(ref Snmp.ArpRequests);
        return TryLookup(address, out mac);
    }

    public static void Flush() => cache.Clear();

    internal static void Receive(NetDevice device, ReadOnlySpan<byte> packet)
    {
        if (packet.Length < PacketLength || BinaryPrimitives.ReadUInt16BigEndian(packet) != 1 ||
            BinaryPrimitives.ReadUInt16BigEndian(packet[2..]) != Ethernet.TypeIpv4)
            return;
        var op = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]);
        var senderMac = MacAddress.Read(packet[8..]);
        var senderIp = BinaryPrimitives.ReadUInt32BigEndian(packet[14..]);
        var targetIp = BinaryPrimitives.ReadUInt32BigEndian(packet[24..]);
        Learn(senderIp, senderMac);
        if (op == OpRequest && device.Addresses.Any(a => a.Address == targetIp))
        {
            SendPacket(device, OpReply, senderMac, senderMac, targetIp, senderIp);
            Snmp.Count(ref Snmp.ArpReplies);
        }
    }

    private static void Learn(uint address, MacAddress mac) =>
        cache[address] = (mac, Environment.TickCount64 + Sysctl.ArpTimeoutMs);

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
