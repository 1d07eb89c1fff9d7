namespace LegacyStack;

/// <summary>The device registry: every interface of the (one and only) stack, by name and by ifindex.</summary>
public static class Devices
{
    private static readonly Dictionary<string, NetDevice> byName = new(StringComparer.Ordinal);
    private static readonly Dictionary<int, NetDevice> byIndex = new();
    private static int nextIfIndex = 1;
    private static ulong nextMac = 0x02_00_00_00_00_01;

    /// <summary>Raised when a device comes up.</summary>
    public static event Action<NetDevice>? LinkUp;

    /// <summary>Raised when a device goes down.</summary>
    public static event Action<NetDevice>? LinkDown;

    public static IReadOnlyCollection<NetDevice> All => byName.Values;

    public static NetDevice? ByName(string name) => byName.TryGetValue(name, out var device) ? device : null;

    public static NetDevice? ByIndex(int ifIndex) => byIndex.TryGetValue(ifIndex, out var device) ? device : null;

    /// <summary>The loopback device "lo" with 127.0.0.1/8, created on first use.</summary>
    public static NetDevice Loopback()
    {
        if (ByName("lo") is { } existing)
            return existing;
        var lo = Register("lo", MacAddress.Zero, isLoopback: true);
        lo.Wire = frame => lo.Receive(frame);
        lo.AddAddress(System.Net.IPAddress.Loopback, 8);
        lo.SetUp();
        return lo;
    }

    /// <summary>Two devices joined by an in-memory wire: what one transmits, the other receives.</summary>
    public static (NetDevice A, NetDevice B) CreateVethPair(string nameA, string nameB)
    {
        var a = Register(nameA, NextMac(), isLoopback: false);
        var b = Register(nameB, NextMac(), isLoopback: false);
        a.Wire = frame => b.Receive(frame);
        b.Wire = frame => a.Receive(frame);
        return (a, b);
    }

    /// <summary>A device whose frames go to something outside this stack (a test host, a tap).</summary>
    public static NetDevice CreateExternal(string name, Action<byte[]> wire)
    {
        var device = Register(name, NextMac(), isLoopback: false);
        device.Wire = wire;
        return device;
    }

    internal static void OnLinkChange(NetDevice device, bool up)
    {
        Log.Info($"{device.Name} link {(up ? "up" : "down")}");
        if (up)
            LinkUp?.Invoke(device);
        else
            LinkDown?.Invoke(device);
    }

    private static NetDevice Register(string name, MacAddress mac, bool isLoopback)
    {
        if (byName.ContainsKey(name))
            throw new InvalidOperationException($"device {name} exists");
        var device = new NetDevice(name, nextIfIndex++, mac, isLoopback);
        byName.Add(name, device);
        byIndex.Add(device.IfIndex, device);
        return device;
    }

    private static MacAddress NextMac() => new(nextMac++);

    internal static void Reset()
    {
        byName.Clear();
        byIndex.Clear();
        nextIfIndex = 1;
        nextMac = 0x02_00_00_00_00_01;
        LinkUp = null;
        LinkDown = null;
    }
}
