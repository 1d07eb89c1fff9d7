using System.Diagnostics;

namespace PerNet;

/// <summary>
/// A strong reference to a context (<c>get_net</c>); disposing it releases the reference
/// (<c>put_net</c>). Disposing twice releases once. With <see cref="NetContext.TrackLeases"/> on,
/// the lease remembers where it was taken.
/// </summary>
public sealed class NetLease : IDisposable
{
    private int _released;

    internal NetLease(NetContext context, StackTrace? takenAt)
    {
        Context = context;
        TakenAt = takenAt;
    }

    /// <summary>The context this lease keeps alive.</summary>
    public NetContext Context { get; }

    /// <summary>Where the lease was taken, when lease tracking was on; otherwise null.</summary>
    public StackTrace? TakenAt { get; }

    /// <summary>True once the lease was disposed.</summary>
    public bool IsReleased => Volatile.Read(ref _released) != 0;

    /// <summary>Releases the reference; the last release starts teardown.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
            Context.ReleaseLease(this);
    }
}
