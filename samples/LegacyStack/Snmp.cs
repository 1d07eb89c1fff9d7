namespace LegacyStack;

/// <summary>SNMP-style MIB counters (as in /proc/net/snmp), bumped with Interlocked.</summary>
public static class Snmp
{
    public static long IpInReceives;
    public static long IpInHdrErrors;
    public static long IpInAddrErrors;
    public static long IpInDelivers;
    public static long IpOutRequests;
    public static long IpOutNoRoutes;
    public static long IpForwDatagrams;
    public static long IcmpInEchos;
    public static long IcmpOutEchoReps;
    public static long UdpInDatagrams;
    public static long UdpNoPorts;
    public static long UdpOutDatagrams;
    public static long ArpRequests;
    public static long ArpReplies;
    public static long ArpFailures;
    public static long TxDropped;

    internal static void Count(ref long counter) => Interlocked.Increment(ref counter);

    internal static void Reset()
    {
        IpInReceives = IpInHdrErrors = IpInAddrErrors = IpInDelivers = IpOutRequests = IpOutNoRoutes = IpForwDatagrams = 0;
        IcmpInEchos = IcmpOutEchoReps = UdpInDatagrams = UdpNoPorts = UdpOutDatagrams = 0;
        ArpRequests = ArpReplies = ArpFailures = TxDropped = 0;
    }
}
