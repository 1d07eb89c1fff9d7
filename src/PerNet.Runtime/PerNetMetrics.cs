using System.Diagnostics.Metrics;

namespace PerNet;

/// <summary>
/// Metrics of the runtime, meter "PerNet": contexts alive and dying, creations and destructions,
/// teardown batch sizes and hook durations (measured only while someone listens).
/// </summary>
[SharedAcrossContexts("metrics describe the whole process")]
internal static class PerNetMetrics
{
    public static readonly Meter Meter = new("PerNet");

    public static readonly Counter<long> Created = Meter.CreateCounter<long>("pernet.contexts.created", description: "Contexts created.");

    public static readonly Counter<long> Destroyed = Meter.CreateCounter<long>("pernet.contexts.destroyed", description: "Contexts torn down.");

    public static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("pernet.teardown.batch_size", description: "Contexts torn down together.");

    public static readonly Histogram<double> HookDuration = Meter.CreateHistogram<double>("pernet.hook.duration", "ms", "Time spent in one pernet operation hook.");

    public static readonly ObservableGauge<int> Live = Meter.CreateObservableGauge("pernet.contexts.live", () => Pernet.LiveCount, description: "Contexts alive.");

    public static readonly ObservableGauge<int> Dying = Meter.CreateObservableGauge("pernet.contexts.dying", () => Pernet.DyingCount, description: "Contexts waiting for teardown.");
}
