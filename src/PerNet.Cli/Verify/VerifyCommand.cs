using System.Diagnostics;
using System.Text.Json;

namespace PerNet.Cli.Verify;

/// <summary>
/// <c>pernet verify</c>: isolation proven by the library's own test suite. The suite runs once alone (the baseline),
/// then N times at once in one process, each run inside a <c>NetContext</c> of its own (<see cref="SuiteHost"/>, one
/// process per phase, so that a crash or a hang is seen and reported, not suffered). A test that passes alone and fails,
/// hangs or is lost to a crash when run side by side is an isolation failure: state the runs share. Tests are never
/// modified.
/// </summary>
public static class VerifyCommand
{
    public static async Task<int> RunAsync(Options options, TextWriter output, TextWriter progress, CancellationToken cancellationToken)
    {
        var assembly = await TestAssembly.ResolveAsync(options.Path, progress, cancellationToken);
        var timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        progress.WriteLine($"Running {Path.GetFileName(assembly)} alone ...");
        var baseline = await HostAsync(assembly, 1, timeout, progress, cancellationToken);
        if (baseline.Crash is not null || baseline.TimedOut || baseline.Runs[0].Done == false)
        {
            var why = baseline.TimedOut ? $"it did not finish within {options.TimeoutSeconds} s (raise --timeout)" : baseline.Crash ?? baseline.Errors.FirstOrDefault() ?? "it stopped before its end";
            throw new CliError(ExitCodes.Usage, $"the suite does not run alone, so side by side shows nothing: {why}");
        }

        progress.WriteLine($"Running it {options.Contexts} times at once, each run in its own NetContext ...");
        var sideBySide = await HostAsync(assembly, options.Contexts, timeout, progress, cancellationToken);
        var report = VerifyReport.Of(assembly, options.Contexts, baseline, sideBySide);
        var text = options.Format switch
        {
            "json" => report.ToJson(),
            "md" => report.ToMarkdown(),
            _ => report.ToText(),
        };
        if (options.Output is { } file)
            await File.WriteAllTextAsync(file, text, cancellationToken);
        else
            output.Write(text);
        progress.WriteLine(report.Summary);
        return report.IsolationFailures.Count == 0 ? ExitCodes.Ok : ExitCodes.Findings;
    }

    /// <summary>Runs <paramref name="runs"/> copies of the suite at once in a suite host process and reads what happened.</summary>
    private static async Task<HostResult> HostAsync(string assembly, int runs, TimeSpan timeout, TextWriter progress, CancellationToken cancellationToken)
    {
        var events = Path.Combine(Path.GetTempPath(), $"pernet-verify-{Environment.ProcessId}-{Guid.NewGuid():N}.jsonl");
        var host = Environment.ProcessPath is { } self && !Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            ? new ProcessStartInfo(self)
            : new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { ArgumentList = { typeof(VerifyCommand).Assembly.Location } };
        foreach (var argument in new[] { SuiteHostCommand, assembly, runs.ToString(System.Globalization.CultureInfo.InvariantCulture), events })
            host.ArgumentList.Add(argument);
        host.RedirectStandardOutput = true;
        host.RedirectStandardError = true;
        host.UseShellExecute = false;
        host.WorkingDirectory = Path.GetDirectoryName(assembly)!;
        using var process = Process.Start(host) ?? throw new CliError(ExitCodes.Usage, "could not start the suite host");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            timedOut = true;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        await Task.WhenAll(stdout, stderr);
        var lines = File.Exists(events) ? await File.ReadAllLinesAsync(events, CancellationToken.None) : Array.Empty<string>();
        File.Delete(events);
        var result = HostResult.Read(runs, lines.Select(Parse).OfType<SuiteEvent>(), timedOut);
        if (result.Crash is null && !timedOut && process.ExitCode != 0)
            result.Crash = $"the process ended with exit code {process.ExitCode}: {WorkspaceLoader.Tail(await stderr, 10)}";
        if (result.Crash is { } crash)
            progress.WriteLine("  the process crashed: " + crash.Split('\n')[0]);
        if (timedOut)
            progress.WriteLine($"  stopped after {timeout.TotalSeconds:0} s");
        return result;
    }

    /// <summary>One event line; null for a line cut off when the process was killed.</summary>
    private static SuiteEvent? Parse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<SuiteEvent>(line);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The hidden command that runs a suite host: <c>pernet __verify-host &lt;test assembly&gt; &lt;runs&gt; &lt;events file&gt;</c>.</summary>
    public const string SuiteHostCommand = "__verify-host";
}

/// <summary>What one suite host reported: per run, each test's result; a crash; whether it was stopped.</summary>
internal sealed class HostResult
{
    private HostResult(int runs) => Runs = Enumerable.Range(0, runs).Select(_ => new RunResult()).ToList();

    public List<RunResult> Runs { get; }

    public string? Crash { get; set; }

    public bool TimedOut { get; private set; }

    public List<string> Errors { get; } = new();

    public static HostResult Read(int runs, IEnumerable<SuiteEvent> events, bool timedOut)
    {
        var result = new HostResult(runs) { TimedOut = timedOut };
        foreach (var e in events)
        {
            if (e.Kind == "crash")
            {
                result.Crash ??= e.Detail;
                continue;
            }

            if (e.Run < 0 || e.Run >= runs)
                continue;
            var run = result.Runs[e.Run];
            switch (e.Kind)
            {
                case "start":
                    run.Started.Add(e.Test!);
                    break;
                case "pass" or "fail" or "skip":
                    run.Results[e.Test!] = (e.Kind, e.Detail);
                    break;
                case "error":
                    result.Errors.Add(e.Detail ?? "error");
                    run.Errors.Add(e.Detail ?? "error");
                    break;
                case "done":
                    run.Done = true;
                    break;
            }
        }

        return result;
    }
}

/// <summary>One run of the suite: each test's result, the tests started, whether it reached its end.</summary>
internal sealed class RunResult
{
    public Dictionary<string, (string Kind, string? Detail)> Results { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Started { get; } = new(StringComparer.Ordinal);

    public List<string> Errors { get; } = new();

    public bool Done { get; set; }
}
