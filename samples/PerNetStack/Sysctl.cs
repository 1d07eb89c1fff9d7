using PerNet;

namespace PerNetStack;

/// <summary>Tunables of one context (its /proc/sys/net). <c>Sysctl.Of(net).IpForward = true</c>.</summary>
public sealed class Sysctl : PerNet<Sysctl>
{
    /// <summary>net.ipv4.ip_forward: route packets not addressed to this context.</summary>
    public bool IpForward;

    /// <summary>net.ipv4.ip_default_ttl.</summary>
    public int DefaultTtl = 64;

    /// <summary>How long a learnt ARP entry stays valid, in milliseconds.</summary>
    public int ArpTimeoutMs = 30_000;
}
