using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PerNet.CodeFixes.Migration;

namespace PerNet.Analyzers.Tests;

/// <summary>
/// A library that documents its API stays documented: the member that gains the context documents the new parameter
/// where its others are (CS1573), and the kept overload carries the documentation of the signature it keeps (CS1591).
/// </summary>
public class DocumentedApiTests
{
    private const string Source = """
        public static class Ports
        {
            static int next;

            /// <summary>Allocates a port.</summary>
            /// <param name="count">How many.</param>
            /// <returns>The first one.</returns>
            public static int Allocate(int count)
            {
                var first = next;
                next += count;
                return first;
            }
        }
        """;

    [Fact]
    public async Task GainedParameterDocumented_KeptOverloadCarriesTheOldDocs()
    {
        var text = (await MigrationHarness.MigrateTextsAsync(MigrationStyle.Explicit, Source))[0];

        Assert.Equal("""
            using PerNet;

            public static class Ports
            {
                sealed class State : PerNet<State>
                {
                    public int next;
                }

                /// <summary>Allocates a port.</summary>
                /// <param name="net">The network context (namespace) this call acts in.</param>
                /// <param name="count">How many.</param>
                /// <returns>The first one.</returns>
                public static int Allocate(NetContext net, int count)
                {
                    var first = State.Of(net).next;
                    State.Of(net).next += count;
                    return first;
                }

                /// <summary>Allocates a port.</summary>
                /// <param name="count">How many.</param>
                /// <returns>The first one.</returns>
                [System.Obsolete("Pass a NetContext: this overload uses NetContext.Current (the initial context outside NetContext.Enter).")]
                public static int Allocate(int count) => Allocate(NetContext.Current, count);
            }
            """, text);
    }

    [Fact]
    public async Task WithDocumentationRequired_NoDocumentationWarningsAfterMigration()
    {
        var solution = MigrationHarness.CreateSolution(Source);
        var project = solution.Projects.Single();
        solution = solution.WithProjectParseOptions(project.Id, ((CSharpParseOptions)project.ParseOptions!).WithDocumentationMode(DocumentationMode.Diagnose));

        static async Task<string[]> DocumentationWarningsAsync(Solution solution) =>
            (await solution.Projects.Single().GetCompilationAsync())!.GetDiagnostics()
                .Where(d => d.Id is "CS1591" or "CS1573" or "CS1572" or "CS1574").Select(d => d.Id + " " + d.GetMessage()).ToArray();
        var before = await DocumentationWarningsAsync(solution);

        var result = await MigrationHarness.MigrateAllAsync(solution);

        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        Assert.Equal(["CS1591 Missing XML comment for publicly visible type or member 'Ports'"], before); // the class itself: the library's own
        Assert.Equal(before, await DocumentationWarningsAsync(result.Solution!));
    }

    /// <summary>
    /// A public setting moves into a state class that must be public, with the constructor its static initialization
    /// becomes: both documented when the type is, so no member the migration adds is undocumented (CS1591).
    /// </summary>
    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task PublicStateClassOfADocumentedType_Documented(MigrationStyle style)
    {
        var solution = MigrationHarness.CreateSolution("""
            /// <summary>Ports.</summary>
            public static class Ports
            {
                /// <summary>The first port.</summary>
                public static int First { get; set; }

                static Ports() { First = Start(); }

                static int Start() => 5672;

                /// <summary>Takes the next port.</summary>
                /// <returns>The port.</returns>
                public static int Next() => First++;
            }
            """);
        var project = solution.Projects.Single();
        solution = solution.WithProjectParseOptions(project.Id, ((CSharpParseOptions)project.ParseOptions!).WithDocumentationMode(DocumentationMode.Diagnose));

        var result = await MigrationHarness.MigrateAllAsync(solution, style);

        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        var migrated = result.Solution!.Projects.Single();
        var text = (await migrated.Documents.Single().GetTextAsync()).ToString();
        Assert.Contains("public sealed class State", text);
        Assert.Contains("/// <summary>The per-context state of Ports: one instance for each network context (namespace).</summary>", text);
        Assert.Empty((await migrated.GetCompilationAsync())!.GetDiagnostics().Where(d => d.Id is "CS1591" or "CS1573" or "CS1572" or "CS1574").Select(d => d.ToString()));
    }

    /// <summary>
    /// A <c>cref</c> to a moved member names it where it now lives (<c>State.next</c>, <c>Ports.State.next</c>): left as it
    /// was it would name nothing, CS1574, an error in a library built with warnings as errors and its documentation on.
    /// </summary>
    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task CrefsToMovedMembers_NameThemInTheStateClass(MigrationStyle style)
    {
        var text = (await MigrationHarness.MigrateTextsAsync(style, """
            /// <summary>Ports, from <see cref="Ports.next"/> on.</summary>
            public static class Ports
            {
                /// <summary>The next free port.</summary>
                static int next;

                /// <summary>Allocates from <see cref="next"/>.</summary>
                public static int Allocate() => next++;
            }
            """))[0];

        Assert.Contains("<see cref=\"Ports.State.next\"/>", text);
        Assert.Contains("<see cref=\"State.next\"/>", text);
        var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(text, new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest, DocumentationMode.Diagnose));
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("Docs", new[] { tree }, TestReferences.RuntimeReferences,
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.DoesNotContain(compilation.GetDiagnostics(), d => d.Id is "CS1574" or "CS1580" || d.Severity == DiagnosticSeverity.Error);
    }

    /// <summary>A <c>cref</c> to a moved member in a file the migration otherwise leaves alone is rewritten too.</summary>
    [Fact]
    public async Task CrefToAMovedMemberInAnotherFile_Rewritten()
    {
        var texts = await MigrationHarness.MigrateTextsAsync(MigrationStyle.Ambient, """
            public static class Ports
            {
                internal static int next;

                public static int Allocate() => next++;
            }
            """, """
            /// <summary>Hands out ports; the next is <see cref="Ports.next"/>.</summary>
            public sealed class Allocator
            {
            }
            """);

        Assert.Equal("""
            /// <summary>Hands out ports; the next is <see cref="Ports.State.next"/>.</summary>
            public sealed class Allocator
            {
            }
            """, texts[1]);
    }
}
