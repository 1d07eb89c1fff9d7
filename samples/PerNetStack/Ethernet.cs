using System.Buffers.Binary;

namespace PerNetStack;

/// <summary>Ethernet II framing and dispatch by EtherType (no state).</summary>
public static class Ethernet
{
    public const int HeaderLength = 14;
    public const ushort TypeIpv4 = 0x0800;
    public const ushort TypeArp = 0x0806;

    public static void Send(NetDevice device, MacAddress destination, ushort etherType, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[HeaderLength + payload.Length];
        destination.Write(frame);
        device.Mac.Write(frame.AsSpan(6));
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), etherType);
        payload.CopyTo(frame.AsSpan(HeaderLength));
        device.Transmit(frame);
    }

    internal static void Receive(NetDevice device, byte[] frame)
    {
        if (frame.Length < HeaderLength)
            return;
        var destination = MacAddress.Read(frame);
        if (!device.IsLoopback && destination != device.Mac && destination != MacAddress.Broadcast)
            return;
        var payload = frame.AsSpan(HeaderLength);
        switch (BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(12)))
        {
            case TypeArp:
                Arp.Receive(device, payload);
                break;
            case TypeIpv4:
                Ipv4.Receive(device, payload);
                break;
        }
    }
}
