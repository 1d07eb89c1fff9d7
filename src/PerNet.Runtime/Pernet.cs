namespace PerNet;

/// <summary>
/// The registry of per-context operations and of contexts, and the teardown machinery: the kernel's
/// <c>register_pernet_subsys</c> / <c>register_pernet_device</c>, <c>net_namespace_list</c> and <c>cleanup_net</c>.
/// One concept a file, as <c>net_namespace.c</c> reads: registration (Pernet.Registration.cs), setup
/// with rollback and the list of live contexts (Pernet.Setup.cs), batched cleanup (Pernet.Cleanup.cs),
/// and the one exit sequence all three share (Pernet.Undo.cs). Limits and accounting, and the ambient
/// flow, are the context's own (NetContext.Accounting.cs, NetContext.Ambient.cs).
/// </summary>
[SharedAcrossContexts("the registry of contexts and operations is what contexts are made of")]
// Its name differs from PerNet<TSelf> only in case (both fixed by the design): CLS lets one of them out of the
// assembly's compliance; consumers call it and never expose it, so their public API stays compliant.
[System.CLSCompliant(false)]
public static partial class Pernet
{
    // Create and teardown read the operations; registering writes them (pernet_ops_rwsem).
    private static readonly ReaderWriterLockSlim s_opsLock = new(LockRecursionPolicy.SupportsRecursion);

    /// <summary>Raised when a hook throws during teardown or registration rollback; the other hooks still run.</summary>
    public static event Action<HookFailure>? HookFailed;

    /// <summary>Raised when a context is disposed by its creator while tracked leases are still held.</summary>
    public static event Action<LeakReport>? LeaksDetected;

    internal static void ReportLeaks(NetContext net, IReadOnlyList<NetLease> leases) => LeaksDetected?.Invoke(new LeakReport(net, leases));
}
