using System.Diagnostics.Metrics;

namespace PerNet.Runtime.Tests;

public class LeakAndMetricsTests
{
    [Fact]
    public async Task TrackLeases_ReportsOutstandingLeasesWithWhereTaken()
    {
        NetContext.TrackLeases = true;
        var reports = new List<LeakReport>();
        void OnLeak(LeakReport r) => reports.Add(r);
        Pernet.LeaksDetected += OnLeak;
        try
        {
            var net = NetContext.Create();
            var kept = TakeLease(net);
            var returned = net.Acquire();
            returned.Dispose();

            Assert.Equal(new[] { kept }, net.OutstandingLeases());
            net.Dispose();

            var report = Assert.Single(reports, r => r.Context == net);
            var lease = Assert.Single(report.Leases);
            Assert.Contains(nameof(TakeLease), lease.TakenAt!.ToString());
            kept.Dispose();
            await net.Destroyed.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Empty(net.OutstandingLeases());
        }
        finally
        {
            Pernet.LeaksDetected -= OnLeak;
            NetContext.TrackLeases = false;
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static NetLease TakeLease(NetContext net) => net.Acquire();

    [Fact]
    public void Metrics_CreatedDestroyedBatchAndHookDurations()
    {
        var measurements = new List<(string Name, double Value)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "PerNet")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((i, v, _, _) => { lock (measurements) measurements.Add((i.Name, v)); });
        listener.SetMeasurementEventCallback<int>((i, v, _, _) => { lock (measurements) measurements.Add((i.Name, v)); });
        listener.SetMeasurementEventCallback<double>((i, v, _, _) => { lock (measurements) measurements.Add((i.Name, v)); });
        listener.Start();
        using var registration = Pernet.RegisterSubsystem(new CountingOperations());

        var net = NetContext.Create();
        net.Dispose();
        Pernet.WaitForCleanup();
        listener.RecordObservableInstruments();

        lock (measurements)
        {
            Assert.Contains(measurements, m => m.Name == "pernet.contexts.created");
            Assert.Contains(measurements, m => m.Name == "pernet.contexts.destroyed");
            Assert.Contains(measurements, m => m.Name == "pernet.teardown.batch_size" && m.Value >= 1);
            Assert.Contains(measurements, m => m.Name == "pernet.hook.duration");
            Assert.Contains(measurements, m => m.Name == "pernet.contexts.live" && m.Value >= 1);
            Assert.Contains(measurements, m => m.Name == "pernet.contexts.dying");
        }
    }
}
