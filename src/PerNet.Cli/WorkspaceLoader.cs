using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Build.Locator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;

namespace PerNet.Cli;

/// <summary>The solution or project a command works on, loaded with MSBuildWorkspace.</summary>
public sealed class LoadedSolution : IDisposable
{
    internal LoadedSolution(Workspace workspace, Solution solution, IReadOnlyList<ProjectId> targets, string file, IReadOnlyList<ProjectId>? firstFramework = null)
    {
        Workspace = workspace;
        Solution = solution;
        Targets = targets;
        File = file;
        Root = System.IO.Path.GetDirectoryName(file)!;
        FirstFramework = firstFramework ?? Array.Empty<ProjectId>();
    }

    /// <summary>
    /// In a view of another framework (<see cref="ForFramework"/>): the projects as the first framework builds them, whose
    /// files the view shares; empty otherwise.
    /// </summary>
    public IReadOnlyList<ProjectId> FirstFramework { get; }

    /// <summary>
    /// The same solution seen through the <paramref name="index"/>-th framework of each target built for several (the
    /// order the workspace loaded them in; 0 is <see cref="Targets"/>), or null when no target has that many. The view
    /// shares this one's workspace and does not own it.
    /// </summary>
    public LoadedSolution? ForFramework(int index)
    {
        var targets = new List<ProjectId>();
        foreach (var target in Targets)
        {
            var frameworks = SameFile(target).ToList();
            if (index < frameworks.Count)
                targets.Add(frameworks[index]);
        }

        return targets.Count == 0 || index == 0 ? null : new LoadedSolution(Workspace, Solution, targets, File, Targets) { _ownsWorkspace = false };
    }

    /// <summary>The target's project once per framework it is built for, in the order the workspace loaded them.</summary>
    private IEnumerable<ProjectId> SameFile(ProjectId target) =>
        Solution.GetProject(target)?.FilePath is { } path
            ? Solution.Projects.Where(p => p.FilePath is { } other && string.Equals(System.IO.Path.GetFullPath(path), System.IO.Path.GetFullPath(other), StringComparison.Ordinal)).Select(p => p.Id)
            : new[] { target };

    private bool _ownsWorkspace = true;

    public Workspace Workspace { get; }

    public Solution Solution { get; }

    /// <summary>The projects the command is about: every C# project of a solution, or the one project named.</summary>
    public IReadOnlyList<ProjectId> Targets { get; }

    /// <summary>
    /// <see cref="Targets"/> with every framework a project is built for: what <c>scan</c> and <c>check</c> look at, so that
    /// state declared under <c>#if</c> for one framework only is seen (<c>migrate</c> changes the shared files once, through the first).
    /// </summary>
    public IReadOnlyList<ProjectId> AllFrameworks =>
        Solution.Projects.Where(p => Targets.Any(t => Solution.GetProject(t)?.FilePath is { } path && p.FilePath is { } other &&
            string.Equals(System.IO.Path.GetFullPath(path), System.IO.Path.GetFullPath(other), StringComparison.Ordinal)))
            .Select(p => p.Id).ToList();

    /// <summary>The .sln, .slnx or .csproj loaded.</summary>
    public string File { get; }

    /// <summary>Its folder: reported paths are relative to it.</summary>
    public string Root { get; }

    /// <summary>The root of the git repository the solution is in (a folder holding <c>.git</c>), or null outside one.</summary>
    public string? Repository => RepositoryOf(Root);

    public string Relative(string? path) =>
        path is null ? string.Empty : System.IO.Path.GetRelativePath(Root, path).Replace('\\', '/');

    internal static string? RepositoryOf(string folder)
    {
        for (var current = new DirectoryInfo(folder); current is not null; current = current.Parent)
        {
            if (Directory.Exists(System.IO.Path.Combine(current.FullName, ".git")) || System.IO.File.Exists(System.IO.Path.Combine(current.FullName, ".git")))
                return current.FullName;
        }

        return null;
    }

    public void Dispose()
    {
        if (_ownsWorkspace)
            Workspace.Dispose();
    }
}

/// <summary>Finds what to load, restores it, loads it, and fails with a message that says what to do.</summary>
public static partial class WorkspaceLoader
{
    public static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            return Path.GetExtension(full).ToLowerInvariant() is ".sln" or ".slnx" or ".csproj"
                ? full
                : throw new CliError(ExitCodes.Usage, $"'{path}' is not a .sln, .slnx or .csproj file");
        }

        if (!Directory.Exists(full))
            throw new CliError(ExitCodes.Usage, $"'{path}' does not exist: pass a .sln, .slnx or .csproj file, or a folder that holds one");
        foreach (var patterns in new[] { new[] { "*.sln", "*.slnx" }, new[] { "*.csproj" } })
        {
            var found = patterns.SelectMany(p => Directory.EnumerateFiles(full, p)).Order(StringComparer.Ordinal).ToList();
            if (found.Count == 1)
                return found[0];
            if (found.Count > 1)
                throw new CliError(ExitCodes.Usage, $"'{path}' holds several: {string.Join(", ", found.Select(Path.GetFileName))}; pass the one to use");
        }

        // Below it, two levels down at most (src/Lib/Lib.csproj), leaving out build output and hidden folders.
        var below = new[] { "*.sln", "*.slnx", "*.csproj" }
            .SelectMany(p => Directory.EnumerateFiles(full, p, new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 2, IgnoreInaccessible = true }))
            .Select(f => Path.GetRelativePath(full, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !f.Split('/').Any(part => part.StartsWith('.') && part.Length > 1 || part is "bin" or "obj" or "artifacts"))
            .OrderBy(f => f.EndsWith(".csproj", StringComparison.Ordinal)).ThenBy(f => f, StringComparer.Ordinal).ToList();
        throw new CliError(ExitCodes.Usage, below.Count == 0
            ? $"'{path}' holds no .sln, .slnx or .csproj file"
            : $"'{path}' holds no .sln, .slnx or .csproj file itself; below it: {string.Join(", ", below.Take(10))}{(below.Count > 10 ? $" and {below.Count - 10} more" : string.Empty)}. Pass one of them (a solution migrates all its projects together)");
    }

    public static async Task<LoadedSolution> LoadAsync(string path, bool restore, TextWriter progress, CancellationToken cancellationToken)
    {
        var file = Resolve(path);
        if (restore)
        {
            progress.WriteLine($"Restoring {Path.GetFileName(file)} ...");
            var (exit, output) = await RunAsync("dotnet", new[] { "restore", file }, Path.GetDirectoryName(file)!, cancellationToken);
            if (exit != 0)
                throw new CliError(ExitCodes.Usage, $"dotnet restore failed for {Path.GetFileName(file)} (fix it, or pass --no-restore):\n{Tail(output, 15)}");
        }

        if (!MSBuildLocator.IsRegistered)
            MSBuildLocator.RegisterDefaults();
        return await OpenAsync(file, progress, cancellationToken);
    }

    // Separate from LoadAsync: MSBuild types must not be touched before the locator has registered.
    private static async Task<LoadedSolution> OpenAsync(string file, TextWriter progress, CancellationToken cancellationToken)
    {
        var workspace = MSBuildWorkspace.Create();
        var failures = new List<string>();
        workspace.WorkspaceFailed += (_, e) =>
        {
            if (e.Diagnostic.Kind == WorkspaceDiagnosticKind.Failure)
                failures.Add(e.Diagnostic.Message);
        };
        var loaded = new Progress<ProjectLoadProgress>(p =>
        {
            if (p.Operation == ProjectLoadOperation.Resolve)
                progress.WriteLine($"  loaded {Path.GetFileName(p.FilePath)}{(p.TargetFramework is null ? string.Empty : " (" + p.TargetFramework + ")")} in {p.ElapsedTime.TotalSeconds:F1} s");
        });
        progress.WriteLine($"Loading {Path.GetFileName(file)} ...");
        Solution solution;
        IReadOnlyList<ProjectId> targets;
        try
        {
            if (Path.GetExtension(file).Equals(".csproj", StringComparison.OrdinalIgnoreCase))
            {
                var project = await workspace.OpenProjectAsync(file, loaded, cancellationToken);
                solution = project.Solution;
                targets = new[] { project.Id };
            }
            else
            {
                solution = await workspace.OpenSolutionAsync(file, loaded, cancellationToken);
                // The workspace also loads what the listed projects reference (an analyzer project, a library
                // outside the repository): those are dependencies, never changed.
                var listed = ListedProjects(file);
                var csharp = solution.Projects.Where(p => p.Language == LanguageNames.CSharp).ToList();
                // A project built for several frameworks loads once per framework, over the same files: the first is the one
                // changed and checked (as when the project file itself is given).
                targets = csharp.Where(p => p.FilePath is { } path && listed.Contains(Path.GetFullPath(path)))
                    .GroupBy(p => Path.GetFullPath(p.FilePath!), StringComparer.Ordinal).Select(g => g.First().Id).ToList();
                var references = csharp.Where(p => p.FilePath is null || !listed.Contains(Path.GetFullPath(p.FilePath))).Select(p => Path.GetFileName(p.FilePath)).Distinct().ToList();
                if (references.Count > 0)
                    progress.WriteLine($"  not in {Path.GetFileName(file)}, loaded as references only, left unchanged: {string.Join(", ", references)}");
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or ArgumentException)
        {
            workspace.Dispose();
            throw new CliError(ExitCodes.Usage, $"{Path.GetFileName(file)} did not load: {ex.Message}");
        }

        // MSBuild reports restore warnings (NU1603 "... was resolved instead", NU1510) as workspace
        // failures although the project loads: they are printed, never fatal. Only a project that did
        // not load (no C# project, no source files) stops the command; code that does not compile is
        // checked by the commands themselves.
        foreach (var failure in failures.Distinct().Take(10))
            progress.WriteLine("warning: " + failure);
        var empty = targets.Select(id => solution.GetProject(id)!).Where(p => !p.Documents.Any()).Select(p => p.Name).ToList();
        if (targets.Count == 0 || empty.Count > 0)
        {
            workspace.Dispose();
            var why = targets.Count == 0 ? "it has no C# project" : "no source files in " + string.Join(", ", empty);
            if (failures.Count > 0)
                why += "\n  " + string.Join("\n  ", failures.Distinct().Take(10));
            throw new CliError(ExitCodes.Usage, $"{Path.GetFileName(file)} did not load (is it restored and does `dotnet build` work?):\n  {why}");
        }

        return new LoadedSolution(workspace, solution, targets, file);
    }

    /// <summary>The full paths of the projects a .sln or .slnx file lists.</summary>
    internal static HashSet<string> ListedProjects(string solutionFile)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(solutionFile))!;
        IEnumerable<string> paths = Path.GetExtension(solutionFile).Equals(".slnx", StringComparison.OrdinalIgnoreCase)
            ? XDocument.Load(solutionFile).Descendants().Where(e => e.Name.LocalName == "Project").Select(e => (string?)e.Attribute("Path")).OfType<string>()
            : SlnProject().Matches(File.ReadAllText(solutionFile)).Select(m => m.Groups[1].Value);
        return paths.Select(p => Path.GetFullPath(Path.Combine(folder, p.Replace('\\', Path.DirectorySeparatorChar)))).ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex("""^Project\("\{[^}]*\}"\)\s*=\s*"[^"]*"\s*,\s*"([^"]*)"\s*,""", RegexOptions.Multiline)]
    private static partial Regex SlnProject();

    /// <summary>Compiler errors of the target projects.</summary>
    public static async Task<IReadOnlyList<Diagnostic>> ErrorsAsync(Solution solution, IEnumerable<ProjectId> targets, CancellationToken cancellationToken)
    {
        var errors = new List<Diagnostic>();
        foreach (var id in targets)
        {
            if (solution.GetProject(id) is { } project && await project.GetCompilationAsync(cancellationToken) is { } compilation)
                errors.AddRange(compilation.GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error));
        }

        return errors;
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        // Set in this process by the MSBuild locator; a child dotnet must find its own SDK.
        foreach (var variable in new[] { "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildSDKsPath" })
            start.Environment.Remove(variable);
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(start) ?? throw new CliError(ExitCodes.Usage, $"could not start {program}");
        using var stop = cancellationToken.Register(() =>
        {
            try
            {
                process.Kill(entireProcessTree: true); // cancelled: the child must not go on (a test run writing, a restore)
            }
            catch (InvalidOperationException)
            {
                // already exited
            }
        });
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }

    public static string Tail(string text, int lines) =>
        string.Join("\n", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(lines));
}
