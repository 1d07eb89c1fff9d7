namespace LegacyStack;

/// <summary>The stack as a whole. There is exactly one per process: that is the problem PerNet solves.</summary>
public static class NetStack
{
    /// <summary>Forgets every device, route, socket, cache entry and counter; sysctls return to defaults.</summary>
    public static void Reset()
    {
        Devices.Reset();
        Arp.Flush();
        Ipv4.Reset();
        Icmp.Reset();
        Udp.Reset();
        Snmp.Reset();
        Sysctl.Reset();
    }
}
