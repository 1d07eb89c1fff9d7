namespace LegacyStack;

/// <summary>A network interface: loopback, one end of a veth pair, or a link to an outside host.</summary>
public sealed class NetDevice
{
    internal NetDevice(string name, int ifIndex, MacAddress mac, bool isLoopback)
    {
        Name = name;
        IfIndex = ifIndex;
        Mac = mac;
        IsLoopback = isLoopback;
        Mtu = isLoopback ? 65536 : 1500;
    }

    public string Name { get; }

    public int IfIndex { get; }

    public MacAddress Mac { get; }

    public bool IsLoopback { get; }

    public int Mtu { get; set; }

    public bool IsUp { get; private set; }

    /// <summary>IPv4 addresses with their prefix lengths.</summary>
    public IReadOnlyList<(uint Address, int PrefixLength)> Addresses => addresses;

    /// <summary>Where transmitted frames go: the peer's receive path, or an outside host.</summary>
    internal Action<byte[]>? Wire { get; set; }

    internal long TxPackets { get; private set; }

    internal long RxPackets { get; private set; }

    private readonly List<(uint Address, int PrefixLength)> addresses = new();

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

    internal void Transmit(byte[] frame)
    {
        if (!IsUp)
        {
            Snmp.Count(ref Snmp.TxDropped);
            return;
        }

        TxPackets++;
        Wire?.Invoke(frame);
    }

    /// <summary>A frame arrives from the wire.</summary>
    public void Receive(byte[] frame)
    {
        if (!IsUp)
            return;
        RxPackets++;
        Ethernet.Receive(this, frame);
    }

    public override string ToString() => $"{IfIndex}: {Name} {Mac} {(IsUp ? "UP" : "DOWN")}";
}
