namespace PerNet;

/// <summary>
/// Thrown by <see cref="NetContext.Create(NetContext?)"/> at once when a context would exceed the
/// <see cref="NetContextLimits.MaxContexts"/> of some level of its ancestry (fail fast: nobody waits).
/// </summary>
public sealed class NetContextQuotaExceededException : InvalidOperationException
{
    /// <summary>Creates the exception for the level whose limit was hit.</summary>
    public NetContextQuotaExceededException(NetContext level, int limit)
        : base($"Context {level.Id} (depth {level.Depth}) allows at most {limit} contexts below it; dispose contexts or raise its MaxContexts.")
    {
        LevelId = level.Id;
        Limit = limit;
    }

    /// <summary>Id of the context whose limit refused the new context.</summary>
    public long LevelId { get; }

    /// <summary>The limit that was reached.</summary>
    public int Limit { get; }
}
