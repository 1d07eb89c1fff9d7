using PerNet.Tests.Shared;

namespace PerNet.Cli.Tests;

/// <summary>
/// <c>pernet migrate</c> on a repository that does not reference PerNet.Runtime yet, as a new user's:
/// the migrated project gains the package reference (central versions here, as the copy manages
/// versions centrally), restore finds the package in the local feed given, and the result builds.
/// </summary>
public class RuntimeReferenceTests
{
    [Fact]
    public void Migrate_WiresThePackageWithCentralVersions_AndTheResultBuilds()
    {
        using var copy = new StackCopy(runtime: false);
        var feed = Path.Combine(copy.Root, "feed");
        var (pack, packOutput) = DotNetCli.Run(DotNetCli.RepositoryRoot(), null, "pack", "src/PerNet.Runtime", "-c", "Release", "-o", feed, "-nodeReuse:false", "-v", "q");
        Assert.True(pack == 0, packOutput);

        var (init, initOutput) = DotNetCli.RunProgram("git", copy.Root, null, "init", "-q");
        Assert.True(init == 0, initOutput);

        var (exit, output) = Pernet.Run(copy.Root, "migrate", "LegacyStack", "--only", "PN0003,PN0004", "--runtime-feed", feed);

        Assert.True(exit == 0, output);
        Assert.Contains("reference added: ../Directory.Packages.props: PackageVersion PerNet.Runtime", output);
        Assert.Contains("reference added: LegacyStack.csproj: PackageReference PerNet.Runtime (version from ../Directory.Packages.props)", output);
        Assert.Contains("<PackageReference Include=\"PerNet.Runtime\" />", File.ReadAllText(Path.Combine(copy.Project, "LegacyStack.csproj")));
        Assert.Contains("<PackageVersion Include=\"PerNet.Runtime\" Version=\"", File.ReadAllText(Path.Combine(copy.Root, "Directory.Packages.props")));
        // At the repository's root, where the tests beside the library (which get the runtime through their
        // project reference) read it too; not next to the project migrated.
        // Relative to the config: a file a user commits never holds this machine's path.
        Assert.Contains("value=\"feed\"", File.ReadAllText(Path.Combine(copy.Root, "nuget.config")));
        Assert.DoesNotContain(copy.Root, File.ReadAllText(Path.Combine(copy.Root, "nuget.config")));
        Assert.Contains("nuget.config: created, with feed (relative to it) as a package source", output);
        Assert.False(File.Exists(Path.Combine(copy.Project, "nuget.config")));

        // A package cache of its own: the package just packed, never an older one of the same version.
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(copy.Root, "packages") };
        var (build, buildOutput) = DotNetCli.Run(copy.Root, environment, "build", "LegacyStack", "-nodeReuse:false", "-v", "q");
        Assert.True(build == 0, buildOutput);
    }

    /// <summary>
    /// A repository whose nuget.config maps packages to sources (packageSourceMapping): the feed added for the runtime gets
    /// the runtime's package mapped to it, or restore would not look there (NU1101, seen on a real library), and both
    /// elements are indented as their siblings.
    /// </summary>
    [Fact]
    public void Migrate_RuntimeFeedInAConfigWithSourceMapping_MapsThePackage()
    {
        using var copy = new StackCopy(runtime: false);
        var (restore, restoreOutput) = DotNetCli.Run(copy.Root, null, "restore", "LegacyStack", "-nodeReuse:false", "-v", "q");
        Assert.True(restore == 0, restoreOutput);
        Directory.CreateDirectory(Path.Combine(copy.Root, "feed"));
        var (init, initOutput) = DotNetCli.RunProgram("git", copy.Root, null, "init", "-q");
        Assert.True(init == 0, initOutput); // the repository's nuget.config is the one at its root
        var config = Path.Combine(copy.Root, "nuget.config");
        File.WriteAllText(config, """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
                <packageSources>
                    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                </packageSources>
                <packageSourceMapping>
                    <packageSource key="nuget.org">
                        <package pattern="*" />
                    </packageSource>
                </packageSourceMapping>
            </configuration>

            """);

        var (exit, output) = Pernet.Run(copy.Root, "migrate", "LegacyStack", "--only", "PN0004", "--runtime-feed", "feed", "--no-restore");

        Assert.True(exit == 0, output);
        Assert.Contains("nuget.config: feed (relative to it) added as a package source, and PerNet.Runtime mapped to it (packageSourceMapping)", output);
        Assert.Equal("""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
                <packageSources>
                    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                    <add key="pernet-runtime" value="feed" />
                </packageSources>
                <packageSourceMapping>
                    <packageSource key="nuget.org">
                        <package pattern="*" />
                    </packageSource>
                    <packageSource key="pernet-runtime">
                        <package pattern="PerNet.Runtime" />
                    </packageSource>
                </packageSourceMapping>
            </configuration>

            """, File.ReadAllText(config));
    }

    [Fact]
    public void Migrate_WithTheRuntimeProjectInTheSolution_AddsAProjectReference_AndTheResultBuilds()
    {
        using var copy = new StackCopy(runtime: false);
        var runtime = Path.Combine(DotNetCli.RepositoryRoot(), "src", "PerNet.Runtime", "PerNet.Runtime.csproj");
        var (sln, slnOutput) = DotNetCli.Run(copy.Root, null, "new", "sln", "-n", "Stack", "--format", "sln");
        Assert.True(sln == 0, slnOutput);
        var (add, addOutput) = DotNetCli.Run(copy.Root, null, "sln", "Stack.sln", "add", Path.Combine("LegacyStack", "LegacyStack.csproj"), runtime);
        Assert.True(add == 0, addOutput);

        var (exit, output) = Pernet.Run(copy.Root, "migrate", "Stack.sln", "--only", "PN0004");

        Assert.True(exit == 0, output);
        Assert.Contains("reference added: LegacyStack/LegacyStack.csproj: ProjectReference to ", output);
        var expected = Path.GetRelativePath(copy.Project, runtime);
        Assert.Contains($"<ProjectReference Include=\"{expected}\" />", File.ReadAllText(Path.Combine(copy.Project, "LegacyStack.csproj")));
        Assert.False(File.Exists(Path.Combine(copy.Root, "nuget.config"))); // no package, no feed
        var (build, buildOutput) = DotNetCli.Run(copy.Root, null, "build", "LegacyStack", "-nodeReuse:false", "-v", "q");
        Assert.True(build == 0, buildOutput);
    }
}
