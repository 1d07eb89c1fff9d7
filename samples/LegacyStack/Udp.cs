using System.Buffers.Binary;
using System.Net;

namespace LegacyStack;

/// <summary>A received datagram and who sent it.</summary>
public sealed record UdpDatagram(IPEndPoint Remote, byte[] Data);

/// <summary>A UDP socket bound to an address (or any) and a port.</summary>
public sealed class UdpSocket : IDisposable
{
    private readonly Queue<UdpDatagram> inbox = new();

    public IPEndPoint? LocalEndPoint { get; private set; }

    internal uint BoundAddress { get; private set; }

    internal int BoundPort { get; private set; }

    /// <summary>Binds to <paramref name="address"/> (Any for all) and <paramref name="port"/> (0 for an ephemeral one).</summary>
    public void Bind(IPAddress address, int port)
    {
        if (LocalEndPoint is not null)
            throw new InvalidOperationException("socket already bound");
        BoundAddress = Ipv4.ToUInt(address);
        BoundPort = Udp.Bind(this, BoundAddress, port);
        LocalEndPoint = new IPEndPoint(address, BoundPort);
    }

    public bool SendTo(ReadOnlySpan<byte> data, IPEndPoint remote)
    {
        if (LocalEndPoint is null)
            Bind(IPAddress.Any, 0);
        return Udp.Send(BoundAddress, BoundPort, Ipv4.ToUInt(remote.Address), remote.Port, data);
    }

    public bool TryReceive(out UdpDatagram datagram) => inbox.TryDequeue(out datagram!);

    public int Pending => inbox.Count;

    internal void Deliver(UdpDatagram datagram) => inbox.Enqueue(datagram);

    public void Dispose()
    {
        if (LocalEndPoint is not null)
            Udp.Unbind(this);
        LocalEndPoint = null;
    }
}

/// <summary>UDP: the port table, ephemeral port allocation, and the datagram path.</summary>
public static class Udp
{
    public const int HeaderLength = 8;
    public const int EphemeralLow = 49152;
    public const int EphemeralHigh = 65535;

    private static readonly Dictionary<int, List<UdpSocket>> ports = new();
    private static readonly Random random = new(7);
    private static int nextEphemeral;

    public static int BoundSockets => ports.Values.Sum(l => l.Count);

    internal static int Bind(UdpSocket socket, uint address, int port)
    {
        if (port == 0)
            port = AllocateEphemeral();
        if (ports.TryGetValue(port, out var bound) &&
            bound.Any(s => s.BoundAddress == address || s.BoundAddress == 0 || address == 0))
            throw new InvalidOperationException($"address {Ipv4.ToAddress(address)}:{port} is already in use");
        if (bound is null)
            ports[port] = bound = new List<UdpSocket>();
        bound.Add(socket);
        return port;
    }

    internal static void Unbind(UdpSocket socket)
    {
        if (ports.TryGetValue(socket.BoundPort, out var bound) && bound.Remove(socket) && bound.Count == 0)
            ports.Remove(socket.BoundPort);
    }

    private static int AllocateEphemeral()
    {
        if (nextEphemeral == 0)
            nextEphemeral = random.Next(EphemeralLow, EphemeralHigh + 1);
        for (var tries = 0; tries <= EphemeralHigh - EphemeralLow; tries++)
        {
            var candidate = nextEphemeral;
            nextEphemeral = candidate == EphemeralHigh ? EphemeralLow : candidate + 1;
            if (!ports.ContainsKey(candidate))
                return candidate;
        }

        throw new InvalidOperationException("no ephemeral port left");
    }

    internal static bool Send(uint source, int sourcePort, uint destination, int destinationPort, ReadOnlySpan<byte> data)
    {
        var datagram = new byte[HeaderLength + data.Length];
        BinaryPrimitives.WriteUInt16BigEndian(datagram, (ushort)sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(2), (ushort)destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(4), (ushort)datagram.Length);
        data.CopyTo(datagram.AsSpan(HeaderLength));
        if (source == 0 && Ipv4.Lookup(destination) is { Device.Addresses.Count: > 0 } route)
            source = route.Device.Addresses[0].Address;
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(6), Checksum.Udp(source, destination, datagram));
        Snmp.Count(ref Snmp.UdpOutDatagrams);
        return Ipv4.Send(source, destination, Ipv4.ProtocolUdp, datagram);
    }

    internal static void Receive(uint source, uint destination, ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < HeaderLength)
            return;
        var sourcePort = BinaryPrimitives.ReadUInt16BigEndian(datagram);
        var destinationPort = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        var socket = ports.TryGetValue(destinationPort, out var bound)
            ? bound.FirstOrDefault(s => s.BoundAddress == destination) ?? bound.FirstOrDefault(s => s.BoundAddress == 0)
            : null;
        if (socket is null)
        {
            Snmp.Count(ref Snmp.UdpNoPorts);
            return;
        }

        Snmp.Count(ref Snmp.UdpInDatagrams);
        socket.Deliver(new UdpDatagram(new IPEndPoint(Ipv4.ToAddress(source), sourcePort), datagram[HeaderLength..].ToArray()));
    }

    internal static void Reset()
    {
        ports.Clear();
        nextEphemeral = 0;
    }
}
