using PerNet.Tests.Shared;

namespace PerNet.Cli.Tests;

/// <summary>Every kind of bad input: a message that says what to do, and its exit code; never a stack trace.</summary>
public class BadInputTests
{
    private readonly string _repository = DotNetCli.RepositoryRoot();

    private static void Fails(int expectedExit, string expectedMessage, (int ExitCode, string Output) run)
    {
        Assert.True(run.ExitCode == expectedExit, $"exit {run.ExitCode}, expected {expectedExit}:\n{run.Output}");
        Assert.Contains(expectedMessage, run.Output);
        Assert.DoesNotContain("   at ", run.Output); // no stack trace
        Assert.Contains("pernet: ", run.Output);
    }

    /// <summary>No command is bad input (exit 2, with the usage); asking for help is not (exit 0), and the text ends its line.</summary>
    [Fact]
    public void NoArguments_UsageAndExit2_HelpExit0()
    {
        var (exit, output) = Pernet.Run(_repository);
        Assert.Equal(2, exit);
        Assert.Contains("pernet: no command given", output);
        Assert.Contains("pernet scan <sln|csproj|folder>", output);

        var (help, helpOutput) = Pernet.Run(_repository, "--help");
        Assert.Equal(0, help);
        Assert.EndsWith("\n", helpOutput, StringComparison.Ordinal);
    }

    /// <summary>A folder whose projects are one level down names them, and says which to pass.</summary>
    [Fact]
    public void FolderWithProjectsBelowIt_NamesThem() =>
        Fails(2, "'samples' holds no .sln, .slnx or .csproj file itself; below it: LegacyStack.Tests/LegacyStack.Tests.csproj, LegacyStack/LegacyStack.csproj",
            Pernet.Run(_repository, "scan", "samples"));

    /// <summary>A missing baseline is said before the solution is loaded (which takes the most time).</summary>
    [Fact]
    public void CheckWithAMissingBaseline_SaysSoBeforeLoading()
    {
        var (exit, output) = Pernet.Run(_repository, "check", "samples/LegacyStack", "--baseline", "no-such.baseline");
        Assert.Equal(2, exit);
        Assert.Contains("baseline 'no-such.baseline' does not exist", output);
        Assert.DoesNotContain("Loading ", output);
    }

    [Fact]
    public void UnknownCommandOrOption_Usage() => Assert.Multiple(
        () => Fails(2, "unknown command 'scna'", Pernet.Run(_repository, "scna", "samples/LegacyStack")),
        () => Fails(2, "unknown option '--fromat'", Pernet.Run(_repository, "scan", "samples/LegacyStack", "--fromat", "json")),
        () => Fails(2, "--format must be one of", Pernet.Run(_repository, "scan", "samples/LegacyStack", "--format", "xml")),
        () => Fails(2, "--only takes state rule ids", Pernet.Run(_repository, "migrate", "samples/LegacyStack", "--only", "PN9999")),
        () => Fails(2, "check needs --baseline FILE", Pernet.Run(_repository, "check", "samples/LegacyStack")),
        () => Fails(2, "scan needs a path", Pernet.Run(_repository, "scan")),
        () => Fails(2, "option --series does not apply to scan", Pernet.Run(_repository, "scan", "samples/LegacyStack", "--series")));

    [Fact]
    public void MissingPath_Usage() =>
        Fails(2, "'no/such/stack' does not exist", Pernet.Run(_repository, "scan", "no/such/stack"));

    [Fact]
    public void FolderWithSeveralProjects_Usage()
    {
        using var copy = new StackCopy();
        File.Copy(Path.Combine(copy.Project, "LegacyStack.csproj"), Path.Combine(copy.Project, "Other.csproj"));
        Fails(2, "holds several: LegacyStack.csproj, Other.csproj; pass the one to use", Pernet.Run(copy.Root, "scan", "LegacyStack", "--no-restore"));
    }

    [Fact]
    public void ProjectThatDoesNotLoad_Usage()
    {
        using var copy = new StackCopy();
        File.WriteAllText(Path.Combine(copy.Project, "LegacyStack.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup>");
        Fails(2, "LegacyStack.csproj", Pernet.Run(copy.Root, "scan", "LegacyStack/LegacyStack.csproj", "--no-restore"));
    }

    [Fact]
    public void CodeThatDoesNotCompile_MigrateRefused_UnlessAllowErrors()
    {
        using var copy = new StackCopy();
        File.WriteAllText(Path.Combine(copy.Project, "Broken.cs"), "namespace LegacyStack; static class Broken { static int x = Missing(); }");

        Fails(3, "does not compile (1 error(s)); fix them first, or pass --allow-errors", Pernet.Run(copy.Root, "migrate", "LegacyStack"));
        var (exit, output) = Pernet.Run(copy.Root, "migrate", "LegacyStack", "--no-restore", "--allow-errors", "--dry-run", "--only", "PN0003");
        Assert.True(exit == 0, output);
        Assert.Contains("3 piece(s) of state moved in 1 of 1 type(s), explicit style (dry run: nothing written)", output);
        Assert.DoesNotContain("PerNet<", File.ReadAllText(Path.Combine(copy.Project, "Sysctl.cs")));
    }

    [Fact]
    public void SeriesOutsideGit_Usage()
    {
        using var copy = new StackCopy(git: false);
        Fails(2, "is not in a git repository", Pernet.Run(copy.Root, "migrate", "LegacyStack", "--series", "--no-restore"));
    }

    [Fact]
    public void MissingBaseline_TellsHowToCreateIt()
    {
        using var copy = new StackCopy();
        Fails(2, "--update-baseline", Pernet.Run(copy.Root, "check", "LegacyStack", "--baseline", "pernet.baseline", "--no-restore"));
    }
}
