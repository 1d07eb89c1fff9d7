using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using PerNet.CodeFixes.Migration;

namespace PerNet.Analyzers.Tests;

/// <summary>
/// Test projects are callers of the library, not code to migrate: their state stays and their code is not rewritten;
/// they compile through the kept API — public members and, where the library names friends (InternalsVisibleTo),
/// internal ones keep their old signatures. And the fix is not offered where the runtime is not referenced.
/// </summary>
public class TestProjectsAreCallersTests
{
    /// <summary>A stand-in for xunit's assembly: what marks a project as a test project is referencing a test framework.</summary>
    private static readonly MetadataReference Xunit = CompileFramework();

    private static MetadataReference CompileFramework()
    {
        var compilation = CSharpCompilation.Create("xunit.core", [CSharpSyntaxTree.ParseText("namespace Xunit { public sealed class FactAttribute : System.Attribute { } }")],
            TestReferences.RuntimeReferences, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        Assert.True(compilation.Emit(stream).Success);
        return MetadataReference.CreateFromImage(stream.ToArray(), filePath: "/packages/xunit.core.dll");
    }

    private const string Library = """
        using System.Runtime.CompilerServices;
        [assembly: InternalsVisibleTo("Lib.Tests")]

        namespace Lib
        {
            public static class Ports
            {
                static int next = 49152;
                public static int Allocate() => next++;
                internal static void Reset() => next = 49152;
            }
        }
        """;

    private const string Tests = """
        using Xunit;

        namespace Lib.Tests
        {
            public class PortTests
            {
                static int runs;

                [Fact]
                public void Allocates()
                {
                    runs++;
                    Ports.Reset();
                    var first = Ports.Allocate();
                    System.Diagnostics.Debug.Assert(first + 1 == Ports.Allocate());
                }
            }
        }
        """;

    /// <summary>
    /// A test project that treats warnings as errors (a real library's does): the kept API it uses is not marked
    /// [Obsolete], or the suite would no longer build (CS0618 as an error); the result says why.
    /// </summary>
    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task TestProjectTreatingWarningsAsErrors_StillBuilds_KeptApiUnmarked(MigrationStyle style)
    {
        var solution = MigrationHarness.CreateSolution(
            new MigrationHarness.Project("Lib", [Library], []),
            new MigrationHarness.Project("Lib.Tests", [Tests], ["Lib"], Metadata: [Xunit]));
        var tests = solution.Projects.Single(p => p.Name == "Lib.Tests");
        solution = solution.WithProjectCompilationOptions(tests.Id, tests.CompilationOptions!.WithGeneralDiagnosticOption(ReportDiagnostic.Error));
        Assert.Empty(await MigrationHarness.ErrorsAsync(solution));

        var result = await MigrationHarness.MigrateAllAsync(solution, style);

        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        Assert.Equal("Lib.Tests", result.KeptApiUnmarkedFor);
        Assert.Empty(await MigrationHarness.ErrorsAsync(result.Solution!)); // no CS0618 made an error
        Assert.DoesNotContain("Obsolete", await MigrationHarness.TextAsync(result.Solution!, "Lib"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task TestProject_Untouched_CompilesThroughTheKeptPublicAndFriendApi(MigrationStyle style)
    {
        var solution = MigrationHarness.CreateSolution(
            new MigrationHarness.Project("Lib", [Library], []),
            new MigrationHarness.Project("Lib.Tests", [Tests], ["Lib"], Metadata: [Xunit]));
        Assert.Empty(await MigrationHarness.ErrorsAsync(solution));

        var result = await MigrationHarness.MigrateAllAsync(solution, style);

        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        Assert.Equal(Tests, await MigrationHarness.TextAsync(result.Solution!, "Lib.Tests"));  // not one byte changed; its own static stays
        Assert.Empty(await MigrationHarness.ErrorsAsync(result.Solution!));                     // the kept overloads serve it
        var library = await MigrationHarness.TextAsync(result.Solution!, "Lib");
        if (style == MigrationStyle.Explicit)
        {
            Assert.Contains("internal static void Reset(NetContext net) => State.Of(net).next = 49152;", library);
            Assert.Contains("internal static void Reset() => Reset(NetContext.Current);", library);  // a friend calls it
        }
    }

    [Fact]
    public async Task IncludeTests_MigratesTheTestProjectToo()
    {
        var solution = MigrationHarness.CreateSolution(
            new MigrationHarness.Project("Lib", [Library], []),
            new MigrationHarness.Project("Lib.Tests", [Tests], ["Lib"], Metadata: [Xunit]));
        var members = await SolutionMigration.StateMembersAsync(solution, onlyIds: null, CancellationToken.None);

        var prepared = await ContextMigration.PrepareAsync(solution, members, CancellationToken.None, includeTests: true);
        var result = await prepared.ApplyAsync(MigrationStyle.Ambient, CancellationToken.None);

        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        Assert.Contains("State.Current.runs++;", await MigrationHarness.TextAsync(result.Solution!, "Lib.Tests"));
    }

    [Fact]
    public async Task WithoutTheRuntimeReferenced_MoveIsNotOffered_MakeReadonlyStillIs()
    {
        var solution = MigrationHarness.CreateSolution(new MigrationHarness.Project("App", ["""
            static class Ids
            {
                static int next;
                static int size = 4;
                public static int Next() => ++next + size;
            }
            """], [], WithoutRuntime: true));
        var diagnostics = await MigrationHarness.DiagnosticsAsync(solution, "PN0001");
        var titles = new List<string>();
        foreach (var (document, diagnostic) in diagnostics)
        {
            var context = new CodeFixContext(document, diagnostic, (action, _) => titles.Add(action.Title), CancellationToken.None);
            await new PerNet.CodeFixes.MoveToContextCodeFixProvider().RegisterCodeFixesAsync(context);
        }

        Assert.Equal(2, diagnostics.Count);
        Assert.DoesNotContain(PerNet.CodeFixes.MoveToContextCodeFixProvider.Title, titles);
        Assert.DoesNotContain(PerNet.CodeFixes.MoveToContextCodeFixProvider.AmbientTitle, titles);
        Assert.Contains(titles, t => t.Contains("readonly", StringComparison.OrdinalIgnoreCase));
    }
}
