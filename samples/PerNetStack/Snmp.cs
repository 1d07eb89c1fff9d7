using PerNet;

namespace PerNetStack;

/// <summary>SNMP-style MIB counters of one context (its /proc/net/snmp). <c>Snmp.Of(net).IpInReceives</c>.</summary>
public sealed class Snmp : PerNet<Snmp>
{
    public long IpInReceives;
    public long IpInHdrErrors;
    public long IpInAddrErrors;
    public long IpInDelivers;
    public long IpOutRequests;
    public long IpOutNoRoutes;
    public long IpForwDatagrams;
    public long IcmpInEchos;
    public long IcmpOutEchoReps;
    public long UdpInDatagrams;
    public long UdpNoPorts;
    public long UdpOutDatagrams;
    public long UdpRcvbufErrors;
    public long UdpSndbufErrors;
    public long ArpRequests;
    public long ArpReplies;
    public long ArpFailures;
    public long TxDropped;
}
