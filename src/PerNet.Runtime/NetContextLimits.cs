namespace PerNet;

/// <summary>
/// Limits of one context, checked for it and for every ancestor (as the kernel's ucounts): a child
/// is refused when any level's limit would be exceeded.
/// </summary>
public sealed record NetContextLimits
{
    /// <summary>No limits.</summary>
    public static NetContextLimits None { get; } = new();

    /// <summary>Most contexts that may exist below this one (children, their children, ...), dying ones included.</summary>
    public int MaxContexts { get; init; } = int.MaxValue;

    /// <summary>Charged memory above which the context (and its descendants) report <see cref="NetContext.UnderPressure"/>.</summary>
    public long MemorySoftLimit { get; init; } = long.MaxValue;

    /// <summary>Charged memory a charge may never take the context above: <see cref="NetContext.TryCharge"/> refuses it.</summary>
    public long MemoryHardLimit { get; init; } = long.MaxValue;
}
