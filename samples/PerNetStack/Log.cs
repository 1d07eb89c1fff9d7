using System.Diagnostics;

namespace PerNetStack;

/// <summary>Tracing: one process-wide trace source (a service, not stack state).</summary>
internal static class Log
{
    private static readonly TraceSource source = new("LegacyStack", SourceLevels.Warning);
    private static readonly TimeSpan slowOperation = TimeSpan.FromMilliseconds(100);

    public static void Info(string message) => source.TraceEvent(TraceEventType.Information, 0, message);

    public static bool IsSlow(TimeSpan elapsed) => elapsed > slowOperation;
}
