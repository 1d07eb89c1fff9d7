using System.Buffers.Binary;
using System.Net;
using PerNet;

namespace PerNetStack;

/// <summary>A received datagram and who sent it.</summary>
public sealed record UdpDatagram(IPEndPoint Remote, byte[] Data);

/// <summary>
/// A UDP socket of one context. Queued datagrams are charged to the context's memory: above its
/// soft limit incoming datagrams are dropped, above its hard limit sends fail.
/// </summary>
public sealed class UdpSocket : INetContextBound, IDisposable
{
    private readonly Queue<UdpDatagram> inbox = new();

    public UdpSocket(NetContext net)
    {
        Net = net;
        Udp.Track(this);
    }

    public NetContext Net { get; }

    public IPEndPoint? LocalEndPoint { get; private set; }

    public bool IsClosed { get; private set; }

    internal uint BoundAddress { get; private set; }

    internal int BoundPort { get; private set; }

    public int Pending => inbox.Count;

    public void Bind(IPAddress address, int port)
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        if (LocalEndPoint is not null)
            throw new InvalidOperationException("socket already bound");
        BoundAddress = Ipv4.ToUInt(address);
        BoundPort = Udp.Bind(this, BoundAddress, port);
        LocalEndPoint = new IPEndPoint(address, BoundPort);
    }

    /// <summary>Sends; false when there is no route, no neighbour, or the context's memory is at its hard limit.</summary>
    public bool SendTo(ReadOnlySpan<byte> data, IPEndPoint remote)
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        if (LocalEndPoint is null)
            Bind(IPAddress.Any, 0);
        if (!Net.TryCharge(data.Length))
        {
            Interlocked.Increment(ref Snmp.Of(Net).UdpSndbufErrors);
            return false;
        }

        try
        {
            return Udp.Send(Net, BoundAddress, BoundPort, Ipv4.ToUInt(remote.Address), remote.Port, data);
        }
        finally
        {
            Net.Uncharge(data.Length);
        }
    }

    public bool TryReceive(out UdpDatagram datagram)
    {
        if (!inbox.TryDequeue(out datagram!))
            return false;
        Net.Uncharge(datagram.Data.Length);
        return true;
    }

    /// <summary>Queues a datagram unless the context is under memory pressure or at its hard limit.</summary>
    internal bool Deliver(UdpDatagram datagram)
    {
        if (IsClosed || Net.UnderPressure || !Net.TryCharge(datagram.Data.Length))
            return false;
        inbox.Enqueue(datagram);
        return true;
    }

    public void Dispose()
    {
        if (IsClosed)
            return;
        IsClosed = true;
        if (LocalEndPoint is not null)
            Udp.Unbind(this);
        while (inbox.TryDequeue(out var queued))
            Net.Uncharge(queued.Data.Length);
        Udp.Untrack(this);
    }
}

/// <summary>UDP: one port table and ephemeral allocator per context.</summary>
public static class Udp
{
    public const int HeaderLength = 8;
    public const int EphemeralLow = 49152;
    public const int EphemeralHigh = 65535;

    private sealed class State : PerNet<State>
    {
        public readonly Dictionary<int, List<UdpSocket>> ports = new();
        public readonly HashSet<UdpSocket> open = new();
        public readonly Random random = new(7);
        public int nextEphemeral;
    }

    public static int BoundSockets(NetContext net) => State.Of(net).ports.Values.Sum(l => l.Count);

    internal static void Track(UdpSocket socket) => State.Of(socket.Net).open.Add(socket);

    internal static void Untrack(UdpSocket socket) => State.Of(socket.Net).open.Remove(socket);

    internal static int Bind(UdpSocket socket, uint address, int port)
    {
        var state = State.Of(socket.Net);
        if (port == 0)
            port = AllocateEphemeral(state);
        if (state.ports.TryGetValue(port, out var bound) &&
            bound.Any(s => s.BoundAddress == address || s.BoundAddress == 0 || address == 0))
            throw new InvalidOperationException($"address {Ipv4.ToAddress(address)}:{port} is already in use in context {socket.Net.Id}");
        if (bound is null)
            state.ports[port] = bound = new List<UdpSocket>();
        bound.Add(socket);
        return port;
    }

    internal static void Unbind(UdpSocket socket)
    {
        var ports = State.Of(socket.Net).ports;
        if (ports.TryGetValue(socket.BoundPort, out var bound) && bound.Remove(socket) && bound.Count == 0)
            ports.Remove(socket.BoundPort);
    }

    private static int AllocateEphemeral(State state)
    {
        if (state.nextEphemeral == 0)
            state.nextEphemeral = state.random.Next(EphemeralLow, EphemeralHigh + 1);
        for (var tries = 0; tries <= EphemeralHigh - EphemeralLow; tries++)
        {
            var candidate = state.nextEphemeral;
            state.nextEphemeral = candidate == EphemeralHigh ? EphemeralLow : candidate + 1;
            if (!state.ports.ContainsKey(candidate))
                return candidate;
        }

        throw new InvalidOperationException("no ephemeral port left");
    }

    internal static bool Send(NetContext net, uint source, int sourcePort, uint destination, int destinationPort, ReadOnlySpan<byte> data)
    {
        var datagram = new byte[HeaderLength + data.Length];
        BinaryPrimitives.WriteUInt16BigEndian(datagram, (ushort)sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(2), (ushort)destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(4), (ushort)datagram.Length);
        data.CopyTo(datagram.AsSpan(HeaderLength));
        if (source == 0 && Ipv4.Lookup(net, destination) is { Device.Addresses.Count: > 0 } route)
            source = route.Device.Addresses[0].Address;
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(6), Checksum.Udp(source, destination, datagram));
        Interlocked.Increment(ref Snmp.Of(net).UdpOutDatagrams);
        return Ipv4.Send(net, source, destination, Ipv4.ProtocolUdp, datagram);
    }

    internal static void Receive(NetContext net, uint source, uint destination, ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < HeaderLength)
            return;
        var snmp = Snmp.Of(net);
        var sourcePort = BinaryPrimitives.ReadUInt16BigEndian(datagram);
        var destinationPort = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        var socket = State.Of(net).ports.TryGetValue(destinationPort, out var bound)
            ? bound.FirstOrDefault(s => s.BoundAddress == destination) ?? bound.FirstOrDefault(s => s.BoundAddress == 0)
            : null;
        if (socket is null)
        {
            Interlocked.Increment(ref snmp.UdpNoPorts);
            return;
        }

        var delivered = socket.Deliver(new UdpDatagram(new IPEndPoint(Ipv4.ToAddress(source), sourcePort), datagram[HeaderLength..].ToArray()));
        Interlocked.Increment(ref delivered ? ref snmp.UdpInDatagrams : ref snmp.UdpRcvbufErrors);
    }

    /// <summary>Subsystem pernet operations: a dying context's sockets are closed before anything else goes.</summary>
    internal sealed class Operations : PernetOperations
    {
        public override void PreExit(NetContext net)
        {
            foreach (var socket in State.Of(net).open.ToArray())
                socket.Dispose();
        }
    }
}
