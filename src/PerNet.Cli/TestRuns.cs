using System.Text;
using Microsoft.CodeAnalysis;

namespace PerNet.Cli;

/// <summary>
/// <c>pernet migrate --test "&lt;command&gt;"</c>: runs the user's test command in the folder pernet runs in, on the
/// untouched tree and on a migration written to disk for the run only. Every file a run writes — the migrated sources,
/// the runtime reference in the project files, central package versions, nuget.config — is put back byte for byte after
/// it, so the tree is untouched between runs and when the migration is finally kept.
/// </summary>
public sealed class TestRuns
{
    private readonly LoadedSolution _loaded;
    private readonly string _command;
    private readonly string? _feed;
    private readonly string _folder;
    private readonly TextWriter _progress;
    private int _runs;

    /// <param name="folder">Where the command runs: the folder pernet was started in.</param>
    public TestRuns(LoadedSolution loaded, string command, string folder, string? feed, TextWriter progress)
    {
        _folder = folder;
        _loaded = loaded;
        _command = command;
        _feed = feed;
        _progress = progress;
    }

    public TestOutcome? Baseline { get; private set; }

    /// <summary>Runs the command on the untouched tree; refuses a command that fails without naming a failed test.</summary>
    public async Task<TestOutcome> RunBaselineAsync(CancellationToken cancellationToken)
    {
        _progress.WriteLine($"  tests: running `{_command}` on the untouched tree ...");
        var outcome = await RunAsync(cancellationToken);
        if (outcome.ExitCode != 0 && outcome.Failed.Count == 0)
        {
            throw new CliError(ExitCodes.Usage,
                $"the test command fails on the untouched tree (exit {outcome.ExitCode}) without naming a failed test, so a migration cannot be judged by it; make `{_command}` pass (or name its failures) first:\n{outcome.Tail}");
        }

        _progress.WriteLine(outcome.Failed.Count == 0
            ? "  tests: all pass on the untouched tree"
            : $"  tests: {outcome.Failed.Values.Sum()} already fail on the untouched tree (only new failures count): {string.Join(", ", outcome.Failed.Keys.Take(5))}");
        return Baseline = outcome;
    }

    /// <summary>Writes <paramref name="candidate"/> to disk, runs the command, puts every file back; why it is worse than the baseline, or null.</summary>
    public async Task<string?> FailureAsync(Solution candidate, Func<Solution, Solution> withoutChecks, string what, CancellationToken cancellationToken)
    {
        var saved = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        void Remember(string path)
        {
            if (!saved.ContainsKey(path))
                saved[path] = File.Exists(path) ? File.ReadAllBytes(path) : null;
        }

        try
        {
            var original = _loaded.Workspace.CurrentSolution;
            candidate = withoutChecks(candidate);
            var changedProjects = new List<Project>();
            foreach (var change in candidate.GetChanges(original).GetProjectChanges())
            {
                var documents = change.GetChangedDocuments().Concat(change.GetAddedDocuments()).ToList();
                if (documents.Count == 0)
                    continue;
                if (original.GetProject(change.ProjectId) is { } project)
                    changedProjects.Add(project);
                foreach (var id in documents)
                {
                    var document = candidate.GetDocument(id);
                    if (document?.FilePath is not { } path)
                        continue;
                    var text = await document.GetTextAsync(cancellationToken);
                    Remember(path);
                    await File.WriteAllTextAsync(path, text.ToString(), text.Encoding ?? new UTF8Encoding(false), cancellationToken);
                }
            }

            foreach (var path in RuntimeReference.FilesWiringMayChange(_loaded, changedProjects))
                Remember(path);
            RuntimeReference.WireOnDisk(_loaded, changedProjects, _feed);
            _progress.WriteLine($"  tests: running on {what} ...");
            var outcome = await RunAsync(cancellationToken);
            return outcome.WorseThan(Baseline ?? throw new InvalidOperationException("run the baseline first"));
        }
        finally
        {
            foreach (var (path, bytes) in saved)
            {
                if (bytes is null)
                    File.Delete(path);
                else
                    await File.WriteAllBytesAsync(path, bytes, CancellationToken.None);
            }
        }
    }

    public int Runs => _runs;

    private async Task<TestOutcome> RunAsync(CancellationToken cancellationToken)
    {
        _runs++;
        var (shell, flag) = OperatingSystem.IsWindows() ? ("cmd.exe", "/c") : ("/bin/sh", "-c");
        var (exit, output) = await WorkspaceLoader.RunAsync(shell, new[] { flag, _command }, _folder, cancellationToken);
        return TestOutcome.Parse(exit, output);
    }
}
