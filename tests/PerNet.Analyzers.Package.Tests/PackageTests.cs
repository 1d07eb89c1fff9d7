using System.IO.Compression;
using System.Xml.Linq;
using PerNet.Tests.Shared;

namespace PerNet.Analyzers.Package.Tests;

/// <summary>The analyzer package, packed once for the tests below.</summary>
public sealed class PackageFixture : LocalFeed
{
    public PackageFixture()
        : base("pack", "src/PerNet.Analyzers.Package/PerNet.Analyzers.Package.csproj")
    {
        Package = Path.Combine(Feed, $"PerNet.{Version}.nupkg");
    }

    public string Package { get; }
}

public class PackageTests : IClassFixture<PackageFixture>
{
    private readonly PackageFixture _fixture;

    public PackageTests(PackageFixture fixture)
    {
        _fixture = fixture;
        Assert.True(fixture.PackFailure is null, fixture.PackFailure);
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
        _fixture.WriteNuGetConfig(project);
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
        var (exit, output) = DotNetCli.Run(project, _fixture.Environment, "build", "-nodeReuse:false");

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
