using System.Buffers.Binary;
using PerNet;

namespace PerNetStack;

/// <summary>The Internet checksum (RFC 1071), and the UDP checksum over its pseudo-header.</summary>
public static class Checksum
{
    [ThreadStatic]
    [SharedAcrossContexts("scratch space: written in full before every read, never carries data between calls")]
    private static byte[]? scratch;

    public static ushort Internet(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        var i = 0;
        for (; i + 1 < data.Length; i += 2)
            sum += (uint)((data[i] << 8) | data[i + 1]);
        if (i < data.Length)
            sum += (uint)(data[i] << 8);
        while ((sum >> 16) != 0)
            sum = (sum & 0xffff) + (sum >> 16);
        return (ushort)~sum;
    }

    public static ushort Udp(uint source, uint destination, ReadOnlySpan<byte> datagram)
    {
        var length = 12 + datagram.Length;
        if (scratch is null || scratch.Length < length)
            scratch = new byte[Math.Max(length, 2048)];
        var buffer = scratch.AsSpan(0, length);
        buffer.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(buffer, source);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], destination);
        buffer[9] = Ipv4.ProtocolUdp;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[10..], (ushort)datagram.Length);
        datagram.CopyTo(buffer[12..]);
        buffer[18] = buffer[19] = 0;
        var sum = Internet(buffer);
        return sum == 0 ? (ushort)0xffff : sum;
    }
}
