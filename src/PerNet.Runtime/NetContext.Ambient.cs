namespace PerNet;

public sealed partial class NetContext
{
    [SharedAcrossContexts("the ambient context itself: one slot per async flow")]
    private static readonly AsyncLocal<NetContext?> s_current = new();

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
    public static NetContext Current => s_current.Value ?? NoneEntered();

    /// <summary>
    /// Makes this context <see cref="Current"/> for this async flow until the scope is disposed:
    /// <c>using (net.Enter()) { ... }</c>. Flows into tasks and awaits started inside.
    /// </summary>
    public NetContextScope Enter()
    {
        var previous = s_current.Value;
        s_current.Value = this;
        return new NetContextScope(previous, this);
    }

    internal static void Exit(NetContext? previous, NetContext entered)
    {
        if (!ReferenceEquals(s_current.Value, entered))
            throw new InvalidOperationException($"A scope for {entered} was disposed while an inner scope is still open; dispose scopes innermost first.");
        s_current.Value = previous;
    }

    private static NetContext NoneEntered() =>
        RequireEntered
            ? throw new InvalidOperationException("NetContext.Current was read outside any NetContext.Enter() while RequireEntered is set.")
            : Initial;
}
