namespace PerNet;

/// <summary>An exception thrown by a <see cref="PernetOperations"/> hook during teardown or registration.</summary>
/// <param name="Operation">The operation whose hook threw.</param>
/// <param name="Phase">Which hook: Init, PreExit, Exit, ExitBatch, or Dispose for a state object.</param>
/// <param name="Contexts">The contexts the hook ran for.</param>
/// <param name="Exception">What it threw.</param>
public sealed record HookFailure(string Operation, string Phase, IReadOnlyList<NetContext> Contexts, Exception Exception);

/// <summary>Leases still held when a context's creator disposed it (reported while <see cref="NetContext.TrackLeases"/> is on).</summary>
/// <param name="Context">The context.</param>
/// <param name="Leases">Its outstanding leases, each with <see cref="NetLease.TakenAt"/>.</param>
public sealed record LeakReport(NetContext Context, IReadOnlyList<NetLease> Leases);
