using PerNet.Tests.Shared;

namespace PerNet.Cli.Tests;

/// <summary><c>pernet migrate</c> and <c>pernet check</c> on copies of LegacyStack.</summary>
public class MigrateTests
{
    [Fact]
    public void Series_OneCommitPerType_EveryCommitBuilds()
    {
        using var copy = new StackCopy(git: true);

        var (exit, output) = Pernet.Run(copy.Root, "migrate", "LegacyStack", "--series");

        Assert.True(exit == 0, output);
        Assert.Contains("33 piece(s) of state moved in 7 of 7 type(s), explicit style (7 commit(s))", output);
        Assert.DoesNotContain("boundary (NetContext.Initial", output); // UdpSocket.Dispose keeps its shape and uses the socket's context
        Assert.Contains("gained a parameter: LegacyStack.UdpSocket.UdpSocket()", output);
        var commits = copy.Git("rev-list", "--reverse", "HEAD").Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(7, commits.Count);
        foreach (var commit in commits)
        {
            var message = copy.Git("log", "-1", "--format=%B", commit);
            Assert.StartsWith("PerNet: move ", message);
            Assert.Contains("one instance per NetContext:", message);
            Assert.Contains("Why: static state is shared by every context", message);
            Assert.Single(copy.Git("diff-tree", "--no-commit-id", "--name-only", "-r", commit).Split('\n', StringSplitOptions.RemoveEmptyEntries), f => f.EndsWith(".cs", StringComparison.Ordinal) && message.Contains("move " + Path.GetFileNameWithoutExtension(f) + "'s", StringComparison.Ordinal));
            copy.Git("checkout", "-q", commit);
            var (build, buildOutput) = DotNetCli.Run(copy.Root, null, "build", "LegacyStack", "-nodeReuse:false", "-v", "q");
            Assert.True(build == 0, $"commit {commit} ({message.Split('\n')[0]}) does not build:\n{buildOutput}");
        }

        Assert.Empty(copy.Git("status", "--porcelain").Trim()); // nothing left uncommitted
    }

    /// <summary>Fields judged readonly (never written after initialization, an immutable value) become readonly in the same run.</summary>
    [Fact]
    public void FieldsJudgedReadonly_MadeReadonlyInTheSameRun_UnlessNoReadonly()
    {
        using var copy = new StackCopy();
        var limits = Path.Combine(copy.Project, "Limits.cs");
        File.WriteAllText(limits, """
            namespace LegacyStack;

            internal static class Limits
            {
                private static int maxHops = 30;

                public static int Hops() => maxHops;
            }
            """);

        var (dryExit, dryOutput) = Pernet.Run(copy.Root, "migrate", "LegacyStack", "--style", "ambient", "--only", "PN0001", "--dry-run");
        Assert.True(dryExit == 0, dryOutput);
        Assert.Contains("would make readonly: 1 field(s) never written after initialization: Limits.maxHops", dryOutput);
        Assert.Contains("private static int maxHops", File.ReadAllText(limits));

        var (keptExit, keptOutput) = Pernet.Run(copy.Root, "migrate", "LegacyStack", "--style", "ambient", "--only", "PN0001", "--no-readonly", "--dry-run");
        Assert.True(keptExit == 0, keptOutput);
        Assert.DoesNotContain("readonly:", keptOutput);

        var (exit, output) = Pernet.Run(copy.Root, "migrate", "LegacyStack", "--style", "ambient", "--only", "PN0001");
        Assert.True(exit == 0, output);
        Assert.Contains("made readonly: 1 field(s) never written after initialization: Limits.maxHops", output);
        Assert.Contains("private static readonly int maxHops = 30;", File.ReadAllText(limits));
        var (build, buildOutput) = DotNetCli.Run(copy.Root, null, "build", "LegacyStack", "-nodeReuse:false", "-v", "q");
        Assert.True(build == 0, buildOutput);
    }

    /// <summary>
    /// A solution is the projects it lists: one loaded only because a listed project references it (here the runtime,
    /// outside the copy) is left alone; a project built for two frameworks is one set of types.
    /// </summary>
    [Fact]
    public void Solution_MigratesTheProjectsItLists_OnceAcrossFrameworks()
    {
        using var copy = new StackCopy();
        var csproj = Path.Combine(copy.Project, "LegacyStack.csproj");
        File.WriteAllText(csproj, File.ReadAllText(csproj).Replace("<TargetFramework>net10.0</TargetFramework>", "<TargetFrameworks>net10.0;net8.0</TargetFrameworks>", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(copy.Root, "stack.sln"), """
            Microsoft Visual Studio Solution File, Format Version 12.00
            Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "LegacyStack", "LegacyStack\LegacyStack.csproj", "{6C3B3E1A-0F55-4C43-9C1B-2A0D6E1B7A11}"
            EndProject
            """);

        var (exit, output) = Pernet.Run(copy.Root, "migrate", "stack.sln", "--dry-run");

        Assert.True(exit == 0, output);
        Assert.Matches(@"not in stack\.sln, loaded as references only, left unchanged: .*PerNet\.Runtime\.csproj", output);
        Assert.Contains("33 piece(s) of state moved in 7 of 7 type(s), explicit style", output);
        Assert.DoesNotContain("PerNet.Analyzers.StaticMemberTracker", output); // never a carrier: that project is not migrated
    }

    /// <summary>
    /// A project built for two frameworks holds each file twice in the workspace: both copies get the same text, or the
    /// workspace writes the file with merge-conflict markers (seen on a library after make-readonly). State declared under
    /// <c>#if</c> for the framework loaded second only (an id generator for the older frameworks, where the newer use
    /// <c>Random.Shared</c>) moves in a pass of that framework, and the project builds for both.
    /// </summary>
    /// <remarks>
    /// With <c>--no-restore</c> (on a tree restored beforehand, the runtime not referenced yet) the pass of the second
    /// framework reads code that already uses the runtime, whose package reference the first pass added and nothing
    /// restored: it is checked, as every step is, against the runtime in memory (before, it stopped there: "does not
    /// compile", CS0246 on <c>using PerNet;</c>, seen on a real library).
    /// </remarks>
    [Theory]
    [InlineData("net10.0;net8.0", "ambient", false)]
    [InlineData("net8.0;net10.0", "explicit", false)]
    [InlineData("net10.0;net8.0", "explicit", true)]
    public void ProjectForTwoFrameworks_EachFileWrittenOnce_NoConflictMarkers(string frameworks, string style, bool noRestore)
    {
        using var copy = new StackCopy(runtime: !noRestore);
        var csproj = Path.Combine(copy.Project, "LegacyStack.csproj");
        File.WriteAllText(csproj, File.ReadAllText(csproj).Replace("<TargetFramework>net10.0</TargetFramework>", $"<TargetFrameworks>{frameworks}</TargetFrameworks>", StringComparison.Ordinal));
        var feed = Path.Combine(copy.Root, "feed");
        var packages = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(copy.Root, "packages") }; // the runtime just packed, never an older one
        var limits = Path.Combine(copy.Project, "Limits.cs");
        File.WriteAllText(limits, """
            namespace LegacyStack;

            internal static class Limits
            {
                private static int maxHops = 30;
                private static int sent;

                public static int Hops() => maxHops;

                public static int Send() => ++sent;
            }

            internal static class Ids
            {
            #if !NET10_0_OR_GREATER
                private static readonly System.Random s_random = new System.Random(7);
            #endif

                public static int Next()
                {
            #if NET10_0_OR_GREATER
                    return System.Random.Shared.Next();
            #else
                    lock (s_random)
                        return s_random.Next();
            #endif
                }
            }
            """);

        if (noRestore)
        {
            var (pack, packOutput) = DotNetCli.Run(DotNetCli.RepositoryRoot(), null, "pack", "src/PerNet.Runtime", "-c", "Release", "-o", feed, "-nodeReuse:false", "-v", "q");
            Assert.True(pack == 0, packOutput);
            var (restore, restoreOutput) = DotNetCli.Run(copy.Root, packages, "restore", "LegacyStack");
            Assert.True(restore == 0, restoreOutput);
        }

        // Limits.cs changes twice: its state moves (in both copies), then maxHops becomes readonly.
        var (exit, output) = noRestore
            ? Pernet.Run(copy.Root, "migrate", "LegacyStack", "--style", style, "--no-restore", "--runtime-feed", feed)
            : Pernet.Run(copy.Root, "migrate", "LegacyStack", "--style", style);

        Assert.True(exit == 0, output);
        Assert.Contains("made readonly: 1 field(s)", output);
        if (frameworks.StartsWith("net10.0", StringComparison.Ordinal)) // hidden from the first framework: a pass of its own
            Assert.Contains("LegacyStack.csproj (LegacyStack(net8.0)): 1 piece(s) of state moved in 1 of 1 type(s)", output);
        Assert.Contains("moved: s_random (static readonly field)", output);
        Assert.DoesNotContain("private static readonly System.Random s_random", File.ReadAllText(limits));
        var files = Directory.GetFiles(copy.Project, "*.cs").Select(File.ReadAllText).ToList();
        Assert.DoesNotContain(files, f => f.Contains("<<<<<<<", StringComparison.Ordinal));
        Assert.Contains("private static readonly int maxHops = 30;", File.ReadAllText(limits));
        var (build, buildOutput) = DotNetCli.Run(copy.Root, packages, "build", "LegacyStack", "-nodeReuse:false", "-v", "q");
        Assert.True(build == 0, buildOutput);
    }

    [Fact]
    public void Ambient_OnlySomeRules_WritesOnlyThose()
    {
        using var copy = new StackCopy();

        var (exit, output) = Pernet.Run(copy.Root, "migrate", "LegacyStack", "--style", "ambient", "--only", "PN0003,PN0004");

        Assert.True(exit == 0, output);
        Assert.Contains("5 piece(s) of state moved in 2 of 2 type(s), ambient style.", output);
        Assert.DoesNotContain("gained a parameter", output);
        Assert.Contains("State.Current.IpForward", File.ReadAllText(Path.Combine(copy.Project, "Ipv4.cs")));
        Assert.Contains("static readonly Dictionary<", File.ReadAllText(Path.Combine(copy.Project, "Udp.cs"))); // PN0002 not asked for
        var (build, buildOutput) = DotNetCli.Run(copy.Root, null, "build", "LegacyStack", "-nodeReuse:false", "-v", "q");
        Assert.True(build == 0, buildOutput);
    }

    [Fact]
    public void Check_NewStaticBeyondBaseline_Fails_UntilBaselineUpdated()
    {
        using var copy = new StackCopy();
        var baseline = Path.Combine(copy.Root, "pernet.baseline");

        var (update, updateOutput) = Pernet.Run(copy.Root, "check", "LegacyStack", "--baseline", baseline, "--update-baseline");
        Assert.True(update == 0, updateOutput);
        Assert.Contains("PN0002 LegacyStack.Udp.ports", File.ReadAllText(baseline));
        var (same, sameOutput) = Pernet.Run(copy.Root, "check", "LegacyStack", "--baseline", baseline, "--no-restore");
        Assert.True(same == 0, sameOutput);

        File.WriteAllText(Path.Combine(copy.Project, "Tcp.cs"), """
            namespace LegacyStack;

            public static class Tcp
            {
                private static int nextPort = 1024;

                public static int Allocate() => nextPort++;
            }
            """);
        var (added, addedOutput) = Pernet.Run(copy.Root, "check", "LegacyStack", "--baseline", baseline, "--no-restore");

        Assert.True(added == 1, addedOutput);
        Assert.Contains("1 new piece(s) of per-context state or finding(s) not in the baseline", addedOutput);
        Assert.Contains("Tcp.cs:5:24: PN0001 LegacyStack.Tcp.nextPort", addedOutput); // file:line:column, as every command prints places
    }
    /// <summary>
    /// <c>--test</c>: the user's test command runs on the untouched tree and on the migration; a type whose migration
    /// turns a passing test into a failing one is found by bisection and left out with the test named, the others are
    /// kept, and the tree is put back after every trial run. The "suite" here is a script that fails one named test when
    /// Arp's cache is no longer a static field (a test that only passes with global state), so the bisection itself is
    /// what is timed, not a test framework.
    /// </summary>
    [Fact]
    public void Test_TypeWhoseMigrationFailsATest_LeftOutByBisection_TestNamed()
    {
        using var copy = new StackCopy();
        File.WriteAllText(Path.Combine(copy.Root, "suite.sh"), """
            echo "  Passed LegacyStack.Tests.UdpTests.Bind [4 ms]"
            if grep -q "private static readonly Dictionary" LegacyStack/Arp.cs; then
              echo "  Passed LegacyStack.Tests.ArpTests.CacheSeenByEveryStack [2 ms]"
            else
              echo "  Failed LegacyStack.Tests.ArpTests.CacheSeenByEveryStack [3 ms]"
              exit 1
            fi
            """);
        var untouched = Directory.EnumerateFiles(copy.Project).ToDictionary(f => f, File.ReadAllText);

        var (exit, output) = Pernet.Run(copy.Root, "migrate", "LegacyStack", "--test", "sh suite.sh");

        Assert.True(exit == 1, output); // a type left out: findings
        Assert.Contains("tests: all pass on the untouched tree", output);
        Assert.Contains("LegacyStack.Arp: left out: its migration turns 1 passing test(s) into failing ones: LegacyStack.Tests.ArpTests.CacheSeenByEveryStack", output);
        Assert.Contains("piece(s) of state moved in 6 of 7 type(s)", output);
        Assert.Contains("private static readonly Dictionary", File.ReadAllText(Path.Combine(copy.Project, "Arp.cs"))); // Arp's own state stays
        Assert.NotEqual(untouched[Path.Combine(copy.Project, "Udp.cs")], File.ReadAllText(Path.Combine(copy.Project, "Udp.cs")));
        Assert.Contains("tests: 8 run(s) of `sh suite.sh`; the tree was put back after each", output);
        var (suite, suiteOutput) = DotNetCli.RunProgram("sh", copy.Root, null, "suite.sh");
        Assert.True(suite == 0, suiteOutput); // what is kept passes the suite (and compiled: every trial is compiled first)
    }

    /// <summary>A test command that fails on the untouched tree without naming a test cannot judge a migration: refused, nothing changed.</summary>
    [Fact]
    public void Test_CommandFailingOnTheUntouchedTree_Refused()
    {
        using var copy = new StackCopy();
        var arp = File.ReadAllText(Path.Combine(copy.Project, "Arp.cs"));

        var (exit, output) = Pernet.Run(copy.Root, "migrate", "LegacyStack", "--test", "echo 'error CS1002: ; expected'; exit 3");

        Assert.True(exit == 2, output);
        Assert.Contains("the test command fails on the untouched tree (exit 3) without naming a failed test", output);
        Assert.Equal(arp, File.ReadAllText(Path.Combine(copy.Project, "Arp.cs")));
    }
}

/// <summary>How a test run's output is read: the failed tests named the way <c>dotnet test</c> prints them.</summary>
public class TestOutcomeTests
{
    [Fact]
    public void Parse_NamesFailedTests_OfEveryFrameworkDotnetTestRuns()
    {
        var outcome = TestOutcome.Parse(1, """
              Passed Stack.Tests.Udp.Bind [4 ms]
              Failed Stack.Tests.Arp.CacheSeenByEveryStack [12 ms]
              Error Message:
               Assert.Equal() Failure
              Failed Stack.Tests.Ipv4.Fragments(size: 1500) [1 s]
              Failed ToString [< 1 ms]
              Failed ToString [2 ms]
            failed Stack.Tests.Icmp.Echo (21ms)
            Failed!  - Failed:     3, Passed:     1, Skipped:     0, Total:     4, Duration: 2 s - Stack.Tests.dll (net10.0)
            """);

        Assert.Equal(new[] { "Stack.Tests.Arp.CacheSeenByEveryStack", "Stack.Tests.Icmp.Echo", "Stack.Tests.Ipv4.Fragments(size: 1500)", "ToString" }, outcome.Failed.Keys);
        Assert.Equal(2, outcome.Failed["ToString"]); // NUnit names a test by its method: two fixtures' ToString
    }

    [Fact]
    public void WorseThan_OnlyNewFailuresCount()
    {
        var baseline = TestOutcome.Parse(1, "  Failed A.Flaky [1 ms]\n");
        Assert.Null(TestOutcome.Parse(1, "  Failed A.Flaky [2 ms]\n").WorseThan(baseline));
        Assert.Equal("turns 1 passing test(s) into failing ones: A.New", TestOutcome.Parse(1, "  Failed A.Flaky [2 ms]\n  Failed A.New [2 ms]\n").WorseThan(baseline));
        Assert.StartsWith("the test command fails afterwards (exit 1) without naming a test", TestOutcome.Parse(1, "error CS0103").WorseThan(TestOutcome.Parse(0, "ok")));
        Assert.Null(TestOutcome.Parse(0, "ok").WorseThan(TestOutcome.Parse(0, "ok")));
        Assert.Equal("turns 1 passing test(s) into failing ones: ToString", TestOutcome.Parse(1, "  Failed ToString [1 ms]\n  Failed ToString [1 ms]\n").WorseThan(TestOutcome.Parse(1, "  Failed ToString [1 ms]\n")));
    }
}
