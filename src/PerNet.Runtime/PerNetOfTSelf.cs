using System.Runtime.CompilerServices;

namespace PerNet;

/// <summary>
/// Base of per-context state: what used to be a type's statics, one instance per context.
/// <code>
/// sealed class State : PerNet&lt;State&gt; { public Dictionary&lt;IPAddress, Mac&gt; cache = new(); }
/// State.Of(net).cache.TryGetValue(ip, out var mac);
/// </code>
/// The instance is created on first use in each context, once even under races. State that
/// implements <see cref="IDisposable"/> is disposed when its context is torn down, newest first.
/// </summary>
/// <typeparam name="TSelf">The state class itself.</typeparam>
public abstract class PerNet<TSelf>
    where TSelf : PerNet<TSelf>, new()
{
    // A dense index per state type into each context's slots; a JIT-time constant once initialized.
    private static readonly int s_slot = PerNetSlots.Allocate();

    // Set while Of creates the state: the context it is created for (null for a state made with new).
    private readonly NetContext? _net = NetContext.Constructing;

    /// <summary>
    /// Runs before the state's own field initializers and constructor: while they run, code that reads this
    /// state in this context on this thread (<see cref="Of"/>) gets this instance, as static initialization
    /// saw the statics it had set so far. Other threads wait until it is built.
    /// </summary>
    protected PerNet() => _net?.Building(s_slot, this);

    /// <summary>
    /// The context this state belongs to, for the state's own code: a pool whose objects carry the context,
    /// a default instance created on first use. Throws when the state was not created by <see cref="Of"/>.
    /// </summary>
    protected NetContext Net => _net ?? throw new InvalidOperationException($"This {typeof(TSelf).Name} was created with new, not by {typeof(TSelf).Name}.Of(net): it belongs to no context.");

    /// <summary>This type's state in <paramref name="net"/>: O(1), created on first use.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TSelf Of(NetContext net)
    {
        // The first NetContext.InlineSlotCount state types live inside the context object: one
        // dependent load and a null check. The rest, and first use, take the call below.
        var slot = s_slot;
        if ((uint)slot < NetContext.InlineSlotCount && net.InlineSlot(slot) is { } state)
            return Unsafe.As<TSelf>(state);
        return OfSlow(net, slot);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TSelf OfSlow(NetContext net, int slot)
    {
        Guard.NotNull(net);
        return net.PeekState(slot) is { } state ? Unsafe.As<TSelf>(state) : net.GetOrCreateState<TSelf>(slot);
    }

    /// <summary>This type's state in the ambient context, <see cref="NetContext.Current"/>.</summary>
    public static TSelf Current
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Of(NetContext.Current);
    }
}

/// <summary>Hands out slot indexes, one per <see cref="PerNet{TSelf}"/> type.</summary>
[SharedAcrossContexts("slot numbers identify state types, which are the same in every context")]
internal static class PerNetSlots
{
    private static int s_count;

    public static int Count => Volatile.Read(ref s_count);

    public static int Allocate() => Interlocked.Increment(ref s_count) - 1;
}
