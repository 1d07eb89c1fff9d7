using System.Buffers.Binary;
using System.Net;

namespace LegacyStack;

/// <summary>A route: destinations in Prefix/PrefixLength go out of Device, through Gateway when not 0.</summary>
public sealed record Route(uint Prefix, int PrefixLength, NetDevice Device, uint Gateway);

/// <summary>IPv4: addressing, a routing table with longest-prefix match, local delivery and forwarding.</summary>
public static class Ipv4
{
    public const int HeaderLength = 20;
    public const byte ProtocolIcmp = 1;
    public const byte ProtocolUdp = 17;

    private static readonly List<Route> routes = new();
    private static ushort nextIdentification = 1;
    private static readonly uint[] prefixMasks = BuildMasks();

    public static IReadOnlyList<Route> Routes => routes;

    public static uint ToUInt(IPAddress address) => BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());

    public static IPAddress ToAddress(uint address)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, address);
        return new IPAddress(bytes);
    }

    public static uint Mask(int prefixLength) => prefixMasks[prefixLength];

    public static void AddRoute(IPAddress prefix, int prefixLength, NetDevice device, IPAddress? gateway = null) =>
        AddRoute(ToUInt(prefix) & Mask(prefixLength), prefixLength, device, gateway is null ? 0 : ToUInt(gateway));

    internal static void AddConnectedRoute(NetDevice device, uint address, int prefixLength) =>
        AddRoute(address & Mask(prefixLength), prefixLength, device, 0);

    private static void AddRoute(uint prefix, int prefixLength, NetDevice device, uint gateway)
    {
        routes.RemoveAll(r => r.Prefix == prefix && r.PrefixLength == prefixLength && r.Device == device);
        routes.Add(new Route(prefix, prefixLength, device, gateway));
    }

    /// <summary>The most specific route to <paramref name="destination"/> through a device that is up.</summary>
    public static Route? Lookup(uint destination)
    {
        Route? best = null;
        foreach (var route in routes)
        {
            if ((destination & Mask(route.PrefixLength)) == route.Prefix && route.Device.IsUp &&
                (best is null || route.PrefixLength > best.PrefixLength))
                best = route;
        }

        return best;
    }

    public static Route? Lookup(IPAddress destination) => Lookup(ToUInt(destination));

    /// <summary>True when the address belongs to a local device (127/8 always does).</summary>
    public static bool IsLocal(uint address) =>
        (address >> 24) == 127 || Devices.All.Any(d => d.Addresses.Any(a => a.Address == address));

    /// <summary>Builds a datagram and sends it along the route to <paramref name="destination"/>.</summary>
    public static bool Send(uint source, uint destination, byte protocol, ReadOnlySpan<byte> payload)
    {
        if (Lookup(destination) is not { } route)
        {
            Snmp.Count(ref Snmp.IpOutNoRoutes);
            return false;
        }

        if (source == 0)
            source = route.Device.Addresses.Count > 0 ? route.Device.Addresses[0].Address : destination;
        var packet = new byte[HeaderLength + payload.Length];
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), nextIdentification++);
        packet[8] = (byte)Sysctl.DefaultTtl;
        packet[9] = protocol;
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(12), source);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(16), destination);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), Checksum.Internet(packet.AsSpan(0, HeaderLength)));
        payload.CopyTo(packet.AsSpan(HeaderLength));
        Snmp.Count(ref Snmp.IpOutRequests);
        return Output(route, destination, packet);
    }

    private static bool Output(Route route, uint destination, byte[] packet)
    {
        var device = route.Device;
        if (IsLocal(destination))
        {
            // As Linux's local table: traffic to our own addresses loops back, whatever device owns them.
            var lo = Devices.Loopback();
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
            Snmp.Count(ref Snmp.ArpFailures);
            return false;
        }

        Ethernet.Send(device, mac, Ethernet.TypeIpv4, packet);
        return true;
    }

    internal static void Receive(NetDevice device, ReadOnlySpan<byte> packet)
    {
        Snmp.Count(ref Snmp.IpInReceives);
        if (packet.Length < HeaderLength || packet[0] >> 4 != 4 || Checksum.Internet(packet[..((packet[0] & 0x0f) * 4)]) != 0)
        {
            Snmp.Count(ref Snmp.IpInHdrErrors);
            return;
        }

        var headerLength = (packet[0] & 0x0f) * 4;
        var totalLength = Math.Min(BinaryPrimitives.ReadUInt16BigEndian(packet[2..]), packet.Length);
        var source = BinaryPrimitives.ReadUInt32BigEndian(packet[12..]);
        var destination = BinaryPrimitives.ReadUInt32BigEndian(packet[16..]);
        var payload = packet[headerLength..totalLength];
        if (IsLocal(destination))
        {
            Deliver(packet[9], source, destination, payload);
            return;
        }

        if (!Sysctl.IpForward)
        {
            Snmp.Count(ref Snmp.IpInAddrErrors);
            return;
        }

        Forward(packet[..totalLength].ToArray(), destination);
    }

    private static void Deliver(byte protocol, uint source, uint destination, ReadOnlySpan<byte> payload)
    {
        Snmp.Count(ref Snmp.IpInDelivers);
        switch (protocol)
        {
            case ProtocolIcmp:
                Icmp.Receive(source, destination, payload);
                break;
            case ProtocolUdp:
                Udp.Receive(source, destination, payload);
                break;
        }
    }

    private static void Forward(byte[] packet, uint destination)
    {
        if (packet[8] <= 1 || Lookup(destination) is not { } route)
        {
            Snmp.Count(ref Snmp.IpOutNoRoutes);
            return;
        }

        packet[8]--;
        packet[10] = packet[11] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), Checksum.Internet(packet.AsSpan(0, HeaderLength)));
        Snmp.Count(ref Snmp.IpForwDatagrams);
        Output(route, destination, packet);
    }

    private static uint[] BuildMasks()
    {
        var masks = new uint[33];
        for (var i = 1; i <= 32; i++)
            masks[i] = uint.MaxValue << (32 - i);
        return masks;
    }

    internal static void Reset()
    {
        routes.Clear();
        nextIdentification = 1;
    }
}
