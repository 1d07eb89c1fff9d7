using System.IO.Compression;
using System.Xml.Linq;
using PerNet.Tests.Shared;

namespace PerNet.Analyzers.Package.Tests;

/// <summary>
/// Packs the analyzer package once, checks its contents, then builds a fresh project that
/// references it through a local folder feed, the way a user adds it.
/// </summary>
public sealed class PackageFixture : IDisposable
{
    public PackageFixture()
    {
        Root = Directory.CreateTempSubdirectory("pernet-pack-").FullName;
        // A version no earlier run used, so no package cache can serve a stale copy.
        Version = "0.0.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff");
        Feed = Path.Combine(Root, "feed");
        var project = Path.Combine(DotNetCli.RepositoryRoot(), "src", "PerNet.Analyzers.Package", "PerNet.Analyzers.Package.csproj");
        var (exit, output) = DotNetCli.Run(Root, null, "pack", project, "-c", "Release", "-o", Feed, "-p:Version=" + Version);
        PackOutput = output;
        PackExitCode = exit;
        Package = Path.Combine(Feed, $"PerNet.{Version}.nupkg");
    }

    public string Root { get; }

    public string Version { get; }

    public string Feed { get; }

    public string Package { get; }

    public string PackOutput { get; }

    public int PackExitCode { get; }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

public class PackageTests : IClassFixture<PackageFixture>
{
    private readonly PackageFixture _fixture;

    public PackageTests(PackageFixture fixture)
    {
        _fixture = fixture;
        Assert.True(fixture.PackExitCode == 0, fixture.PackOutput);
    }

    [Fact]
    public void Nupkg_HoldsBothAssembliesUnderAnalyzersDotnetCs_AndNoLib()
    {
        using var zip = ZipFile.OpenRead(_fixture.Package);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("analyzers/dotnet/cs/PerNet.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/PerNet.CodeFixes.dll", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.EndsWith("Microsoft.CodeAnalysis.dll", StringComparison.Ordinal));
    }

    [Fact]
    public void Nuspec_IsDevelopmentDependency_WithoutDependencies()
    {
        using var zip = ZipFile.OpenRead(_fixture.Package);
        using var stream = zip.GetEntry("PerNet.nuspec")!.Open();
        var nuspec = XDocument.Load(stream);
        var ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.Equal("true", metadata.Element(ns + "developmentDependency")?.Value);
        Assert.Null(metadata.Element(ns + "dependencies"));
    }

    [Theory]
    [InlineData("net10.0")]
    [InlineData("netstandard2.0")]
    [InlineData("netstandard2.0;net8.0")]
    public void FreshProject_ReferencingPackage_BuildPrintsWarnings(string targets)
    {
        var project = Path.Combine(_fixture.Root, "Consumer-" + targets.Replace(';', '-'));
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFrameworks>{targets}</TargetFrameworks>
                <LangVersion>latest</LangVersion>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="PerNet" Version="{_fixture.Version}" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{_fixture.Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(project, "Arp.cs"), """
            using System.Collections.Generic;
            namespace Consumer;
            public static class Arp
            {
                static Dictionary<string, string> cache = new();
                static readonly List<string> routes = new();
                public static void Learn(string ip, string mac) { cache[ip] = mac; routes.Add(ip); }
            }
            """);
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_fixture.Root, "packages") };

        var (exit, output) = DotNetCli.Run(project, environment, "build", "-nodeReuse:false");

        Assert.True(exit == 0, output);
        foreach (var target in targets.Split(';'))
        {
            Assert.Contains($"warning PN0001", output);
            Assert.Contains($"warning PN0002", output);
            Assert.Contains($"Consumer -> ", output);
            Assert.Contains(target, output);
        }

        Assert.DoesNotContain("CS8032", output); // analyzer could not be loaded
        Assert.DoesNotContain("CS9057", output); // analyzer built against a newer compiler
    }
}
