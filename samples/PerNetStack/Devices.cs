using PerNet;

namespace PerNetStack;

/// <summary>The device registry of each context, by name and by ifindex.</summary>
public static class Devices
{
    [SharedAcrossContexts("MAC addresses must be unique on every wire, whichever contexts a wire's ends are in")]
    private static long nextMac = 0x02_00_00_00_00_00;

    private sealed class State : PerNet<State>
    {
        public readonly Dictionary<string, NetDevice> byName = new(StringComparer.Ordinal);
        public readonly Dictionary<int, NetDevice> byIndex = new();
        public int nextIfIndex = 1;
        public Action<NetDevice, bool>? linkChanged;
    }

    public static IReadOnlyCollection<NetDevice> All(NetContext net) => State.Of(net).byName.Values;

    public static NetDevice? ByName(NetContext net, string name) => State.Of(net).byName.GetValueOrDefault(name);

    public static NetDevice? ByIndex(NetContext net, int ifIndex) => State.Of(net).byIndex.GetValueOrDefault(ifIndex);

    /// <summary>The context's loopback device "lo" (127.0.0.1/8), made when the context is created.</summary>
    public static NetDevice Loopback(NetContext net) => ByName(net, "lo") ?? CreateLoopback(net);

    /// <summary>Two devices in <paramref name="net"/> joined by an in-memory wire; move one end to another context to link them.</summary>
    public static (NetDevice A, NetDevice B) CreateVethPair(NetContext net, string nameA, string nameB)
    {
        var a = Create(net, nameA, isLoopback: false);
        var b = Create(net, nameB, isLoopback: false);
        a.Wire = frame => b.Receive(frame);
        b.Wire = frame => a.Receive(frame);
        return (a, b);
    }

    /// <summary>A device whose frames go outside the stack (a test host, a tap).</summary>
    public static NetDevice CreateExternal(NetContext net, string name, Action<byte[]> wire)
    {
        var device = Create(net, name, isLoopback: false);
        device.Wire = wire;
        return device;
    }

    /// <summary>Calls <paramref name="handler"/> when a device of <paramref name="net"/> goes up (true) or down (false).</summary>
    public static IDisposable WatchLinks(NetContext net, Action<NetDevice, bool> handler)
    {
        State.Of(net).linkChanged += handler;
        return new Unwatch(() => State.Of(net).linkChanged -= handler);
    }

    internal static void OnLinkChange(NetDevice device, bool up)
    {
        Log.Info($"{device.Name} link {(up ? "up" : "down")} in context {device.Net.Id}");
        State.Of(device.Net).linkChanged?.Invoke(device, up);
    }

    private static NetDevice CreateLoopback(NetContext net)
    {
        var lo = Create(net, "lo", isLoopback: true);
        lo.Wire = frame => lo.Receive(frame);
        lo.AddAddress(System.Net.IPAddress.Loopback, 8);
        lo.SetUp();
        return lo;
    }

    private static NetDevice Create(NetContext net, string name, bool isLoopback)
    {
        if (ByName(net, name) is not null)
            throw new InvalidOperationException($"device {name} exists in context {net.Id}");
        var mac = isLoopback ? MacAddress.Zero : new MacAddress((ulong)Interlocked.Increment(ref nextMac));
        var device = new NetDevice(net, name, 0, mac, isLoopback);
        Register(device, 0);
        return device;
    }

    /// <summary>Adds the device to its context's registry; keeps <paramref name="preferredIfIndex"/> when free.</summary>
    internal static int Register(NetDevice device, int preferredIfIndex)
    {
        var state = State.Of(device.Net);
        var ifIndex = preferredIfIndex > 0 && !state.byIndex.ContainsKey(preferredIfIndex) ? preferredIfIndex : state.nextIfIndex;
        state.nextIfIndex = Math.Max(state.nextIfIndex, ifIndex + 1);
        device.IfIndex = ifIndex;
        state.byName.Add(device.Name, device);
        state.byIndex.Add(ifIndex, device);
        return ifIndex;
    }

    internal static void Unregister(NetDevice device)
    {
        var state = State.Of(device.Net);
        state.byName.Remove(device.Name);
        state.byIndex.Remove(device.IfIndex);
    }

    /// <summary>Device-level pernet operations: a loopback in every new context; at teardown, devices go home.</summary>
    internal sealed class Operations : PernetOperations
    {
        public override void Init(NetContext net) => Loopback(net);

        /// <summary>As the kernel sends physical devices back to init_net: every movable device moves to Initial.</summary>
        public override void Exit(NetContext net)
        {
            foreach (var device in All(net).Where(d => !d.IsLoopback).ToArray())
            {
                var name = ByName(NetContext.Initial, device.Name) is null ? device.Name : $"dev{device.Mac.Value:x}";
                device.MoveTo(NetContext.Initial, name);
            }
        }
    }

    private sealed class Unwatch(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}
