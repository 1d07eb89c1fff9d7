using System.Diagnostics;
#if NETSTANDARD2_0
using TaskCompletionSource = System.Threading.Tasks.TaskCompletionSource<bool>;
#endif

namespace PerNet;

/// <summary>
/// One network context — the counterpart of the kernel's <c>struct net</c>. State that used to be
/// static lives in per-context objects (<see cref="PerNet{TSelf}"/>); subsystems set up and tear down
/// their part through <see cref="PernetOperations"/>. A context lives while references to it exist:
/// its creator's (released by <see cref="Dispose"/>) and every <see cref="NetLease"/>. When the last
/// goes, the context is torn down on a background cleaner, in batches.
/// </summary>
[SharedAcrossContexts("the registry of contexts is what contexts are made of")]
public sealed partial class NetContext : IDisposable
{
    private static long s_nextId;
    private static readonly Lazy<NetContext> s_initial = new(CreateInitial);

    private TaskCompletionSource? _destroyed; // made on first use of Destroyed: most contexts are never awaited
    private int _refs = 1;
    private int _creatorReleased;
    private volatile int _state; // 0 alive, 1 dying, 2 destroyed

    /// <summary>The operations whose Init ran for this context, in global order (teardown exits them in reverse).</summary>
    internal PernetOperations[] InitedOperations { get; set; } = Array.Empty<PernetOperations>();

    private NetContext(NetContext? parent, NetContextLimits limits)
    {
        Id = Interlocked.Increment(ref s_nextId);
        Parent = parent;
        Depth = parent is null ? 0 : parent.Depth + 1;
        _limits = limits;
    }

    /// <summary>The initial context: exists for the life of the process, as every process starts in <c>init_net</c>.</summary>
    public static NetContext Initial => s_initial.Value;

    /// <summary>Unique in the process, never reused.</summary>
    public long Id { get; }

    /// <summary>The context this one was created under; null only for <see cref="Initial"/>.</summary>
    public NetContext? Parent { get; }

    /// <summary>0 for <see cref="Initial"/>, one more per level below it.</summary>
    public int Depth { get; }

    /// <summary>True until the last reference is released; false while dying and once destroyed.</summary>
    public bool IsAlive => _state == 0;

    /// <summary>Completes when teardown finished: every hook ran and the context left every list.</summary>
    public Task Destroyed => (Volatile.Read(ref _destroyed) ?? CreateDestroyedSource()).Task;

    /// <summary>A snapshot of the contexts alive now, <see cref="Initial"/> first, by id.</summary>
    public static IReadOnlyList<NetContext> Live => Pernet.LiveSnapshot();

    /// <summary>
    /// Creates a context under <paramref name="parent"/> (default <see cref="Initial"/>) and runs every
    /// registered operation's <see cref="PernetOperations.Init"/>: subsystems, then devices, each in
    /// registration order. If one throws, those that succeeded are exited in reverse order and the
    /// exception is rethrown; nothing half-built stays in <see cref="Live"/>.
    /// </summary>
    /// <exception cref="NetContextQuotaExceededException">Some level's <see cref="NetContextLimits.MaxContexts"/> is reached.</exception>
    public static NetContext Create(NetContext? parent = null) => Create(parent, NetContextLimits.None);

    /// <summary>Creates a context with its own <paramref name="limits"/>; see <see cref="Create(NetContext?)"/>.</summary>
    public static NetContext Create(NetContext? parent, NetContextLimits limits)
    {
        Guard.NotNull(limits);
        parent ??= Initial;
        if (!parent.TryAcquireReference())
            throw new InvalidOperationException($"Context {parent.Id} is dying; no context can be created under it.");

        try
        {
            parent.ChargeContext();
        }
        catch
        {
            parent.ReleaseReference();
            throw;
        }

        var net = new NetContext(parent, limits);
        try
        {
            Pernet.Setup(net);
        }
        catch
        {
            parent.UnchargeContext();
            parent.ReleaseReference();
            net.MarkDestroyed();
            throw;
        }

        return net;
    }

    private static NetContext CreateInitial()
    {
        var initial = new NetContext(null, NetContextLimits.None);
        Pernet.Setup(initial);
        return initial;
    }

    /// <summary>Takes a strong reference (<c>get_net</c>).</summary>
    /// <exception cref="ObjectDisposedException">The context is already dying.</exception>
    public NetLease Acquire() =>
        TryAcquire(out var lease) ? lease : throw new ObjectDisposedException(ToString(), "The context is dying; it cannot be acquired.");

    /// <summary>Takes a strong reference unless the context is already dying (<c>maybe_get_net</c>).</summary>
    public bool TryAcquire(out NetLease lease)
    {
        if (!TryAcquireReference())
        {
            lease = null!;
            return false;
        }

        lease = new NetLease(this, TrackLeases ? new StackTrace(1, fNeedFileInfo: true) : null);
        if (TrackLeases)
            TrackLease(lease);
        return true;
    }

    /// <summary>
    /// Releases the creator's reference. The context dies when no lease is left. Calling it again
    /// does nothing. <see cref="Initial"/> cannot be disposed.
    /// </summary>
    public void Dispose()
    {
        if (Parent is null)
            throw new InvalidOperationException("The initial context lives as long as the process.");
        if (Interlocked.Exchange(ref _creatorReleased, 1) != 0)
            return;
        if (TrackLeases && OutstandingLeases() is { Count: > 0 } outstanding)
            Pernet.ReportLeaks(this, outstanding);
        ReleaseReference();
    }

    /// <inheritdoc/>
    public override string ToString() => $"NetContext {Id}" + (IsAlive ? string.Empty : _state == 1 ? " (dying)" : " (destroyed)");

    internal bool TryAcquireReference()
    {
        var refs = Volatile.Read(ref _refs);
        while (refs > 0)
        {
            var seen = Interlocked.CompareExchange(ref _refs, refs + 1, refs);
            if (seen == refs)
                return true;
            refs = seen;
        }

        return false;
    }

    internal void ReleaseLease(NetLease lease)
    {
        if (TrackLeases)
            UntrackLease(lease);
        ReleaseReference();
    }

    internal void ReleaseReference()
    {
        var refs = Interlocked.Decrement(ref _refs);
        if (refs == 0)
        {
            _state = 1;
            Pernet.Dying(this);
        }
        else if (refs < 0)
        {
            throw new InvalidOperationException($"{this}: reference released more often than taken.");
        }
    }

    internal void MarkDestroyed()
    {
        _state = 2;
        Volatile.Read(ref _destroyed)?.TrySetResult();
    }

    private TaskCompletionSource CreateDestroyedSource()
    {
        var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var source = Interlocked.CompareExchange(ref _destroyed, created, null) ?? created;
        if (_state == 2) // destroyed before anyone asked: MarkDestroyed may have seen no source
            source.TrySetResult();
        return source;
    }
}
