namespace PerNet;

public sealed partial class NetContext
{
    private volatile NetContextLimits _limits;
    private int _contextsBelow;
    private long _memory;

    /// <summary>This context's limits; changing them affects later charges, not what is already charged.</summary>
    public NetContextLimits Limits
    {
        get => _limits;
        set => _limits = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Contexts that exist below this one (all depths), dying ones included.</summary>
    public int ContextsBelow => Volatile.Read(ref _contextsBelow);

    /// <summary>Memory charged to this context and its descendants, in bytes.</summary>
    public long ChargedMemory => Interlocked.Read(ref _memory);

    /// <summary>True when this context or any ancestor is above its <see cref="NetContextLimits.MemorySoftLimit"/>.</summary>
    public bool UnderPressure
    {
        get
        {
            for (var level = this; level is not null; level = level.Parent)
            {
                if (Interlocked.Read(ref level._memory) > level._limits.MemorySoftLimit)
                    return true;
            }

            return false;
        }
    }

    /// <summary>
    /// Charges <paramref name="bytes"/> to this context and every ancestor. Refused (false, nothing
    /// charged anywhere) when any level would go above its <see cref="NetContextLimits.MemoryHardLimit"/>.
    /// </summary>
    public bool TryCharge(long bytes)
    {
        Guard.NotNegative(bytes);
        for (var level = this; level is not null; level = level.Parent)
        {
            if (Interlocked.Add(ref level._memory, bytes) > level._limits.MemoryHardLimit)
            {
                for (var undo = this; undo != level.Parent; undo = undo!.Parent)
                    Interlocked.Add(ref undo!._memory, -bytes);
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns <paramref name="bytes"/> charged with <see cref="TryCharge"/>, at every level.</summary>
    public void Uncharge(long bytes)
    {
        Guard.NotNegative(bytes);
        for (var level = this; level is not null; level = level.Parent)
            Interlocked.Add(ref level._memory, -bytes);
    }

    /// <summary>
    /// Counts one more context below this one at every level, or throws for the first level at its
    /// limit (the levels below it are counted back). A level's count never goes past its limit, not
    /// even for a moment (the kernel's <c>inc_ucounts</c>, <c>atomic_long_inc_below</c>).
    /// </summary>
    private void ChargeContext()
    {
        for (var level = this; level is not null; level = level.Parent)
        {
            var limit = level._limits.MaxContexts;
            if (!IncrementBelow(ref level._contextsBelow, limit))
            {
                for (var undo = this; undo != level; undo = undo!.Parent)
                    Interlocked.Decrement(ref undo!._contextsBelow);
                throw new NetContextQuotaExceededException(level, limit);
            }
        }
    }

    private static bool IncrementBelow(ref int counter, int limit)
    {
        var current = Volatile.Read(ref counter);
        while (current < limit)
        {
            var seen = Interlocked.CompareExchange(ref counter, current + 1, current);
            if (seen == current)
                return true;
            current = seen;
        }

        return false;
    }

    internal void UnchargeContext()
    {
        for (var level = this; level is not null; level = level.Parent)
            Interlocked.Decrement(ref level._contextsBelow);
    }
}
