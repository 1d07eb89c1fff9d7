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
