using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace PerNet.Analyzers.Tests;

/// <summary>
/// A copy of samples/LegacyStack and its tests in a temporary folder, with project references made
/// absolute and PerNet.Runtime added, ready to be migrated, built and tested like a user's repository.
/// </summary>
internal sealed class LegacyStackCopy : IDisposable
{
    public LegacyStackCopy()
    {
        var repository = DocumentationTests.RepositoryRoot();
        Root = Directory.CreateTempSubdirectory("pernet-e2e-").FullName;
        File.Copy(Path.Combine(repository, "Directory.Build.props"), Path.Combine(Root, "Directory.Build.props"));
        File.Copy(Path.Combine(repository, "Directory.Packages.props"), Path.Combine(Root, "Directory.Packages.props"));
        foreach (var project in new[] { "LegacyStack", "LegacyStack.Tests" })
        {
            var from = Path.Combine(repository, "samples", project);
            var to = Path.Combine(Root, project);
            Directory.CreateDirectory(to);
            foreach (var file in Directory.EnumerateFiles(from).Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal)))
                File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        var library = Path.Combine(Root, "LegacyStack", "LegacyStack.csproj");
        var text = File.ReadAllText(library)
            .Replace(@"..\..\analyzers\PerNet.Analyzers\PerNet.Analyzers.csproj", Path.Combine(repository, "analyzers", "PerNet.Analyzers", "PerNet.Analyzers.csproj"), StringComparison.Ordinal);
        text = text.Replace("</Project>", $"""
              <ItemGroup>
                <ProjectReference Include="{Path.Combine(repository, "src", "PerNet.Runtime", "PerNet.Runtime.csproj")}" />
                <ProjectReference Include="{Path.Combine(repository, "codefixes", "PerNet.CodeFixes", "PerNet.CodeFixes.csproj")}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
              </ItemGroup>
            </Project>
            """, StringComparison.Ordinal);
        File.WriteAllText(library, text);
        File.WriteAllText(Path.Combine(Root, "LegacyStack.sln"), Solution());
    }

    public string Root { get; }

    public string LibraryFolder => Path.Combine(Root, "LegacyStack");

    public string TestsFolder => Path.Combine(Root, "LegacyStack.Tests");

    /// <summary>The copy as an in-memory solution, with the SDK's implicit usings.</summary>
    public Solution Load()
    {
        string[] Read(string folder, bool tests) => Directory.EnumerateFiles(folder, "*.cs").Order(StringComparer.Ordinal).Select(File.ReadAllText)
            .Append(Usings + (tests ? "\nglobal using Xunit;\n" : string.Empty)).ToArray();
        var solution = MigrationHarness.CreateSolution(
            new MigrationHarness.Project("LegacyStack", Read(LibraryFolder, false), Array.Empty<string>()),
            new MigrationHarness.Project("LegacyStackTests", Read(TestsFolder, true), new[] { "LegacyStack" }));
        var tests = solution.Projects.Single(p => p.Name == "LegacyStackTests");
        return solution.AddMetadataReferences(tests.Id, new[] { typeof(FactAttribute), typeof(Assert) }
            .Select(t => (MetadataReference)MetadataReference.CreateFromFile(t.Assembly.Location)));
    }

    /// <summary>Writes the migrated documents back over the files they came from (same order as <see cref="Load"/>).</summary>
    public async Task SaveAsync(Solution migrated)
    {
        foreach (var (project, folder) in new[] { ("LegacyStack", LibraryFolder), ("LegacyStackTests", TestsFolder) })
        {
            var files = Directory.EnumerateFiles(folder, "*.cs").Order(StringComparer.Ordinal).ToArray();
            for (var i = 0; i < files.Length; i++)
                await File.WriteAllTextAsync(files[i], await MigrationHarness.TextAsync(migrated, project, i));
        }
    }

    public static (int ExitCode, string Output) DotNet(string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment.Remove("MSBuildSDKsPath");
        info.Environment.Remove("MSBuildExtensionsPath");
        info.Environment.Remove("MSBUILD_EXE_PATH");
        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(8)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet " + string.Join(' ', arguments));
        }

        process.WaitForExit();
        lock (output)
            return (process.ExitCode, output.ToString());
    }

    /// <summary>PerNet warnings (PN0001–PN0005) a build printed, distinct.</summary>
    public static string[] StateWarnings(string buildOutput) =>
        Regex.Matches(buildOutput, @"warning (PN000[1-5]):[^\[]*").Select(m => m.Value.Trim()).Distinct().ToArray();

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }

    private const string Usings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static string Solution() => """

        Microsoft Visual Studio Solution File, Format Version 12.00
        Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "LegacyStack", "LegacyStack\LegacyStack.csproj", "{11111111-1111-1111-1111-111111111111}"
        EndProject
        Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "LegacyStack.Tests", "LegacyStack.Tests\LegacyStack.Tests.csproj", "{22222222-2222-2222-2222-222222222222}"
        EndProject
        Global
        EndGlobal
        """;
}
