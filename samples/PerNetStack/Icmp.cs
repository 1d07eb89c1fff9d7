using System.Buffers.Binary;
using System.Net;
using PerNet;

namespace PerNetStack;

/// <summary>ICMP echo (ping) per context, and names for message types.</summary>
public static class Icmp
{
    public const byte TypeEchoReply = 0;
    public const byte TypeEchoRequest = 8;

    private static readonly string[] typeNames =
    {
        "echo-reply", "1", "2", "destination-unreachable", "source-quench", "redirect", "6", "7", "echo-request",
    };

    private sealed class State : PerNet<State>
    {
        public readonly Dictionary<(ushort Id, ushort Sequence), byte[]> replies = new();
        public ushort nextEchoId = 0x100;
    }

    public static string TypeName(int type) => type >= 0 && type < typeNames.Length ? typeNames[type] : type.ToString();

    /// <summary>Pings from <paramref name="net"/>; true when the matching reply came back with the same payload.</summary>
    public static bool Ping(NetContext net, IPAddress destination, ReadOnlySpan<byte> payload = default)
    {
        var state = State.Of(net);
        var id = state.nextEchoId++;
        const ushort sequence = 1;
        var message = new byte[8 + payload.Length];
        message[0] = TypeEchoRequest;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(4), id);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(6), sequence);
        payload.CopyTo(message.AsSpan(8));
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), Checksum.Internet(message));
        if (!Ipv4.Send(net, 0, Ipv4.ToUInt(destination), Ipv4.ProtocolIcmp, message))
            return false;
        return state.replies.Remove((id, sequence), out var echoed) && echoed.AsSpan().SequenceEqual(payload);
    }

    internal static void Receive(NetContext net, uint source, uint destination, ReadOnlySpan<byte> message)
    {
        if (message.Length < 8 || Checksum.Internet(message) != 0)
            return;
        if (message[0] == TypeEchoRequest)
        {
            Interlocked.Increment(ref Snmp.Of(net).IcmpInEchos);
            var reply = message.ToArray();
            reply[0] = TypeEchoReply;
            reply[2] = reply[3] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(2), Checksum.Internet(reply));
            Interlocked.Increment(ref Snmp.Of(net).IcmpOutEchoReps);
            Ipv4.Send(net, destination, source, Ipv4.ProtocolIcmp, reply);
        }
        else if (message[0] == TypeEchoReply)
        {
            var id = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
            var sequence = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
            State.Of(net).replies[(id, sequence)] = message[8..].ToArray();
        }
    }
}
