namespace PerNet;

/// <summary>Setting up a context with rollback, and the list of live contexts (<c>setup_net</c>, <c>net_namespace_list</c>).</summary>
public static partial class Pernet
{
    private static readonly object s_liveGate = new();
    private static readonly Dictionary<long, NetContext> s_live = new();

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
                Undo(ordered.Take(done).Reverse().ToArray(), new[] { net }, inited: null, errors);
                DisposeStates(net, errors);
                if (errors.Count == 1)
                    Guard.Rethrow(ex);
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

}
