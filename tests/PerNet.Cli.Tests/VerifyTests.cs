using PerNet.Tests.Shared;

namespace PerNet.Cli.Tests;

/// <summary>
/// <c>pernet verify</c> on small suites of our own (VerifyFixtures/): a test that writes a global fails side by side
/// and passes once the global is per context; a test that hangs side by side and one that crashes the process from a
/// background thread are reported as isolation failures, with what is known.
/// </summary>
public class VerifyTests
{
    [Fact]
    public void TestWritingAGlobal_FailsSideBySide_NamedWithItsRun()
    {
        using var suite = new FixtureSuite("Shared.cs", "GlobalTests.cs");

        var (exit, output) = Pernet.Run(suite.Root, "verify", "Tests", "--contexts", "3");

        Assert.True(exit == 1, output);
        Assert.Contains("1 test(s) isolated, 1 fail only side by side (3 runs at once), 0 compete for a fixed port (not counted), 0 fail alone", output);
        Assert.Contains("Fixture.Tests.GlobalTests.OwnerStaysMine", output);
        Assert.Matches(@"run [123]: failed: Xunit\.Sdk\.EqualException", output);
        Assert.DoesNotContain("TouchesNothing\n    run", output);
    }

    [Fact]
    public void SameSuite_GlobalMigrated_PassesInEveryContext()
    {
        using var suite = new FixtureSuite("Migrated.cs", "GlobalTests.cs", migrated: true);

        var (exit, output) = Pernet.Run(suite.Root, "verify", "Tests", "--contexts", "3", "--format", "json");

        Assert.True(exit == 0, output);
        Assert.Contains("\"isolated\": 2", output);
        Assert.Contains("\"isolationFailures\": []", output);
    }

    /// <summary>An NUnit suite, run through NUnit's own in-process runner: the same verdicts.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NUnitSuite_GlobalFailsSideBySide_MigratedPasses(bool migrated)
    {
        using var suite = new FixtureSuite(migrated ? "Migrated.cs" : "Shared.cs", "NUnitGlobalTests.cs", migrated, "NUnitTests.csproj");

        var (exit, output) = Pernet.Run(suite.Root, "verify", "Tests");

        Assert.True(exit == (migrated ? 0 : 1), output);
        if (migrated)
            Assert.Contains("2 test(s) isolated, 0 fail only side by side (2 runs at once)", output);
        else
            Assert.Contains("Fixture.Tests.NUnitGlobalTests.OwnerStaysMine", output);
    }

    [Fact]
    public void TestThatHangsSideBySide_StoppedAtTheTimeout_Reported()
    {
        using var suite = new FixtureSuite("Shared.cs", "HangTests.cs");

        var (exit, output) = Pernet.Run(suite.Root, "verify", "Tests", "--timeout", "20");

        Assert.True(exit == 1, output);
        Assert.Contains("the runs did not finish in time (a hang)", output);
        Assert.Matches(@"Fixture\.Tests\.HangTests\.TakesTheGate\s+run [12]: hung: started, never finished", output);
    }

    [Fact]
    public void CrashOnABackgroundThread_Reported()
    {
        using var suite = new FixtureSuite("Shared.cs", "CrashTests.cs");

        var (exit, output) = Pernet.Run(suite.Root, "verify", "Tests");

        Assert.True(exit == 1, output);
        Assert.Contains("the process crashed: System.InvalidOperationException: boom on a background thread", output);
        Assert.Contains("Fixture.Tests.CrashTests.SecondRunCrashes", output);
    }

    /// <summary>Two runs that listen on the same fixed port compete for it: listed apart, not an isolation failure.</summary>
    [Fact]
    public void FixedPortTakenSideBySide_ListedAsAConflictNotCounted()
    {
        using var suite = new FixtureSuite("Shared.cs", "PortTests.cs");

        var (exit, output) = Pernet.Run(suite.Root, "verify", "Tests");

        Assert.True(exit == 0, output);
        Assert.Contains("0 fail only side by side (2 runs at once), 1 compete for a fixed port (not counted)", output);
        Assert.Contains("Fixture.Tests.PortTests.ListensOnAFixedPort (run ", output);
    }

    [Fact]
    public void NotATestAssembly_BadInput()
    {
        using var suite = new FixtureSuite("Shared.cs", "GlobalTests.cs");

        var (exit, output) = Pernet.Run(suite.Root, "verify", Path.Combine("Library", "Library.csproj"));

        Assert.True(exit == 2, output);
        Assert.Contains("is not an xunit or NUnit test assembly", output);
    }

    /// <summary>
    /// The bundled sample: LegacyStack's own tests, unmodified, fail side by side against the untouched stack and pass in
    /// four contexts at once once it is migrated (each style).
    /// </summary>
    [Theory]
    [InlineData("explicit")]
    [InlineData("ambient")]
    public void LegacyStackTests_FailSideBySideUntouched_PassInFourContextsMigrated(string style)
    {
        using var copy = new StackCopy(runtime: true);
        var tests = Path.Combine(copy.Root, "LegacyStack.Tests");
        Directory.CreateDirectory(tests);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(DotNetCli.RepositoryRoot(), "samples", "LegacyStack.Tests")).Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal)))
            File.Copy(file, Path.Combine(tests, Path.GetFileName(file)));

        var (untouched, untouchedOutput) = Pernet.Run(copy.Root, "verify", "LegacyStack.Tests", "--contexts", "4");
        Assert.True(untouched == 1, untouchedOutput);
        Assert.Contains("LegacyStack.Tests.StackTests.", untouchedOutput);

        var (migrate, migrateOutput) = Pernet.Run(copy.Root, "migrate", "LegacyStack", "--style", style);
        Assert.True(migrate == 0, migrateOutput);
        var (exit, output) = Pernet.Run(copy.Root, "verify", "LegacyStack.Tests", "--contexts", "4");
        Assert.True(exit == 0, output);
        Assert.Contains("14 test(s) isolated, 0 fail only side by side (4 runs at once)", output);
    }

    /// <summary>A library (its state as <paramref name="library"/> keeps it) and a test project of <paramref name="tests"/>, in a temporary folder.</summary>
    private sealed class FixtureSuite : IDisposable
    {
        public FixtureSuite(string library, string tests, bool migrated = false, string project = "Tests.csproj")
        {
            var repository = DotNetCli.RepositoryRoot();
            var fixtures = Path.Combine(repository, "tests", "PerNet.Cli.Tests", "VerifyFixtures");
            Root = Directory.CreateTempSubdirectory("pernet-verify-").FullName;
            foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props" })
                File.Copy(Path.Combine(repository, file), Path.Combine(Root, file));
            Directory.CreateDirectory(Path.Combine(Root, "Library"));
            Directory.CreateDirectory(Path.Combine(Root, "Tests"));
            File.Copy(Path.Combine(fixtures, library + ".txt"), Path.Combine(Root, "Library", library));
            File.Copy(Path.Combine(fixtures, tests + ".txt"), Path.Combine(Root, "Tests", tests));
            File.Copy(Path.Combine(fixtures, project + ".txt"), Path.Combine(Root, "Tests", "Tests.csproj"));
            var runtime = migrated ? $"<ItemGroup><ProjectReference Include=\"{Path.Combine(repository, "src", "PerNet.Runtime", "PerNet.Runtime.csproj")}\" /></ItemGroup>" : string.Empty;
            File.WriteAllText(Path.Combine(Root, "Library", "Library.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                  </PropertyGroup>
                  {runtime}
                </Project>
                """);
        }

        public string Root { get; }

        public void Dispose()
        {
            try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
