using System.Buffers.Binary;
using System.Net;
using PerNet;

namespace PerNetStack;

/// <summary>A route of one context: destinations in Prefix/PrefixLength go out of Device, through Gateway when not 0.</summary>
public sealed record Route(uint Prefix, int PrefixLength, NetDevice Device, uint Gateway);

/// <summary>IPv4 with one routing table per context: longest-prefix match, local delivery, forwarding.</summary>
public static class Ipv4
{
    public const int HeaderLength = 20;
    public const byte ProtocolIcmp = 1;
    public const byte ProtocolUdp = 17;

    // A constant lookup table: the same in every context.
    private static readonly uint[] prefixMasks = BuildMasks();

    private sealed class State : PerNet<State>
    {
        public readonly List<Route> routes = new();
        public ushort nextIdentification = 1;
    }

    public static IReadOnlyList<Route> Routes(NetContext net) => State.Of(net).routes;

    public static uint ToUInt(IPAddress address) => BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());

    public static IPAddress ToAddress(uint address)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, address);
        return new IPAddress(bytes);
    }

    public static uint Mask(int prefixLength) => prefixMasks[prefixLength];

    /// <summary>Adds a route in the device's context.</summary>
    public static void AddRoute(IPAddress prefix, int prefixLength, NetDevice device, IPAddress? gateway = null) =>
        AddRoute(ToUInt(prefix) & Mask(prefixLength), prefixLength, device, gateway is null ? 0 : ToUInt(gateway));

    internal static void AddConnectedRoute(NetDevice device, uint address, int prefixLength) =>
        AddRoute(address & Mask(prefixLength), prefixLength, device, 0);

    internal static void RemoveRoutes(NetDevice device) => State.Of(device.Net).routes.RemoveAll(r => r.Device == device);

    private static void AddRoute(uint prefix, int prefixLength, NetDevice device, uint gateway)
    {
        var routes = State.Of(device.Net).routes;
        routes.RemoveAll(r => r.Prefix == prefix && r.PrefixLength == prefixLength && r.Device == device);
        routes.Add(new Route(prefix, prefixLength, device, gateway));
    }

    /// <summary>The most specific route of <paramref name="net"/> to <paramref name="destination"/> through a device that is up.</summary>
    public static Route? Lookup(NetContext net, uint destination)
    {
        Route? best = null;
        foreach (var route in State.Of(net).routes)
        {
            if ((destination & Mask(route.PrefixLength)) == route.Prefix && route.Device.IsUp &&
                (best is null || route.PrefixLength > best.PrefixLength))
                best = route;
        }

        return best;
    }

    public static Route? Lookup(NetContext net, IPAddress destination) => Lookup(net, ToUInt(destination));

    public static bool IsLocal(NetContext net, uint address) =>
        (address >> 24) == 127 || Devices.All(net).Any(d => d.Addresses.Any(a => a.Address == address));

    public static bool Send(NetContext net, uint source, uint destination, byte protocol, ReadOnlySpan<byte> payload)
    {
        if (Lookup(net, destination) is not { } route)
        {
            Interlocked.Increment(ref Snmp.Of(net).IpOutNoRoutes);
            return false;
        }

        var state = State.Of(net);
        if (source == 0)
            source = route.Device.Addresses.Count > 0 ? route.Device.Addresses[0].Address : destination;
        var packet = new byte[HeaderLength + payload.Length];
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), state.nextIdentification++);
        packet[8] = (byte)Sysctl.Of(net).DefaultTtl;
        packet[9] = protocol;
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(12), source);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(16), destination);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), Checksum.Internet(packet.AsSpan(0, HeaderLength)));
        payload.CopyTo(packet.AsSpan(HeaderLength));
        Interlocked.Increment(ref Snmp.Of(net).IpOutRequests);
        return Output(net, route, destination, packet);
    }

    private static bool Output(NetContext net, Route route, uint destination, byte[] packet)
    {
        var device = route.Device;
        if (IsLocal(net, destination))
        {
            var lo = Devices.Loopback(net);
            Ethernet.Send(lo, lo.Mac, Ethernet.TypeIpv4, packet);
            return true;
        }

        if (device.IsLoopback)
        {
            Ethernet.Send(device, device.Mac, Ethernet.TypeIpv4, packet);
            return true;
        }

        var nextHop = route.Gateway != 0 ? route.Gateway : destination;
        if (!Arp.TryResolve(device, nextHop, out var mac))
        {
            Interlocked.Increment(ref Snmp.Of(net).ArpFailures);
            return false;
        }

        Ethernet.Send(device, mac, Ethernet.TypeIpv4, packet);
        return true;
    }

    internal static void Receive(NetDevice device, ReadOnlySpan<byte> packet)
    {
        var net = device.Net;
        var snmp = Snmp.Of(net);
        Interlocked.Increment(ref snmp.IpInReceives);
        if (packet.Length < HeaderLength || packet[0] >> 4 != 4 || Checksum.Internet(packet[..((packet[0] & 0x0f) * 4)]) != 0)
        {
            Interlocked.Increment(ref snmp.IpInHdrErrors);
            return;
        }

        var headerLength = (packet[0] & 0x0f) * 4;
        var totalLength = Math.Min(BinaryPrimitives.ReadUInt16BigEndian(packet[2..]), packet.Length);
        var source = BinaryPrimitives.ReadUInt32BigEndian(packet[12..]);
        var destination = BinaryPrimitives.ReadUInt32BigEndian(packet[16..]);
        var payload = packet[headerLength..totalLength];
        if (IsLocal(net, destination))
        {
            Interlocked.Increment(ref snmp.IpInDelivers);
            if (packet[9] == ProtocolIcmp)
                Icmp.Receive(net, source, destination, payload);
            else if (packet[9] == ProtocolUdp)
                Udp.Receive(net, source, destination, payload);
            return;
        }

        if (!Sysctl.Of(net).IpForward)
        {
            Interlocked.Increment(ref snmp.IpInAddrErrors);
            return;
        }

        Forward(net, packet[..totalLength].ToArray(), destination);
    }

    private static void Forward(NetContext net, byte[] packet, uint destination)
    {
        if (packet[8] <= 1 || Lookup(net, destination) is not { } route)
        {
            Interlocked.Increment(ref Snmp.Of(net).IpOutNoRoutes);
            return;
        }

        packet[8]--;
        packet[10] = packet[11] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), Checksum.Internet(packet.AsSpan(0, HeaderLength)));
        Interlocked.Increment(ref Snmp.Of(net).IpForwDatagrams);
        Output(net, route, destination, packet);
    }

    private static uint[] BuildMasks()
    {
        var masks = new uint[33];
        for (var i = 1; i <= 32; i++)
            masks[i] = uint.MaxValue << (32 - i);
        return masks;
    }
}
