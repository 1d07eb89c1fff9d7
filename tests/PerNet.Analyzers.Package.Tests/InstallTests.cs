using PerNet.Tests.Shared;

namespace PerNet.Analyzers.Package.Tests;

/// <summary>The runtime and the CLI as users install them, packed once for the tests below.</summary>
public sealed class InstallFixture : LocalFeed
{
    public InstallFixture()
        : base("install", "src/PerNet.Runtime/PerNet.Runtime.csproj", "src/PerNet.Cli/PerNet.Cli.csproj")
    {
        WriteNuGetConfig(Root);
    }
}

public class InstallTests : IClassFixture<InstallFixture>
{
    private readonly InstallFixture _fixture;

    public InstallTests(InstallFixture fixture)
    {
        _fixture = fixture;
        Assert.True(fixture.PackFailure is null, fixture.PackFailure);
    }

    [Fact]
    public void Tool_InstalledIntoAToolPath_PrintsItsVersion_AndScansTheSample()
    {
        var tools = Path.Combine(_fixture.Root, "tools");
        var (install, installOutput) = DotNetCli.Run(_fixture.Root, _fixture.Environment, "tool", "install", "PerNet.Cli", "--tool-path", tools, "--version", _fixture.Version);
        Assert.True(install == 0, installOutput);
        var pernet = Path.Combine(tools, OperatingSystem.IsWindows() ? "pernet.exe" : "pernet");

        var (version, versionOutput) = Run(pernet, _fixture.Root, "--version");
        Assert.True(version == 0, versionOutput);
        Assert.Equal(_fixture.Version, versionOutput.Trim());

        var sample = Path.Combine(DotNetCli.RepositoryRoot(), "samples", "LegacyStack", "LegacyStack.csproj");
        var (scan, scanOutput) = Run(pernet, _fixture.Root, "scan", sample, "--no-restore", "--format", "json");
        Assert.True(scan == 0, scanOutput);
        Assert.Contains("\"LegacyStack.Arp.cache\"", scanOutput);

        // migrate checks each step against the runtime build the tool package carries.
        var copy = Path.Combine(_fixture.Root, "stack");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(sample)!, "*.cs"))
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        File.WriteAllLines(Path.Combine(copy, "LegacyStack.csproj"), File.ReadAllLines(sample).Where(l => !l.Contains("PerNet.Analyzers.csproj", StringComparison.Ordinal)));
        var (migrate, migrateOutput) = Run(pernet, copy, "migrate", "LegacyStack.csproj", "--dry-run", "--only", "PN0004");
        Assert.True(migrate == 0, migrateOutput);
        Assert.Contains("2 piece(s) of state moved in 1 of 1 type(s)", migrateOutput);
    }

    [Fact]
    public void Runtime_InANetStandardLibrary_ConsumedByANet8App_Runs()
    {
        var library = Path.Combine(_fixture.Root, "Stack");
        Directory.CreateDirectory(library);
        File.WriteAllText(Path.Combine(library, "Stack.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>netstandard2.0</TargetFramework>
                <LangVersion>latest</LangVersion>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="PerNet.Runtime" Version="{_fixture.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(library, "Arp.cs"), """
            using System.Collections.Generic;
            using PerNet;
            namespace Stack
            {
                public static class Arp
                {
                    sealed class State : PerNet<State> { public readonly Dictionary<string, string> Cache = new Dictionary<string, string>(); }
                    public static void Learn(NetContext net, string ip, string mac) => State.Of(net).Cache[ip] = mac;
                    public static int Count(NetContext net) => State.Of(net).Cache.Count;
                }
            }
            """);
        var app = Path.Combine(_fixture.Root, "App");
        Directory.CreateDirectory(app);
        // Only the .NET 10 runtime may be installed: the app carries its .NET 8 runtime (self-contained).
        File.WriteAllText(Path.Combine(app, "App.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net8.0</TargetFramework>
                <RuntimeIdentifier>$(NETCoreSdkRuntimeIdentifier)</RuntimeIdentifier>
                <SelfContained>true</SelfContained>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="../Stack/Stack.csproj" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using PerNet;
            using var a = NetContext.Create();
            using var b = NetContext.Create();
            Stack.Arp.Learn(a, "10.0.0.1", "02:00:00:00:00:01");
            Stack.Arp.Learn(a, "10.0.0.2", "02:00:00:00:00:02");
            Stack.Arp.Learn(b, "10.0.0.1", "02:00:00:00:00:03");
            System.Console.WriteLine($"a={Stack.Arp.Count(a)} b={Stack.Arp.Count(b)} on .NET {System.Environment.Version.Major}");
            """);

        var (exit, output) = DotNetCli.Run(app, _fixture.Environment, "run", "-nodeReuse:false");

        Assert.True(exit == 0, output);
        Assert.Contains("a=2 b=1 on .NET 8", output);
    }

    private static (int ExitCode, string Output) Run(string program, string directory, params string[] arguments) =>
        DotNetCli.RunProgram(program, directory, null, arguments);
}
