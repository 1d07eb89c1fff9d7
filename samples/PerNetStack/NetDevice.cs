using PerNet;

namespace PerNetStack;

/// <summary>A network interface of one context: loopback, one end of a veth pair, or a link to an outside host.</summary>
public sealed class NetDevice : INetContextBound
{
    private readonly List<(uint Address, int PrefixLength)> addresses = new();

    internal NetDevice(NetContext net, string name, int ifIndex, MacAddress mac, bool isLoopback)
    {
        Net = net;
        Name = name;
        IfIndex = ifIndex;
        Mac = mac;
        IsLoopback = isLoopback;
        Mtu = isLoopback ? 65536 : 1500;
    }

    /// <summary>The context the device is in; changes with <see cref="MoveTo"/>.</summary>
    public NetContext Net { get; private set; }

    public string Name { get; private set; }

    public int IfIndex { get; internal set; }

    public MacAddress Mac { get; }

    public bool IsLoopback { get; }

    public int Mtu { get; set; }

    public bool IsUp { get; private set; }

    public IReadOnlyList<(uint Address, int PrefixLength)> Addresses => addresses;

    /// <summary>Where transmitted frames go: the peer's receive path, or an outside host.</summary>
    internal Action<byte[]>? Wire { get; set; }

    public void AddAddress(System.Net.IPAddress address, int prefixLength)
    {
        var value = Ipv4.ToUInt(address);
        addresses.Add((value, prefixLength));
        Ipv4.AddConnectedRoute(this, value, prefixLength);
    }

    public void SetUp()
    {
        if (IsUp)
            return;
        IsUp = true;
        Devices.OnLinkChange(this, up: true);
    }

    public void SetDown()
    {
        if (!IsUp)
            return;
        IsUp = false;
        Devices.OnLinkChange(this, up: false);
    }

    /// <summary>
    /// Moves the device into <paramref name="target"/> (<c>ip link set dev X netns Y</c>): it goes down
    /// and loses its addresses and routes, keeps its ifindex when free there, and takes
    /// <paramref name="newName"/> when given. Loopback devices cannot move.
    /// </summary>
    /// <exception cref="InvalidOperationException">Loopback, a dying target, or a name taken in the target.</exception>
    public void MoveTo(NetContext target, string? newName = null)
    {
        if (IsLoopback)
            throw new InvalidOperationException($"{Name} is a loopback device; loopback devices never leave their context.");
        if (!target.IsAlive)
            throw new InvalidOperationException($"Context {target.Id} is dying; {Name} cannot move into it.");
        var name = newName ?? Name;
        if (Devices.ByName(target, name) is not null)
            throw new InvalidOperationException($"Context {target.Id} already has a device named {name}; pass a new name to MoveTo.");

        SetDown();
        Ipv4.RemoveRoutes(this);
        addresses.Clear();
        Devices.Unregister(this);
        Net = target;
        Name = name;
        IfIndex = Devices.Register(this, IfIndex);
    }

    internal void Transmit(byte[] frame)
    {
        if (!IsUp)
        {
            Interlocked.Increment(ref Snmp.Of(Net).TxDropped);
            return;
        }

        Wire?.Invoke(frame);
    }

    /// <summary>A frame arrives from the wire; it is processed in the device's context.</summary>
    public void Receive(byte[] frame)
    {
        if (IsUp)
            Ethernet.Receive(this, frame);
    }

    public override string ToString() => $"{IfIndex}: {Name} {Mac} {(IsUp ? "UP" : "DOWN")} (context {Net.Id})";
}
