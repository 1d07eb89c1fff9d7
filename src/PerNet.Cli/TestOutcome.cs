using System.Text.RegularExpressions;

namespace PerNet.Cli;

/// <summary>What one run of the user's test command said: its exit code and the tests it names as failed.</summary>
/// <param name="Failed">Each failed test's name with how many times it is named (NUnit names a test by its method alone, so two fixtures may share one).</param>
public sealed record TestOutcome(int ExitCode, IReadOnlyDictionary<string, int> Failed, string Tail)
{
    /// <summary>
    /// The tests a run names as failed: <c>dotnet test</c>'s console lines (<c>  Failed Ns.Type.Method [12 ms]</c>, the
    /// testing platform's <c>failed Ns.Type.Method (12ms)</c>), whatever framework runs them.
    /// </summary>
    public static TestOutcome Parse(int exitCode, string output)
    {
        var failed = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (Match match in FailedLine.Matches(output))
        {
            var name = match.Groups["name"].Value.Trim();
            failed[name] = failed.TryGetValue(name, out var count) ? count + 1 : 1;
        }

        return new TestOutcome(exitCode, failed, string.Join("\n", output.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(5)));
    }

    private static readonly Regex FailedLine = new(@"^\s*(?:Failed|failed)\s+(?<name>\S[^\r\n]*?)\s+[\[(]<?\s?[\d.,]+\s?(?:ms|s|m)[\])]\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant);

    /// <summary>
    /// Why this run is worse than <paramref name="baseline"/>: tests it names as failed that passed there, or a command
    /// that succeeded there and fails now without naming a test (a build error, a crash); null when it is not worse.
    /// </summary>
    public string? WorseThan(TestOutcome baseline)
    {
        var newly = Failed.Where(t => t.Value > baseline.Failed.GetValueOrDefault(t.Key)).Select(t => t.Key).ToList();
        if (newly.Count > 0)
            return $"turns {newly.Count} passing test(s) into failing ones: {string.Join(", ", newly.Take(5))}{(newly.Count > 5 ? $" (and {newly.Count - 5} more)" : string.Empty)}";
        if (ExitCode != 0 && baseline.ExitCode == 0)
            return $"the test command fails afterwards (exit {ExitCode}) without naming a test: {Tail.Replace('\n', ' ')}";
        return null;
    }
}
