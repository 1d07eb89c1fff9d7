namespace PerNet;

public sealed partial class NetContext
{
    private readonly object _slotGate = new();
    private List<IDisposable>? _disposableStates;

    /// <summary>
    /// Per-context state objects, by <see cref="PerNetSlots"/> index. Replaced (never shrunk) when it
    /// grows. Written with release semantics under the gate; read plainly (a dependent load), so the
    /// JIT may keep it in a register across several State.Of(net) in one method.
    /// </summary>
    internal object?[] _slots;

    internal TSelf GetOrCreateState<TSelf>(int slot)
        where TSelf : PerNet<TSelf>, new()
    {
        lock (_slotGate)
        {
            var slots = _slots;
            if (slot < slots.Length && slots[slot] is TSelf existing)
                return existing;
            if (_state == 2)
                throw new ObjectDisposedException(ToString(), $"{typeof(TSelf).Name} cannot be created in a destroyed context.");

            if (slot >= slots.Length)
            {
                var grown = new object?[Math.Max(slot + 1, PerNetSlots.Count)];
                Array.Copy(slots, grown, slots.Length);
                slots = grown;
            }

            var state = new TSelf();
            Volatile.Write(ref slots[slot], state);
            Volatile.Write(ref _slots, slots);
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
}
