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

    /// <summary>
    /// Makes this context <see cref="Current"/> for this async flow until the scope is disposed:
    /// <c>using (net.Enter()) { ... }</c>. Flows into tasks and awaits started inside.
    /// </summary>
    public NetContextScope Enter()
    {
        var previous = t_current;
        s_current.Value = this;
        return new NetContextScope(previous, this);
    }

    internal static void Exit(NetContext? previous, NetContext entered)
    {
        if (!ReferenceEquals(t_current, entered))
            throw new InvalidOperationException($"A scope for {entered} was disposed while an inner scope is still open; dispose scopes innermost first.");
        s_current.Value = previous;
    }

    private static NetContext NoneEntered() =>
        RequireEntered
            ? throw new InvalidOperationException("NetContext.Current was read outside any NetContext.Enter() while RequireEntered is set.")
            : Initial;
}
