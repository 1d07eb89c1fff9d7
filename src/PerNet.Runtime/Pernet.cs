using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace PerNet;

/// <summary>
/// The registry of per-context operations and of contexts, and the teardown machinery: the kernel's
/// <c>register_pernet_subsys</c> / <c>register_pernet_device</c>, <c>net_namespace_list</c> and <c>cleanup_net</c>.
/// </summary>
[SharedAcrossContexts("the registry of contexts and operations is what contexts are made of")]
public static class Pernet
{
    // Create and teardown read the operations; registering writes them (pernet_ops_rwsem).
    private static readonly ReaderWriterLockSlim s_opsLock = new(LockRecursionPolicy.SupportsRecursion);
    private static readonly List<PernetOperations> s_subsystems = new();
    private static readonly List<PernetOperations> s_devices = new();
    private static PernetOperations[] s_ordered = Array.Empty<PernetOperations>();

    private static readonly object s_liveGate = new();
    private static readonly Dictionary<long, NetContext> s_live = new();

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

    /// <summary>Raised when a hook throws during teardown or registration rollback; the other hooks still run.</summary>
    public static event Action<HookFailure>? HookFailed;

    /// <summary>Raised when a context is disposed by its creator while tracked leases are still held.</summary>
    public static event Action<LeakReport>? LeaksDetected;

    /// <summary>Contexts whose last reference is gone but whose teardown has not finished.</summary>
    public static int DyingCount => Volatile.Read(ref s_dyingCount);

    /// <summary>
    /// Registers a subsystem: runs its <see cref="PernetOperations.Init"/> for every live context (rolled
    /// back with <see cref="PernetOperations.Exit"/> if one throws) and for every context created later,
    /// before any device. Disposing the registration exits it from every live context.
    /// </summary>
    public static IDisposable RegisterSubsystem(PernetOperations operations) => Register(operations, s_subsystems);

    /// <summary>Registers a device-level operation: like <see cref="RegisterSubsystem"/>, inited after every subsystem and exited before.</summary>
    public static IDisposable RegisterDevice(PernetOperations operations) => Register(operations, s_devices);

    private static IDisposable Register(PernetOperations operations, List<PernetOperations> list)
    {
        ArgumentNullException.ThrowIfNull(operations);
        _ = NetContext.Initial; // exists before anything registers, so registration inits it like any live context
        s_opsLock.EnterWriteLock();
        try
        {
            if (s_subsystems.Contains(operations) || s_devices.Contains(operations))
                throw new InvalidOperationException($"{operations.Name} is already registered.");

            var live = LiveSnapshot();
            var done = new List<NetContext>();
            foreach (var net in live)
            {
                try
                {
                    Invoke(operations, Phase.Init, net, null);
                    done.Add(net);
                }
                catch (Exception ex)
                {
                    var errors = new List<Exception> { ex };
                    done.Reverse();
                    foreach (var inited in done)
                        TryInvoke(operations, Phase.Exit, inited, null, errors);
                    if (done.Count > 0)
                        TryInvoke(operations, Phase.ExitBatch, null, done, errors);
                    if (errors.Count == 1)
                        ExceptionDispatchInfo.Throw(ex);
                    throw new AggregateException($"Registering {operations.Name} failed and its rollback failed too.", errors);
                }
            }

            var previous = s_ordered;
            list.Add(operations);
            s_ordered = s_subsystems.Concat(s_devices).ToArray();
            foreach (var net in done)
                net.InitedOperations = ReferenceEquals(net.InitedOperations, previous) ? s_ordered : Order(net.InitedOperations.Append(operations));
        }
        finally
        {
            s_opsLock.ExitWriteLock();
        }

        return new Registration(operations, list);
    }

    private static void Unregister(PernetOperations operations, List<PernetOperations> list)
    {
        s_opsLock.EnterWriteLock();
        try
        {
            if (!list.Remove(operations))
                return;
            s_ordered = s_subsystems.Concat(s_devices).ToArray();
            // Dying contexts too: teardown only runs operations that are still registered.
            var exited = new List<NetContext>();
            foreach (var net in LiveSnapshot().Concat(s_dying.ToArray()))
            {
                var inited = net.InitedOperations;
                if (Array.IndexOf(inited, operations) < 0)
                    continue;
                TryInvoke(operations, Phase.Exit, net, null, null);
                exited.Add(net);
                net.InitedOperations = Order(inited.Where(o => o != operations));
            }

            if (exited.Count > 0)
                TryInvoke(operations, Phase.ExitBatch, null, exited, null);
        }
        finally
        {
            s_opsLock.ExitWriteLock();
        }
    }

    /// <summary>Runs every Init for a new context; rolls back and rethrows on failure.</summary>
    internal static void Setup(NetContext net)
    {
        s_opsLock.EnterReadLock();
        try
        {
            var ordered = s_ordered;
            var done = 0;
            try
            {
                for (; done < ordered.Length; done++)
                    Invoke(ordered[done], Phase.Init, net, null);
            }
            catch (Exception ex)
            {
                var errors = new List<Exception> { ex };
                var one = new[] { net };
                for (var i = done - 1; i >= 0; i--)
                    TryInvoke(ordered[i], Phase.PreExit, net, null, errors);
                for (var i = done - 1; i >= 0; i--)
                    TryInvoke(ordered[i], Phase.Exit, net, null, errors);
                for (var i = done - 1; i >= 0; i--)
                    TryInvoke(ordered[i], Phase.ExitBatch, null, one, errors);
                DisposeStates(net, errors);
                if (errors.Count == 1)
                    ExceptionDispatchInfo.Throw(ex);
                throw new AggregateException($"Creating a context failed in {ordered[done].Name} and its rollback failed too.", errors);
            }

            net.InitedOperations = ordered;
            lock (s_liveGate)
                s_live.Add(net.Id, net);
        }
        finally
        {
            s_opsLock.ExitReadLock();
        }

        PerNetMetrics.Created.Add(1);
        if (Volatile.Read(ref s_dyingCount) > MaxDyingBacklog)
            DrainOnce(); // the creator helps the cleaner: the backlog stays bounded
    }

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

    internal static IReadOnlyList<NetContext> LiveSnapshot()
    {
        _ = NetContext.Initial;
        lock (s_liveGate)
        {
            var snapshot = s_live.Values.ToArray();
            Array.Sort(snapshot, static (a, b) => a.Id.CompareTo(b.Id));
            return snapshot;
        }
    }

    internal static int LiveCount
    {
        get
        {
            lock (s_liveGate)
                return s_live.Count;
        }
    }

    internal static void ReportLeaks(NetContext net, IReadOnlyList<NetLease> leases) => LeaksDetected?.Invoke(new LeakReport(net, leases));

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
                RunExitHooks(batch, s_ordered);
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

    /// <summary>
    /// PreExit for the whole batch, then Exit per operation, then ExitBatch once per operation: each
    /// phase in reverse registration order (devices first), each operation only for the contexts it
    /// was inited for.
    /// </summary>
    private static void RunExitHooks(NetContext[] batch, PernetOperations[] ordered)
    {
        // Usually every context was inited with exactly the current operations: no lookups needed.
        HashSet<PernetOperations>[]? inited = null;
        if (!batch.All(n => ReferenceEquals(n.InitedOperations, ordered)))
            inited = batch.Select(n => n.InitedOperations.ToHashSet()).ToArray();

        for (var i = ordered.Length - 1; i >= 0; i--)
        {
            for (var n = 0; n < batch.Length; n++)
            {
                if (inited is null || inited[n].Contains(ordered[i]))
                    TryInvoke(ordered[i], Phase.PreExit, batch[n], null, null);
            }
        }

        for (var i = ordered.Length - 1; i >= 0; i--)
        {
            for (var n = 0; n < batch.Length; n++)
            {
                if (inited is null || inited[n].Contains(ordered[i]))
                    TryInvoke(ordered[i], Phase.Exit, batch[n], null, null);
            }
        }

        for (var i = ordered.Length - 1; i >= 0; i--)
        {
            var operations = ordered[i];
            var nets = inited is null ? batch : batch.Where((_, n) => inited[n].Contains(operations)).ToArray();
            if (nets.Length > 0)
                TryInvoke(operations, Phase.ExitBatch, null, nets, null);
        }
    }

    private static void DisposeStates(NetContext net, List<Exception>? errors)
    {
        foreach (var state in net.TakeDisposableStatesNewestFirst())
        {
            var name = state.GetType().Name;
            try
            {
                state.Dispose();
            }
            catch (Exception ex)
            {
                errors?.Add(ex);
                HookFailed?.Invoke(new HookFailure(name, "Dispose", new[] { net }, ex));
            }
        }
    }

    /// <summary>The given operations in global order; the global array itself when that is all of them.</summary>
    private static PernetOperations[] Order(IEnumerable<PernetOperations> operations)
    {
        var set = operations.ToHashSet();
        return set.Count == s_ordered.Length && s_ordered.All(set.Contains) ? s_ordered : s_ordered.Where(set.Contains).ToArray();
    }

    private enum Phase
    {
        Init,
        PreExit,
        Exit,
        ExitBatch,
    }

    /// <summary>Runs one hook, timed only while someone listens to the hook-duration histogram.</summary>
    private static void Invoke(PernetOperations operations, Phase phase, NetContext? net, IReadOnlyList<NetContext>? nets)
    {
        var start = PerNetMetrics.HookDuration.Enabled ? Stopwatch.GetTimestamp() : 0;
        try
        {
            switch (phase)
            {
                case Phase.Init:
                    operations.Init(net!);
                    break;
                case Phase.PreExit:
                    operations.PreExit(net!);
                    break;
                case Phase.Exit:
                    operations.Exit(net!);
                    break;
                default:
                    operations.ExitBatch(nets!);
                    break;
            }
        }
        finally
        {
            if (start != 0)
            {
                PerNetMetrics.HookDuration.Record(
                    Stopwatch.GetElapsedTime(start).TotalMilliseconds,
                    new KeyValuePair<string, object?>("operation", operations.Name),
                    new KeyValuePair<string, object?>("phase", phase.ToString()));
            }
        }
    }

    /// <summary>Runs a hook; a failure is reported (and collected) but never stops the other hooks.</summary>
    private static void TryInvoke(PernetOperations operations, Phase phase, NetContext? net, IReadOnlyList<NetContext>? nets, List<Exception>? errors)
    {
        try
        {
            Invoke(operations, phase, net, nets);
        }
        catch (Exception ex)
        {
            errors?.Add(ex);
            HookFailed?.Invoke(new HookFailure(operations.Name, phase.ToString(), nets ?? new[] { net! }, ex));
        }
    }

    private sealed class Registration(PernetOperations operations, List<PernetOperations> list) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                Unregister(operations, list);
        }
    }
}
