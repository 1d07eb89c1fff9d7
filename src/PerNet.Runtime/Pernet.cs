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
                    Timed(operations, "Init", () => operations.Init(net));
                    done.Add(net);
                }
                catch (Exception ex)
                {
                    var errors = new List<Exception> { ex };
                    done.Reverse();
                    foreach (var inited in done)
                        Try(operations, "Exit", new[] { inited }, () => operations.Exit(inited), errors);
                    if (done.Count > 0)
                        Try(operations, "ExitBatch", done, () => operations.ExitBatch(done), errors);
                    if (errors.Count == 1)
                        ExceptionDispatchInfo.Throw(ex);
                    throw new AggregateException($"Registering {operations.Name} failed and its rollback failed too.", errors);
                }
            }

            list.Add(operations);
            s_ordered = s_subsystems.Concat(s_devices).ToArray();
            foreach (var net in done)
                net.InitedOperations = Order(Inited(net).Append(operations));
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
            var exited = new List<NetContext>();
            foreach (var net in LiveSnapshot())
            {
                var inited = Inited(net);
                if (Array.IndexOf(inited, operations) < 0)
                    continue;
                Try(operations, "Exit", new[] { net }, () => operations.Exit(net), null);
                exited.Add(net);
                net.InitedOperations = inited.Where(o => o != operations).ToArray();
            }

            if (exited.Count > 0)
                Try(operations, "ExitBatch", exited, () => operations.ExitBatch(exited), null);
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
                {
                    var operations = ordered[done];
                    if (PerNetMetrics.HookDuration.Enabled)
                        Timed(operations, "Init", () => operations.Init(net));
                    else
                        operations.Init(net);
                }
            }
            catch (Exception ex)
            {
                var errors = new List<Exception> { ex };
                var succeeded = ordered.Take(done).Reverse().ToArray();
                var one = new[] { net };
                foreach (var operations in succeeded)
                    Try(operations, "PreExit", one, () => operations.PreExit(net), errors);
                foreach (var operations in succeeded)
                    Try(operations, "Exit", one, () => operations.Exit(net), errors);
                foreach (var operations in succeeded)
                    Try(operations, "ExitBatch", one, () => operations.ExitBatch(one), errors);
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
        lock (s_liveGate)
            s_live.Remove(net.Id);
        s_dying.Enqueue(net);
        Interlocked.Increment(ref s_dyingCount);
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
            DrainOnce();
        }
    }

    /// <summary>Tears down every context dying now, as one batch.</summary>
    private static void DrainOnce()
    {
        lock (s_drainGate)
        {
            var batch = new List<NetContext>();
            while (s_dying.TryDequeue(out var net))
                batch.Add(net);
            if (batch.Count == 0)
                return;
            Teardown(batch);
            Interlocked.Add(ref s_dyingCount, -batch.Count);
        }
    }

    private static void Teardown(List<NetContext> batch)
    {
        PerNetMetrics.BatchSize.Record(batch.Count);
        s_opsLock.EnterReadLock();
        try
        {
            var ordered = s_ordered;
            var inited = batch.ToDictionary(n => n, Inited);
            // Reverse registration order: devices first, then subsystems, newest first.
            for (var i = ordered.Length - 1; i >= 0; i--)
            {
                var operations = ordered[i];
                foreach (var net in batch)
                {
                    if (Array.IndexOf(inited[net], operations) >= 0)
                        Try(operations, "PreExit", new[] { net }, () => operations.PreExit(net), null);
                }
            }

            for (var i = ordered.Length - 1; i >= 0; i--)
            {
                var operations = ordered[i];
                foreach (var net in batch)
                {
                    if (Array.IndexOf(inited[net], operations) >= 0)
                        Try(operations, "Exit", new[] { net }, () => operations.Exit(net), null);
                }
            }

            for (var i = ordered.Length - 1; i >= 0; i--)
            {
                var operations = ordered[i];
                var nets = batch.Where(n => Array.IndexOf(inited[n], operations) >= 0).ToArray();
                if (nets.Length > 0)
                    Try(operations, "ExitBatch", nets, () => operations.ExitBatch(nets), null);
            }
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

        PerNetMetrics.Destroyed.Add(batch.Count);
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

    private static PernetOperations[] Inited(NetContext net) => net.InitedOperations;

    private static PernetOperations[] Order(IEnumerable<PernetOperations> operations)
    {
        var set = operations.ToHashSet();
        return s_ordered.Where(set.Contains).ToArray();
    }

    /// <summary>Runs a hook; a failure is reported (and collected) but never stops the other hooks.</summary>
    private static void Try(PernetOperations operations, string phase, IReadOnlyList<NetContext> nets, Action hook, List<Exception>? errors)
    {
        try
        {
            if (PerNetMetrics.HookDuration.Enabled)
                Timed(operations, phase, hook);
            else
                hook();
        }
        catch (Exception ex)
        {
            errors?.Add(ex);
            HookFailed?.Invoke(new HookFailure(operations.Name, phase, nets, ex));
        }
    }

    private static void Timed(PernetOperations operations, string phase, Action hook)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            hook();
        }
        finally
        {
            PerNetMetrics.HookDuration.Record(
                Stopwatch.GetElapsedTime(start).TotalMilliseconds,
                new KeyValuePair<string, object?>("operation", operations.Name),
                new KeyValuePair<string, object?>("phase", phase));
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
