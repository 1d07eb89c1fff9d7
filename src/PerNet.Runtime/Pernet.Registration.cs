namespace PerNet;

/// <summary>Registering and unregistering operations (<c>register_pernet_operations</c>, <c>unregister_pernet_operations</c>).</summary>
public static partial class Pernet
{
    private static readonly List<PernetOperations> s_subsystems = new();
    private static readonly List<PernetOperations> s_devices = new();
    private static PernetOperations[] s_ordered = Array.Empty<PernetOperations>();

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
        Guard.NotNull(operations);
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
                    Undo(new[] { operations }, done, inited: null, errors);
                    if (errors.Count == 1)
                        Guard.Rethrow(ex);
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
            var exited = LiveSnapshot().Concat(s_dying.ToArray()).Where(net => Array.IndexOf(net.InitedOperations, operations) >= 0).ToList();
            Undo(new[] { operations }, exited, inited: null, errors: null);
            foreach (var net in exited)
                net.InitedOperations = Order(net.InitedOperations.Where(o => o != operations));
        }
        finally
        {
            s_opsLock.ExitWriteLock();
        }
    }

    /// <summary>The given operations in global order; the global array itself when that is all of them.</summary>
    private static PernetOperations[] Order(IEnumerable<PernetOperations> operations)
    {
        var set = operations.ToHashSet();
        return set.Count == s_ordered.Length && s_ordered.All(set.Contains) ? s_ordered : s_ordered.Where(set.Contains).ToArray();
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
