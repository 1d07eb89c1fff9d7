using System.Diagnostics;

namespace PerNet;

/// <summary>
/// The one exit sequence (<c>ops_undo_list</c>): setup's rollback, batched teardown and unregistering
/// all undo operations through <see cref="Undo"/>, so their order cannot drift apart.
/// </summary>
public static partial class Pernet
{
    /// <summary>
    /// Undoes <paramref name="operations"/> (given in the order to undo them: newest, devices first)
    /// for <paramref name="nets"/>: PreExit of every operation for every context, then Exit, then one
    /// ExitBatch per operation — each operation only for the contexts it was inited for
    /// (<paramref name="inited"/>, per context; null when all were). A hook that throws is reported
    /// and collected in <paramref name="errors"/>; the others still run.
    /// </summary>
    private static void Undo(IReadOnlyList<PernetOperations> operations, IReadOnlyList<NetContext> nets, HashSet<PernetOperations>[]? inited, List<Exception>? errors)
    {
        if (nets.Count == 0)
            return;
        foreach (var phase in new[] { Phase.PreExit, Phase.Exit })
        {
            foreach (var operation in operations)
            {
                for (var n = 0; n < nets.Count; n++)
                {
                    if (inited is null || inited[n].Contains(operation))
                        TryInvoke(operation, phase, nets[n], null, errors);
                }
            }
        }

        foreach (var operation in operations)
        {
            var mine = inited is null ? nets : nets.Where((_, n) => inited[n].Contains(operation)).ToArray();
            if (mine.Count > 0)
                TryInvoke(operation, Phase.ExitBatch, null, mine, errors);
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
                    Guard.ElapsedSince(start).TotalMilliseconds,
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

}
