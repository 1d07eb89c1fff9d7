using PerNet.Tests.Shared;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace PerNet.Analyzers.Tests;

/// <summary>The PerNet analyzer package, packed once into a folder feed with a version no earlier run used.</summary>
public sealed class PackageFeed : IDisposable
{
    public PackageFeed()
    {
        Folder = Directory.CreateTempSubdirectory("pernet-feed-").FullName;
        Version = "0.0.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff");
        var project = Path.Combine(DocumentationTests.RepositoryRoot(), "src", "PerNet.Analyzers.Package", "PerNet.Analyzers.Package.csproj");
        var (exit, output) = LegacyStackCopy.DotNet(Folder, "pack", project, "-c", "Release", "-o", Folder, "-p:Version=" + Version);
        if (exit != 0)
            throw new InvalidOperationException(output);
    }

    public string Folder { get; }

    public string Version { get; }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// A copy of samples/LegacyStack and its tests in a temporary folder, with project references made
/// absolute and PerNet.Runtime added, ready to be migrated, built and tested like a user's repository.
/// </summary>
internal sealed class LegacyStackCopy : IDisposable
{
    /// <param name="runtime">Reference PerNet.Runtime (false: as a user who added only the analyzer package).</param>
    public LegacyStackCopy(PackageFeed feed, bool runtime = true)
    {
        var repository = DocumentationTests.RepositoryRoot();
        Root = Directory.CreateTempSubdirectory("pernet-e2e-").FullName;
        File.Copy(Path.Combine(repository, "Directory.Build.props"), Path.Combine(Root, "Directory.Build.props"));
        File.WriteAllText(Path.Combine(Root, "Directory.Packages.props"), File.ReadAllText(Path.Combine(repository, "Directory.Packages.props"))
            .Replace("</ItemGroup>", $"  <PackageVersion Include=\"PerNet\" Version=\"{feed.Version}\" />\n  </ItemGroup>", StringComparison.Ordinal));
        NuGetConfig.Write(Root, "pernet-local", feed.Folder);
        foreach (var project in new[] { "LegacyStack", "LegacyStack.Tests" })
        {
            var from = Path.Combine(repository, "samples", project);
            var to = Path.Combine(Root, project);
            Directory.CreateDirectory(to);
            foreach (var file in Directory.EnumerateFiles(from).Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal)))
                File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        var library = Path.Combine(Root, "LegacyStack", "LegacyStack.csproj");
        // As a user has it: the analyzers and fixes from the PerNet package, the runtime referenced.
        var text = File.ReadAllText(library).Replace(
            @"<ProjectReference Include=""..\..\analyzers\PerNet.Analyzers\PerNet.Analyzers.csproj"" OutputItemType=""Analyzer"" ReferenceOutputAssembly=""false"" />",
            runtime
                ? $"""
                <PackageReference Include="PerNet" PrivateAssets="all" />
                    <ProjectReference Include="{Path.Combine(repository, "src", "PerNet.Runtime", "PerNet.Runtime.csproj")}" />
                """
                : """<PackageReference Include="PerNet" PrivateAssets="all" />""",
            StringComparison.Ordinal);
        if (!text.Contains("PackageReference Include=\"PerNet\"", StringComparison.Ordinal))
            throw new InvalidOperationException("samples/LegacyStack/LegacyStack.csproj no longer has the expected analyzer reference");
        File.WriteAllText(library, text);
        foreach (var arguments in new[]
        {
            new[] { "new", "sln", "-n", "LegacyStack", "--format", "sln" },
            new[] { "sln", "LegacyStack.sln", "add", Path.Combine("LegacyStack", "LegacyStack.csproj"), Path.Combine("LegacyStack.Tests", "LegacyStack.Tests.csproj") },
        })
        {
            var (exit, output) = DotNet(Root, arguments);
            if (exit != 0)
                throw new InvalidOperationException(output);
        }
    }

    public string Root { get; }

    public string LibraryFolder => Path.Combine(Root, "LegacyStack");

    public string TestsFolder => Path.Combine(Root, "LegacyStack.Tests");

    /// <summary>The copy as an in-memory solution, with the SDK's implicit usings.</summary>
    public Solution Load()
    {
        string[] Read(string folder, bool tests) => Directory.EnumerateFiles(folder, "*.cs").Order(StringComparer.Ordinal).Select(File.ReadAllText)
            .Append(SampleTests.ImplicitUsings + (tests ? "\nglobal using Xunit;\n" : string.Empty)).ToArray();
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

    public static (int ExitCode, string Output) DotNet(string workingDirectory, params string[] arguments) =>
        PerNet.Tests.Shared.DotNetCli.Run(workingDirectory, null, arguments);

    /// <summary>PerNet warnings (PN0001–PN0005) a build printed, distinct.</summary>
    public static string[] StateWarnings(string buildOutput) =>
        Regex.Matches(buildOutput, @"warning (PN000[1-5]):.*?(?= \[[^\]]*proj\]|\r?$)", RegexOptions.Multiline).Select(m => m.Value.Trim()).Distinct().ToArray(); // up to the " [project]" MSBuild appends (a message may hold "byte[]")

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }


}
