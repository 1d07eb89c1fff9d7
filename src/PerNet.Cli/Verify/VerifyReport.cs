using System.Text;
using System.Text.Json;

namespace PerNet.Cli.Verify;

/// <summary>
/// What <c>pernet verify</c> found, per test: passed alone and in every run side by side (isolated); passed alone and
/// failed, hung or was lost to a crash in a run side by side (an isolation failure, with the run and what happened);
/// failed alone (not counted: the suite's own failure).
/// </summary>
internal sealed class VerifyReport
{
    private VerifyReport(string assembly, int contexts)
    {
        Assembly = assembly;
        Contexts = contexts;
    }

    public string Assembly { get; }

    public int Contexts { get; }

    public int Isolated { get; private set; }

    public int Skipped { get; private set; }

    public List<IsolationFailure> IsolationFailures { get; } = new();

    public List<(string Test, string? Detail)> FailedAlone { get; } = new();

    /// <summary>
    /// Tests that failed side by side because the runs competed for a process resource no context can split: a fixed port
    /// ("address already in use") in at least one run — the runs that did bind it then talk to each other's clients and
    /// servers. Listed, not counted: give each context its own port to test what they test.
    /// </summary>
    public List<IsolationFailure> ResourceConflicts { get; } = new();

    /// <summary>What happened to the process side by side: a crash (an exception on another thread), a time-out.</summary>
    public List<string> ProcessFailures { get; } = new();

    public string Summary =>
        $"{Path.GetFileName(Assembly)}: {Isolated} test(s) isolated, {IsolationFailures.Count} fail only side by side ({Contexts} runs at once), " +
        $"{ResourceConflicts.Count} compete for a fixed port (not counted), {FailedAlone.Count} fail alone (not counted), {Skipped} skipped" + (ProcessFailures.Count > 0 ? "; " + string.Join("; ", ProcessFailures) : string.Empty) + ".";

    public static VerifyReport Of(string assembly, int contexts, HostResult baseline, HostResult sideBySide)
    {
        var report = new VerifyReport(assembly, contexts);
        if (sideBySide.Crash is { } crash)
            report.ProcessFailures.Add("the process crashed: " + crash.Split('\n')[0].Trim());
        if (sideBySide.TimedOut)
            report.ProcessFailures.Add("the runs did not finish in time (a hang)");
        foreach (var (test, (kind, detail)) in baseline.Runs[0].Results.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (kind == "skip")
            {
                report.Skipped++;
                continue;
            }

            if (kind == "fail")
            {
                report.FailedAlone.Add((test, detail));
                continue;
            }

            var failures = new List<(int Run, string What)>();
            for (var run = 0; run < sideBySide.Runs.Count; run++)
            {
                var result = sideBySide.Runs[run];
                if (result.Results.TryGetValue(test, out var outcome))
                {
                    if (outcome.Kind == "fail")
                        failures.Add((run + 1, "failed: " + outcome.Detail));
                }
                else if (result.Started.Contains(test))
                {
                    failures.Add((run + 1, sideBySide.TimedOut ? "hung: started, never finished" : "lost: started when the process crashed"));
                }
                else if (!result.Done)
                {
                    failures.Add((run + 1, sideBySide.TimedOut ? "never ran: the run hung before it" : "never ran: the process crashed before it"));
                }
            }

            if (failures.Count == 0)
                report.Isolated++;
            else if (failures.Any(f => IsPortConflict(f.What)))
                report.ResourceConflicts.Add(new IsolationFailure(test, failures));
            else
                report.IsolationFailures.Add(new IsolationFailure(test, failures));
        }

        return report;
    }

    /// <summary>A socket error for an address in use (98 on Linux, 48 on macOS, 10048 on Windows).</summary>
    private static bool IsPortConflict(string what) =>
        what.Contains("Address already in use", StringComparison.OrdinalIgnoreCase) ||
        what.Contains("SocketException (10048)", StringComparison.Ordinal) || what.Contains("SocketException (98)", StringComparison.Ordinal) ||
        what.Contains("SocketException (48)", StringComparison.Ordinal);

    public string ToText()
    {
        var b = new StringBuilder();
        b.AppendLine(Summary);
        foreach (var process in ProcessFailures)
            b.AppendLine("  process: " + process);
        if (IsolationFailures.Count > 0)
        {
            b.AppendLine();
            b.AppendLine("Fail only side by side (isolation failures: state the runs share):");
            foreach (var failure in IsolationFailures)
            {
                b.AppendLine("  " + failure.Test);
                foreach (var (run, what) in failure.Runs)
                    b.AppendLine($"    run {run}: {what.Trim().Replace("\n", "\n" + new string(' ', 10 + run.ToString(System.Globalization.CultureInfo.InvariantCulture).Length))}");
            }
        }

        if (ResourceConflicts.Count > 0)
        {
            b.AppendLine();
            b.AppendLine("Compete for a fixed port side by side (not counted: no context can split a port; give each its own):");
            foreach (var conflict in ResourceConflicts)
                b.AppendLine($"  {conflict.Test} (run {string.Join(", ", conflict.Runs.Select(r => r.Run))})");
        }

        if (FailedAlone.Count > 0)
        {
            b.AppendLine();
            b.AppendLine("Fail alone too (not counted):");
            foreach (var (test, detail) in FailedAlone)
                b.AppendLine($"  {test}: {detail}");
        }

        b.AppendLine();
        b.AppendLine(IsolationFailures.Count == 0
            ? "Next: nothing is shared that the tests can see. Raise --contexts to press harder."
            : "Next: `pernet scan --explain` on the library names the statics these tests share; migrate them (`pernet migrate`), then verify again.");
        return b.ToString();
    }

    public string ToMarkdown()
    {
        var b = new StringBuilder();
        b.AppendLine($"# pernet verify: {Path.GetFileName(Assembly)}");
        b.AppendLine();
        b.AppendLine(Summary);
        b.AppendLine();
        b.AppendLine("| test | run | what happened side by side |");
        b.AppendLine("|---|---|---|");
        foreach (var failure in IsolationFailures)
        {
            foreach (var (run, what) in failure.Runs)
                b.AppendLine($"| `{failure.Test}` | {run} | {what.Replace("|", "\\|").Replace("\n", " ")} |");
        }

        foreach (var process in ProcessFailures)
            b.AppendLine($"| (process) | | {process.Replace("|", "\\|")} |");
        return b.ToString();
    }

    public string ToJson() => JsonSerializer.Serialize(new
    {
        tool = "pernet verify",
        version = RuntimeReference.Version,
        assembly = Assembly,
        contexts = Contexts,
        isolated = Isolated,
        skipped = Skipped,
        isolationFailures = IsolationFailures.Select(f => new { test = f.Test, runs = f.Runs.Select(r => new { run = r.Run, what = r.What }) }),
        failedAlone = FailedAlone.Select(f => new { test = f.Test, detail = f.Detail }),
        portConflicts = ResourceConflicts.Select(f => new { test = f.Test, runs = f.Runs.Select(r => r.Run) }),
        process = ProcessFailures,
    }, new JsonSerializerOptions { WriteIndented = true }) + "\n";
}

/// <summary>A test that passed alone and not in every run side by side.</summary>
internal sealed record IsolationFailure(string Test, List<(int Run, string What)> Runs);
