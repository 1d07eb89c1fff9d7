using System.Collections.Concurrent;

namespace PerNet;

/// <summary>
/// Batched teardown of dying contexts on one cleaner thread (<c>cleanup_net</c>): whoever queues the
/// first dying context wakes it; it drains until nothing is left; creators help when the backlog grows.
/// </summary>
public static partial class Pernet
{
    private static readonly ConcurrentQueue<NetContext> s_dying = new();
    private static readonly SemaphoreSlim s_cleanerSignal = new(0);
    private static readonly object s_drainGate = new();
    private static int s_dyingCount;
    private static int s_cleanerStarted;

    /// <summary>
    /// Dying contexts waiting for the cleaner above which <see cref="NetContext.Create(NetContext?)"/>
    /// tears down a batch itself before returning, so fast create/destroy cannot pile up dying contexts.
    /// </summary>
    public static int MaxDyingBacklog { get; set; } = 1024;

    /// <summary>Contexts whose last reference is gone but whose teardown has not finished.</summary>
    public static int DyingCount => Volatile.Read(ref s_dyingCount);

    /// <summary>The last reference went: leave the live list and queue for the cleaner.</summary>
    internal static void Dying(NetContext net)
    {
        // Under the operations lock, so registering sees the context either live or queued, never neither.
        s_opsLock.EnterReadLock();
        try
        {
            lock (s_liveGate)
                s_live.Remove(net.Id);
            s_dying.Enqueue(net);
        }
        finally
        {
            s_opsLock.ExitReadLock();
        }

        if (Interlocked.Increment(ref s_dyingCount) != 1)
            return; // the cleaner is awake already and drains until nothing is left (llist_add's rule)
        if (Interlocked.Exchange(ref s_cleanerStarted, 1) == 0)
            new Thread(CleanerLoop) { IsBackground = true, Name = "PerNet cleaner" }.Start();
        s_cleanerSignal.Release();
    }

    /// <summary>Waits until every context that is dying now has been torn down (tests, orderly shutdown).</summary>
    public static void WaitForCleanup()
    {
        while (Volatile.Read(ref s_dyingCount) > 0)
            DrainOnce();
    }

    private static void CleanerLoop()
    {
        while (true)
        {
            s_cleanerSignal.Wait();
            while (Volatile.Read(ref s_dyingCount) > 0)
                DrainOnce();
        }
    }

    /// <summary>Tears down every context dying now, as one batch.</summary>
    private static void DrainOnce()
    {
        lock (s_drainGate)
        {
            NetContext[] batch;
            // Dequeue under the operations lock, so unregistering sees each dying context either
            // still queued or fully torn down.
            s_opsLock.EnterReadLock();
            try
            {
                batch = DequeueAll();
                if (batch.Length == 0)
                    return;
                var ordered = s_ordered;
                // Usually every context was inited with exactly the current operations: no lookups needed.
                var inited = batch.All(n => ReferenceEquals(n.InitedOperations, ordered)) ? null : batch.Select(n => n.InitedOperations.ToHashSet()).ToArray();
                Undo(Enumerable.Reverse(ordered).ToArray(), batch, inited, errors: null);
            }
            finally
            {
                s_opsLock.ExitReadLock();
            }

            foreach (var net in batch)
            {
                DisposeStates(net, null);
                net.InitedOperations = Array.Empty<PernetOperations>();
                net.MarkDestroyed();
                net.Parent!.UnchargeContext();
                net.Parent.ReleaseReference();
            }

            Interlocked.Add(ref s_dyingCount, -batch.Length);
            PerNetMetrics.Destroyed.Add(batch.Length);
            PerNetMetrics.BatchSize.Record(batch.Length);
        }
    }

    private static NetContext[] DequeueAll()
    {
        var batch = new List<NetContext>();
        while (s_dying.TryDequeue(out var net))
            batch.Add(net);
        return batch.ToArray();
    }

}
