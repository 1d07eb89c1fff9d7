using System.Buffers.Binary;
using System.Net;

namespace LegacyStack;

/// <summary>ICMP echo (ping), and names for message types.</summary>
public static class Icmp
{
    public const byte TypeEchoReply = 0;
    public const byte TypeDestinationUnreachable = 3;
    public const byte TypeEchoRequest = 8;

    private static readonly string[] typeNames =
    {
        "echo-reply", "1", "2", "destination-unreachable", "source-quench", "redirect", "6", "7", "echo-request",
    };

    private static readonly Dictionary<(ushort Id, ushort Sequence), byte[]> replies = new();
    private static ushort nextEchoId = 0x100;

    public static string TypeName(int type) => type >= 0 && type < typeNames.Length ? typeNames[type] : type.ToString();

    /// <summary>Sends an echo request and reports whether the matching reply came back with the same payload.</summary>
    public static bool Ping(IPAddress destination, ReadOnlySpan<byte> payload = default)
    {
        var id = nextEchoId++;
        const ushort sequence = 1;
        var message = new byte[8 + payload.Length];
        message[0] = TypeEchoRequest;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(4), id);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(6), sequence);
        payload.CopyTo(message.AsSpan(8));
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), Checksum.Internet(message));
        if (!Ipv4.Send(0, Ipv4.ToUInt(destination), Ipv4.ProtocolIcmp, message))
            return false;
        return replies.Remove((id, sequence), out var echoed) && echoed.AsSpan().SequenceEqual(payload);
    }

    internal static void Receive(uint source, uint destination, ReadOnlySpan<byte> message)
    {
        if (message.Length < 8 || Checksum.Internet(message) != 0)
            return;
        switch (message[0])
        {
            case TypeEchoRequest:
                Snmp.Count(ref Snmp.IcmpInEchos);
                var reply = message.ToArray();
                reply[0] = TypeEchoReply;
                reply[2] = reply[3] = 0;
                BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(2), Checksum.Internet(reply));
                Snmp.Count(ref Snmp.IcmpOutEchoReps);
                Ipv4.Send(destination, source, Ipv4.ProtocolIcmp, reply);
                break;
            case TypeEchoReply:
                var id = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
                var sequence = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
                replies[(id, sequence)] = message[8..].ToArray();
                break;
        }
    }

    internal static void Reset()
    {
        replies.Clear();
        nextEchoId = 0x100;
    }
}
