namespace PerNet;

public sealed partial class NetContext
{
    // The ambient context lives in one AsyncLocal, so it flows with the ExecutionContext. Reading an
    // AsyncLocal costs a map lookup; its change notifications (raised on this thread for every set and
    // every ExecutionContext switch that changes the value, as CultureInfo.CurrentCulture uses them)
    // keep a thread-static mirror exact, and Current reads the mirror.
    [SharedAcrossContexts("the ambient context itself: one slot per async flow")]
    private static readonly AsyncLocal<NetContext?> s_current = new(static change => t_current = change.CurrentValue);

    [ThreadStatic]
    [SharedAcrossContexts("a per-thread mirror of the ambient context's AsyncLocal")]
    private static NetContext? t_current;

    /// <summary>
    /// When true (for tests), reading <see cref="Current"/> outside any <see cref="Enter"/> throws
    /// instead of answering <see cref="Initial"/>: it finds code that relies on the ambient context by accident.
    /// </summary>
    [SharedAcrossContexts("a process-wide debugging switch")]
    public static bool RequireEntered { get; set; }

    /// <summary>
    /// The ambient context of this async flow: the innermost <see cref="Enter"/> still open, or
    /// <see cref="Initial"/> outside any (every process starts in the initial namespace).
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="RequireEntered"/> is set and no context was entered.</exception>
    public static NetContext Current => t_current ?? NoneEntered();

#if NET5_0_OR_GREATER
    /// <summary>
    /// The flow that holds this context and no other AsyncLocal value: made by the first
    /// <see cref="Enter"/> from a flow that holds nothing, reused by the next ones. It is immutable
    /// and refers to nothing but this context.
    /// </summary>
    private ExecutionContext? _soleFlow;
#endif

    /// <summary>
    /// Makes this context <see cref="Current"/> for this async flow until the scope is disposed:
    /// <c>using (net.Enter()) { ... }</c>. Flows into tasks and awaits started inside.
    /// </summary>
    public NetContextScope Enter()
    {
        // Setting an AsyncLocal makes a new ExecutionContext (the runtime's flow is immutable).
        // Disposing the scope goes back to the flow that was current before (see Exit), so that one
        // is remembered too; it is null when the flow is suppressed.
        var previous = t_current;
#if NET5_0_OR_GREATER
        var outerFlow = ExecutionContext.Capture();
        if (outerFlow is null)
#endif
        {
            // No ExecutionContext.Restore before .NET 5: there, always set the value, and set it back on exit.
            s_current.Value = this;
            return new NetContextScope(previous, this, null, null);
        }
#if NET5_0_OR_GREATER

        var empty = s_emptyFlows ?? LearnEmptyFlows(this);
        if (ReferenceEquals(outerFlow, empty.Cleared) || ReferenceEquals(outerFlow, empty.Empty))
        {
            // Nothing else in the flow: entering gives the same flow every time.
            if (_soleFlow is { } sole)
            {
                ExecutionContext.Restore(sole); // the change notification updates the mirror
            }
            else
            {
                s_current.Value = this;
                sole = ExecutionContext.Capture()!;
                Volatile.Write(ref _soleFlow, sole);
            }

            return new NetContextScope(previous, this, empty.Cleared, sole);
        }

        s_current.Value = this;
        return new NetContextScope(previous, this, outerFlow, ExecutionContext.Capture());
#endif
    }

    internal static void Exit(NetContext? previous, NetContext entered, ExecutionContext? outerFlow, ExecutionContext? enteredFlow)
    {
        // The ExecutionContext is still the very one Enter made: no other AsyncLocal changed and flow
        // was not suppressed since. Putting the outer one back is then exactly what setting the value
        // back would give (the change notification updates the mirror) and allocates nothing.
#if NET5_0_OR_GREATER
        if (outerFlow is not null && ReferenceEquals(ExecutionContext.Capture(), enteredFlow))
        {
            ExecutionContext.Restore(outerFlow);
            return;
        }
#endif

        if (!ReferenceEquals(t_current, entered))
            throw new InvalidOperationException($"A scope for {entered} was disposed while an inner scope is still open; dispose scopes innermost first.");
        s_current.Value = previous;
    }

#if NET5_0_OR_GREATER
    [SharedAcrossContexts("two immutable ExecutionContexts that hold no context")]
    private static EmptyFlows? s_emptyFlows;

    /// <summary>
    /// Learns, once, the runtime's ExecutionContext for a flow with no AsyncLocal set, and one that
    /// differs from it only in holding <see cref="s_current"/> as null, from a thread started without
    /// a flow. Both hold nothing (Enter reuses <see cref="_soleFlow"/> from either), and a scope entered
    /// from either is disposed back to the second: every AsyncLocal reads the same as in the first,
    /// and the runtime keeps its list of AsyncLocals with change notifications instead of allocating
    /// it again at the next Enter.
    /// </summary>
    private static EmptyFlows LearnEmptyFlows(NetContext sample)
    {
        EmptyFlows? learned = null;
        try
        {
            var thread = new Thread(() =>
            {
                var empty = ExecutionContext.Capture();
                s_current.Value = sample;
                s_current.Value = null;
                var cleared = ExecutionContext.Capture();
                if (empty is not null && cleared is not null && !ReferenceEquals(empty, cleared))
                    learned = new EmptyFlows(empty, cleared);
            })
            {
                IsBackground = true,
                Name = "PerNet empty flow",
            };
            thread.UnsafeStart();
            thread.Join();
        }
        catch (Exception ex) when (ex is OutOfMemoryException or ThreadStartException or PlatformNotSupportedException)
        {
            // No thread to learn from: every scope restores by setting the value back.
        }

        var flows = learned ?? EmptyFlows.Unknown;
        return Interlocked.CompareExchange(ref s_emptyFlows, flows, null) ?? flows;
    }

    /// <summary>The runtime's empty flow and the flow that holds only a null context.</summary>
    private sealed class EmptyFlows(ExecutionContext? empty, ExecutionContext? cleared)
    {
        /// <summary>Matches no flow (Enter compares it with a flow that is not null).</summary>
        public static readonly EmptyFlows Unknown = new(null, null);

        public ExecutionContext? Empty { get; } = empty;

        public ExecutionContext? Cleared { get; } = cleared;
    }
#endif

    private static NetContext NoneEntered() =>
        RequireEntered
            ? throw new InvalidOperationException("NetContext.Current was read outside any NetContext.Enter() while RequireEntered is set.")
            : Initial;
}
