namespace LegacyStack;

/// <summary>Tunables, as in /proc/sys/net: one value each for the whole stack.</summary>
public static class Sysctl
{
    /// <summary>net.ipv4.ip_forward: route packets not addressed to this host.</summary>
    public static bool IpForward { get; set; }

    /// <summary>net.ipv4.ip_default_ttl.</summary>
    public static int DefaultTtl { get; set; } = 64;

    /// <summary>How long a learnt ARP entry stays valid, in milliseconds.</summary>
    public static int ArpTimeoutMs { get; set; } = 30_000;

    internal static void Reset()
    {
        IpForward = false;
        DefaultTtl = 64;
        ArpTimeoutMs = 30_000;
    }
}
