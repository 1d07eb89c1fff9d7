namespace PerNet.Cli.Verify;

/// <summary>The test assembly <c>pernet verify</c> runs: given, or built from a test project; and its test framework.</summary>
internal static class TestAssembly
{
    /// <summary>A built test assembly, or a test project (file or the folder that holds it), which is built first.</summary>
    public static async Task<string> ResolveAsync(string path, TextWriter progress, CancellationToken cancellationToken)
    {
        string assembly;
        if (path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            if (!File.Exists(path))
                throw new CliError(ExitCodes.Usage, $"no test assembly at {path}");
            assembly = Path.GetFullPath(path);
        }
        else
        {
            var project = Directory.Exists(path) ? Directory.GetFiles(path, "*.csproj") switch
            {
                { Length: 1 } one => one[0],
                { Length: 0 } => throw new CliError(ExitCodes.Usage, $"'{path}' holds no .csproj: pass a test project or a built test assembly (.dll)"),
                var several => throw new CliError(ExitCodes.Usage, $"'{path}' holds several projects ({string.Join(", ", several.Select(Path.GetFileName))}); pass the test project to use"),
            } : path;
            if (!project.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) || !File.Exists(project))
                throw new CliError(ExitCodes.Usage, $"'{path}' is not a test project (.csproj) or a test assembly (.dll)");
            assembly = await BuildAsync(Path.GetFullPath(project), progress, cancellationToken);
        }

        RequireSupportedFramework(assembly);
        return assembly;
    }

    private static async Task<string> BuildAsync(string project, TextWriter progress, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(project)!;
        // A test project built for several frameworks runs in its first.
        var (_, frameworks) = await WorkspaceLoader.RunAsync("dotnet", new[] { "msbuild", project, "-getProperty:TargetFramework", "-getProperty:TargetFrameworks" }, folder, cancellationToken);
        var framework = FirstFramework(frameworks);
        var pin = framework is null ? Array.Empty<string>() : new[] { "-p:TargetFramework=" + framework };
        progress.WriteLine($"Building {Path.GetFileName(project)}{(framework is null ? string.Empty : " (" + framework + ")")} ...");
        var (exit, output) = await WorkspaceLoader.RunAsync("dotnet", new[] { "build", project, "-nologo", "-v", "q" }.Concat(pin), folder, cancellationToken);
        if (exit != 0)
            throw new CliError(ExitCodes.Usage, $"{Path.GetFileName(project)} does not build:\n{WorkspaceLoader.Tail(output, 15)}");
        var (_, targetPath) = await WorkspaceLoader.RunAsync("dotnet", new[] { "msbuild", project, "-getProperty:TargetPath" }.Concat(pin), folder, cancellationToken);
        var assembly = targetPath.Trim().Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.EndsWith(".dll", StringComparison.OrdinalIgnoreCase));
        return assembly is not null && File.Exists(assembly)
            ? assembly
            : throw new CliError(ExitCodes.Usage, $"{Path.GetFileName(project)} built, but its test assembly was not found ({targetPath.Trim()}); pass the .dll instead");
    }

    /// <summary>The first of a project's <c>TargetFrameworks</c> when it has several (from <c>-getProperty</c>'s JSON), else null.</summary>
    internal static string? FirstFramework(string getPropertyOutput)
    {
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(getPropertyOutput);
            var properties = json.RootElement.GetProperty("Properties");
            if (properties.GetProperty("TargetFramework").GetString() is { Length: > 0 })
                return null;
            return properties.GetProperty("TargetFrameworks").GetString()?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>xunit v2 and NUnit suites run in process today; the others are named, with what to do.</summary>
    private static void RequireSupportedFramework(string assembly)
    {
        var folder = Path.GetDirectoryName(assembly)!;
        bool Has(string file) => File.Exists(Path.Combine(folder, file));
        if (Has("xunit.execution.dotnet.dll") && Has("xunit.abstractions.dll") || NUnitRun.Applies(folder))
            return;
        var framework = Has("xunit.v3.core.dll") ? "xunit v3 (its test projects are programs that run themselves, out of this process)"
            : Has("Microsoft.VisualStudio.TestPlatform.TestFramework.dll") || Has("MSTest.TestFramework.dll") ? "MSTest"
            : Has("TUnit.Core.dll") ? "TUnit"
            : null;
        throw new CliError(ExitCodes.Usage, framework is null
            ? $"{Path.GetFileName(assembly)} is not an xunit or NUnit test assembly (no xunit.execution.dotnet.dll or nunit.framework.dll next to it)"
            : $"{Path.GetFileName(assembly)} uses {framework}; pernet verify runs xunit v2 and NUnit suites in process so far. Run its tests side by side by hand: one NetContext.Create().Enter() per run");
    }
}
