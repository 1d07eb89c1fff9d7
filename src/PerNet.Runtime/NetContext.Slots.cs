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

    /// <summary>The context whose state this thread is creating (read by <see cref="PerNet{TSelf}"/>'s constructor).</summary>
    internal static NetContext? Constructing => t_constructing;

    internal TSelf GetOrCreateState<TSelf>(int slot)
        where TSelf : PerNet<TSelf>, new()
    {
        lock (_slotGate)
        {
            if (PeekState(slot) is TSelf existing)
                return existing;

            if (_state == 2)
                throw new ObjectDisposedException(ToString(), $"{typeof(TSelf).Name} cannot be created in a destroyed context.");

            var outer = t_constructing;
            t_constructing = this;
            TSelf state;
            try
            {
                state = new TSelf();
            }
            finally
            {
                t_constructing = outer;
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
