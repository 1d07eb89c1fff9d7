using System.Runtime.CompilerServices;

namespace PerNet;

public sealed partial class NetContext
{
    /// <summary>
    /// State types whose slot index is below this keep their per-context state inside the context
    /// object itself (one dependent load from the context); later ones use <see cref="_overflowSlots"/>.
    /// 64 references are 512 bytes per context: a whole migrated stack's hot state types fit, as slots
    /// are handed out in order of first use.
    /// </summary>
    internal const int InlineSlotCount = 64;

    private readonly object _slotGate = new();
    private List<IDisposable>? _disposableStates;

    /// <summary>
    /// Per-context state objects for slots below <see cref="InlineSlotCount"/>. Each is written once,
    /// with release semantics, under the gate, and read plainly (a dependent load).
    /// </summary>
#if NET8_0_OR_GREATER
    internal InlineSlots _inlineSlots;
#else
    internal readonly object?[] _inlineSlots = new object?[InlineSlotCount]; // no inline arrays before .NET 8: one more load
#endif

    /// <summary>
    /// Per-context state objects for slots from <see cref="InlineSlotCount"/> on, at
    /// <c>slot - InlineSlotCount</c>; null until the first such state is created. Replaced (never
    /// shrunk) when it grows; written with release semantics under the gate, read plainly.
    /// </summary>
    internal object?[]? _overflowSlots;

    /// <summary>The inline slot for <paramref name="slot"/>, which must be below <see cref="InlineSlotCount"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET8_0_OR_GREATER
    internal ref object? InlineSlot(int slot) => ref Unsafe.Add(ref Unsafe.As<InlineSlots, object?>(ref _inlineSlots), slot);
#else
    internal ref object? InlineSlot(int slot) => ref _inlineSlots[slot];
#endif

    /// <summary>The state in <paramref name="slot"/>, inline or overflow; null before its first use.</summary>
    internal object? PeekState(int slot)
    {
        if (slot < InlineSlotCount)
            return InlineSlot(slot);
        var index = slot - InlineSlotCount;
        return _overflowSlots is { } overflow && index < overflow.Length ? overflow[index] : null;
    }

    [ThreadStatic]
    private static NetContext? t_constructing;

    /// <summary>
    /// States this thread is creating and whose constructors are still running, innermost last: the
    /// state's own initialization (its constructor, the kernel's <c>ops->init(net)</c>) may call code that
    /// reads the same state in the same context, and gets the instance being built.
    /// </summary>
    [ThreadStatic]
    private static List<(NetContext Net, int Slot, object State)>? t_building;

    /// <summary>The context whose state this thread is creating (read by <see cref="PerNet{TSelf}"/>'s constructor).</summary>
    internal static NetContext? Constructing => t_constructing;

    /// <summary>Called by <see cref="PerNet{TSelf}"/>'s constructor before the state's own: from now on this thread sees it.</summary>
    internal void Building(int slot, object state) => (t_building ??= new()).Add((this, slot, state));

    private object? BeingBuilt(int slot)
    {
        if (t_building is { } building)
        {
            for (var i = building.Count - 1; i >= 0; i--)
            {
                if (ReferenceEquals(building[i].Net, this) && building[i].Slot == slot)
                    return building[i].State;
            }
        }

        return null;
    }

    internal TSelf GetOrCreateState<TSelf>(int slot)
        where TSelf : PerNet<TSelf>, new()
    {
        // The lock is held while the state is built, so other threads wait for the finished state; this
        // thread may come back (Monitor is reentrant) for other states of this context, or for this one.
        lock (_slotGate)
        {
            if (PeekState(slot) is TSelf existing)
                return existing;
            if (BeingBuilt(slot) is TSelf building)
                return building;

            if (_state == 2)
                throw new ObjectDisposedException(ToString(), $"{typeof(TSelf).Name} cannot be created in a destroyed context.");

            var outer = t_constructing;
            var mark = t_building?.Count ?? 0;
            t_constructing = this;
            // The state's initialization runs in the context it is built for: code it calls that reads the
            // ambient context (the ambient style's State.Current) reads this one.
            var scope = ReferenceEquals(t_current, this) ? (NetContextScope?)null : Enter();
            TSelf state;
            try
            {
                state = new TSelf();
            }
            finally
            {
                scope?.Dispose();
                t_constructing = outer;
                t_building?.RemoveRange(mark, t_building.Count - mark);
            }

            if (slot < InlineSlotCount)
            {
                Volatile.Write(ref InlineSlot(slot), state);
            }
            else
            {
                var index = slot - InlineSlotCount;
                var slots = _overflowSlots ?? Array.Empty<object?>();
                if (index >= slots.Length)
                {
                    var grown = new object?[Math.Max(index + 1, PerNetSlots.Count - InlineSlotCount)];
                    Array.Copy(slots, grown, slots.Length);
                    slots = grown;
                }

                Volatile.Write(ref slots[index], state);
                Volatile.Write(ref _overflowSlots, slots);
            }

            if (state is IDisposable disposable)
                (_disposableStates ??= new()).Add(disposable);
            return state;
        }
    }

    /// <summary>State objects that are <see cref="IDisposable"/>, newest first.</summary>
    internal IReadOnlyList<IDisposable> TakeDisposableStatesNewestFirst()
    {
        lock (_slotGate)
        {
            if (_disposableStates is null)
                return Array.Empty<IDisposable>();
            var list = _disposableStates;
            _disposableStates = null;
            list.Reverse();
            return list;
        }
    }

#if NET8_0_OR_GREATER
    /// <summary>The first <see cref="InlineSlotCount"/> state slots, stored inside the context object.</summary>
    [InlineArray(InlineSlotCount)]
    internal struct InlineSlots
    {
        private object? _first;
    }
#endif
}
