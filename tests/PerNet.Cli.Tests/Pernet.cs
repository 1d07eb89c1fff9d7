using PerNet.Tests.Shared;

namespace PerNet.Cli.Tests;

/// <summary>Runs the built CLI (artifacts/bin/PerNet.Cli/&lt;configuration&gt;/PerNet.Cli.dll) as a process.</summary>
internal static class Pernet
{
    private static readonly string s_dll = Locate();

    public static (int ExitCode, string Output) Run(string workingDirectory, params string[] arguments) =>
        DotNetCli.Run(workingDirectory, null, new[] { s_dll }.Concat(arguments).ToArray());

    private static string Locate()
    {
        // This assembly sits in artifacts/bin/PerNet.Cli.Tests/<configuration>/; the CLI next door.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var dll = Path.Combine(DotNetCli.RepositoryRoot(), "artifacts", "bin", "PerNet.Cli", configuration, "PerNet.Cli.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException("the CLI is not built: " + dll);
    }
}

/// <summary>
/// A copy of samples/LegacyStack in a temporary folder, as a user's repository: the runtime
/// referenced (the migration's output needs it), the repository's build settings, optionally a git
/// repository with one commit.
/// </summary>
internal sealed class StackCopy : IDisposable
{
    /// <param name="runtime">Reference the runtime project by hand (false: leave it to <c>pernet migrate</c>).</param>
    public StackCopy(bool git = false, bool runtime = true)
    {
        var repository = DotNetCli.RepositoryRoot();
        Root = Directory.CreateTempSubdirectory("pernet-cli-").FullName;
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props" })
            File.Copy(Path.Combine(repository, file), Path.Combine(Root, file));
        Directory.CreateDirectory(Project);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(repository, "samples", "LegacyStack")).Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal)))
            File.Copy(file, Path.Combine(Project, Path.GetFileName(file)));
        var csproj = Path.Combine(Project, "LegacyStack.csproj");
        var text = File.ReadAllText(csproj);
        var analyzer = @"<ProjectReference Include=""..\..\analyzers\PerNet.Analyzers\PerNet.Analyzers.csproj"" OutputItemType=""Analyzer"" ReferenceOutputAssembly=""false"" />";
        if (!text.Contains(analyzer, StringComparison.Ordinal))
            throw new InvalidOperationException("samples/LegacyStack/LegacyStack.csproj no longer has the expected analyzer reference");
        var replacement = runtime ? $"<ProjectReference Include=\"{Path.Combine(repository, "src", "PerNet.Runtime", "PerNet.Runtime.csproj")}\" />" : string.Empty;
        File.WriteAllText(csproj, text.Replace(analyzer, replacement, StringComparison.Ordinal));
        if (git)
        {
            File.WriteAllText(Path.Combine(Root, ".gitignore"), "artifacts/\nbin/\nobj/\n");
            Git("init", "-q");
            Git("add", "-A");
            Git("commit", "-q", "-m", "legacy stack");
        }
    }

    public string Root { get; }

    public string Project => Path.Combine(Root, "LegacyStack");

    public string Git(params string[] arguments)
    {
        var info = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-c", "user.name=test", "-c", "user.email=test@localhost" }.Concat(arguments))
            info.ArgumentList.Add(argument);
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException("git " + string.Join(' ', arguments) + ": " + output);
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
