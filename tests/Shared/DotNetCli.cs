using System.Diagnostics;
using System.Text;

namespace PerNet.Tests.Shared;

/// <summary>Runs the dotnet CLI as a user would, bounded in time, output captured. Linked into the test projects that need it.</summary>
internal static class DotNetCli
{
    /// <summary>
    /// <c>dotnet</c> with <paramref name="arguments"/>. A <c>pack</c> builds the repository's own projects in
    /// Release, and test assemblies run in parallel: packs from any test process take turns (a file lock), or
    /// two of them write the same <c>artifacts/</c> files at once (MSB4018, "file in use").
    /// </summary>
    public static (int ExitCode, string Output) Run(string workingDirectory, IDictionary<string, string>? environment, params string[] arguments)
    {
        if (arguments.FirstOrDefault() != "pack")
            return RunProgram("dotnet", workingDirectory, environment, arguments);
        using var turn = TakeTurn(Path.Combine(Path.GetTempPath(), "pernet-tests-pack.lock"));
        return RunProgram("dotnet", workingDirectory, environment, arguments);
    }

    private static FileStream TakeTurn(string path)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(250);
            }
        }
    }

    /// <summary>Any program (an installed tool, say) under the same environment and time bound.</summary>
    public static (int ExitCode, string Output) RunProgram(string program, string workingDirectory, IDictionary<string, string>? environment, params string[] arguments)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        // The test host's own MSBuild settings must not leak into the child build.
        info.Environment.Remove("MSBuildSDKsPath");
        info.Environment.Remove("MSBuildExtensionsPath");
        info.Environment.Remove("MSBUILD_EXE_PATH");
        if (environment is not null)
        {
            foreach (var pair in environment)
                info.Environment[pair.Key] = pair.Value;
        }

        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        // A null line is a stream's end, not a line of it: appended, it could fall between the other stream's lines.
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(8)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(program + " " + string.Join(' ', arguments) + " did not finish in 8 minutes");
        }

        process.WaitForExit();
        lock (output)
            return (process.ExitCode, output.ToString());
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Analyzers.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException("Analyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
