using System.Collections.Concurrent;

namespace PerNet;

public sealed partial class NetContext
{
    private ConcurrentDictionary<NetLease, byte>? _trackedLeases;

    /// <summary>
    /// Lease tracking (the kernel's <c>ref_tracker</c>), off by default: while on, every lease taken
    /// remembers its stack, <see cref="OutstandingLeases"/> lists those not yet disposed, and disposing
    /// a context whose leases are still held raises <see cref="Pernet.LeaksDetected"/>.
    /// </summary>
    [SharedAcrossContexts("a process-wide debugging switch")]
    public static bool TrackLeases { get; set; }

    /// <summary>Leases taken while tracking was on and not yet disposed, with where they were taken.</summary>
    public IReadOnlyList<NetLease> OutstandingLeases() =>
        _trackedLeases is { } leases ? leases.Keys.ToArray() : Array.Empty<NetLease>();

    private void TrackLease(NetLease lease)
    {
        var leases = _trackedLeases;
        if (leases is null)
        {
            Interlocked.CompareExchange(ref _trackedLeases, new ConcurrentDictionary<NetLease, byte>(ReferenceEqualityComparer.Instance), null);
            leases = _trackedLeases;
        }

        leases.TryAdd(lease, 0);
    }

    private void UntrackLease(NetLease lease) => _trackedLeases?.TryRemove(lease, out _);
}
