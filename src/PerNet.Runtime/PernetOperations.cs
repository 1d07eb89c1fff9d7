namespace PerNet;

/// <summary>
/// Per-context hooks of a subsystem or device (the kernel's <c>struct pernet_operations</c>).
/// Register with <see cref="Pernet.RegisterSubsystem"/> or <see cref="Pernet.RegisterDevice"/>.
/// Every method does nothing by default.
/// </summary>
public abstract class PernetOperations
{
    /// <summary>Sets up this subsystem's part of a new context. Throwing makes context creation fail and roll back.</summary>
    public virtual void Init(NetContext net)
    {
    }

    /// <summary>First step of teardown, for every context of a batch before any <see cref="Exit"/>: stop new work.</summary>
    public virtual void PreExit(NetContext net)
    {
    }

    /// <summary>Releases this subsystem's part of a dying context.</summary>
    public virtual void Exit(NetContext net)
    {
    }

    /// <summary>Once per teardown batch, after <see cref="Exit"/> for each of its contexts: amortised cleanup.</summary>
    public virtual void ExitBatch(IReadOnlyList<NetContext> nets)
    {
    }

    /// <summary>A name for diagnostics and metrics; the type name by default.</summary>
    public virtual string Name => GetType().Name;
}
