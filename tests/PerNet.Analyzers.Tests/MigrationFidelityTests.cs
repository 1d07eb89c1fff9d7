using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using PerNet.CodeFixes.Migration;

namespace PerNet.Analyzers.Tests;

/// <summary>
/// Lossless edits (issue: migration engine, point 2): trivia, attributes and doc comments travel with a
/// moved member, directives stay balanced, each file keeps its line endings and encoding, the added
/// <c>using</c> goes where the file keeps its usings, and lines the migration has no reason to touch stay
/// byte-identical. Each case in both styles.
/// </summary>
public class MigrationFidelityTests
{
    private static async Task<string> MigrateAsync(MigrationStyle style, string source) =>
        (await MigrationHarness.MigrateTextsAsync(style, source))[0];

    private static string Access(MigrationStyle style) => MigrationHarness.StateAccess(style);

    private static string Parameter(MigrationStyle style) => style == MigrationStyle.Explicit ? "NetContext net" : string.Empty;

    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task DocCommentsCommentsAndAttributes_TravelWithTheMovedMember(MigrationStyle style)
    {
        var text = await MigrateAsync(style, """
            using System;
            using System.Collections.Generic;

            static class Neigh
            {
                /// <summary>Learned entries, by address.</summary>
                /// <remarks>Cleared on link down.</remarks>
                [CLSCompliant(false)]
                static Dictionary<int, long> entries = new();

                // Bumped on every miss.
                [ThreadStatic] static int misses;

                public static void Learn(int ip) => entries[ip] = 1;
                public static void Miss() => misses++;
            }
            """);
        Assert.Equal($$"""
            using System;
            using System.Collections.Generic;
            using PerNet;

            static class Neigh
            {
                sealed class State : PerNet<State>
                {
                    /// <summary>Learned entries, by address.</summary>
                    /// <remarks>Cleared on link down.</remarks>
                    [CLSCompliant(false)]
                    public Dictionary<int, long> entries = new();

                    // Bumped on every miss.
                    public readonly System.Threading.ThreadLocal<int> misses = new System.Threading.ThreadLocal<int>();
                }

                public static void Learn({{(style == MigrationStyle.Explicit ? "NetContext net, " : string.Empty)}}int ip) => {{Access(style)}}.entries[ip] = 1;
                public static void Miss({{Parameter(style)}}) => {{Access(style)}}.misses.Value++;
            }
            """, text);
    }

    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task RegionAroundMovedFields_StaysBalanced(MigrationStyle style)
    {
        var text = await MigrateAsync(style, """
            static class Counters
            {
                #region Counters
                static int sent;
                static int dropped;
                #endregion

                #region API
                public static void Sent() => sent++;
                public static int Dropped() => dropped++;
                #endregion
            }
            """);
        Assert.Equal(CountOf(text, "#region"), CountOf(text, "#endregion"));
        Assert.Contains("#region Counters", text, StringComparison.Ordinal);
        Assert.Contains("#region API", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task MemberInsideIfInsideTheType_MovesInsideTheSameCondition(MigrationStyle style)
    {
        var text = await MigrateAsync(style, """
            static class Trace
            {
            #if !NEVER_DEFINED
                static int hits;
            #endif
                static int misses;
            #if !NEVER_DEFINED
                public static void Hit() => hits++;
            #endif
                public static void Miss() => misses++;
            }
            """);
        Assert.Equal(CountOf(text, "#if"), CountOf(text, "#endif"));
        var state = text.Substring(text.IndexOf("class State", StringComparison.Ordinal));
        Assert.Matches(@"#if !NEVER_DEFINED\r?\n\s*public int hits;\r?\n#endif", state);
    }

    [Fact]
    public async Task MovedMemberNamedInCodeExcludedByIf_TypeRefusedWithTheReason()
    {
        var solution = MigrationHarness.CreateSolution("""
            static class Stats
            {
                static int drops;
                public static void Drop() => drops++;
            #if SOME_OTHER_TARGET
                public static int Drops() => drops;
            #endif
            }
            """);
        var result = await MigrationHarness.MigrateAllAsync(solution);
        Assert.False(result.Succeeded);
        Assert.Contains(result.Problems, p => p.Contains("drops", StringComparison.Ordinal) && p.Contains("#if", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task CrlfFile_StaysCrlf_UntouchedLinesByteIdentical(MigrationStyle style)
    {
        var before = """
            using System.Collections.Generic;

            namespace Stack
            {
                /// <summary>Routes.</summary>
                public static class Routes
                {
                    private static readonly List<int> table = new List<int>();

                    public static void Add(int prefix)
                    {
                        // keep sorted
                        table.Add(prefix);
                        table.Sort();
                    }

                    public static int Count(int a,
                                            int b) => a + b;
                }
            }
            """.Replace("\n", "\r\n", StringComparison.Ordinal);
        var after = await MigrateAsync(style, before);
        Assert.DoesNotMatch("[^\r]\n", after);
        var changed = MigrationHarness.ChangedLines(before, after);
        Assert.All(changed, line => Assert.True(line.Contains("table", StringComparison.Ordinal) || line.Contains("Add(", StringComparison.Ordinal), "touched: " + line));
    }

    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task Utf8BomFile_KeepsItsEncoding(MigrationStyle style)
    {
        var solution = MigrationHarness.CreateSolution("static class S { static int n; public static int Next() => ++n; }");
        var id = solution.Projects.Single().Documents.Single().Id;
        var bom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        solution = solution.WithDocumentText(id, SourceText.From("static class S { static int n; public static int Next() => ++n; }", bom));
        var result = await MigrationHarness.MigrateAllAsync(solution, style);
        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        var text = await result.Solution!.GetDocument(id)!.GetTextAsync();
        Assert.Same(bom, text.Encoding);
    }

    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task LicenseHeaderWithoutUsings_UsingGoesAfterTheHeader(MigrationStyle style)
    {
        var text = await MigrateAsync(style, """
            // Copyright (c) Example Authors.
            // Licensed under the MIT license.

            namespace Stack;

            static class Ids
            {
                static int next;
                public static int Next() => ++next;
            }
            """);
        Assert.StartsWith("""
            // Copyright (c) Example Authors.
            // Licensed under the MIT license.

            using PerNet;

            namespace Stack;
            """, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task SortedUsings_PerNetInsertedInOrder(MigrationStyle style)
    {
        var text = await MigrateAsync(style, """
            // Header.
            using System;
            using System.Collections.Generic;
            using Zeta = System.Text;

            static class Ids
            {
                static List<int> seen = new();
                public static void See(int id) { seen.Add(id); Console.Write(id); }
            }
            """);
        Assert.StartsWith("""
            // Header.
            using System;
            using System.Collections.Generic;
            using PerNet;
            using Zeta = System.Text;

            """, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task UsingsInsideTheNamespace_PerNetGoesThere(MigrationStyle style)
    {
        var text = await MigrateAsync(style, """
            namespace Stack
            {
                using System.Collections.Generic;

                static class Ids
                {
                    static List<int> seen = new();
                    public static void See(int id) => seen.Add(id);
                }
            }
            """);
        Assert.StartsWith("""
            namespace Stack
            {
                using System.Collections.Generic;
                using PerNet;

            """, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task GlobalUsingOfPerNet_NoUsingAdded(MigrationStyle style)
    {
        var texts = await MigrationHarness.MigrateTextsAsync(style, "global using PerNet;", """
            static class Ids
            {
                static int next;
                public static int Next() => ++next;
            }
            """);
        Assert.DoesNotContain("using PerNet;", texts[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task CallersAndMultiLineArguments_OnlyTheLinesThatMustChange(MigrationStyle style)
    {
        var before = """
            using System.Collections.Generic;

            static class Udp
            {
                static readonly Dictionary<int, string> ports = new();

                public static bool Bind(int port, string owner)
                {
                    if (ports.ContainsKey(port))
                        return false;
                    ports[port] = owner;
                    return true;
                }

                public static string Describe(int port,
                                              string prefix,
                                              string suffix)
                {
                    return prefix + port + suffix;
                }
            }

            static class App
            {
                public static bool Start(int port)
                {
                    var text = Udp.Describe(port,
                                            "<",
                                            ">");
                    return Udp.Bind(port, text);
                }
            }
            """;
        var after = await MigrateAsync(style, before);
        var changed = MigrationHarness.ChangedLines(before, after);
        var expected = style == MigrationStyle.Explicit
            ? new[] { "ports", "Bind(", "Start(" }
            : new[] { "ports" };
        Assert.All(changed, line => Assert.True(expected.Any(e => line.Contains(e, StringComparison.Ordinal)), "touched: " + line));
        Assert.Contains(Parameter(style) is { Length: > 0 } p ? "Bind(" + p + ", int port" : "Bind(int port", after, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task LastUsingsInsideIf_PerNetGoesOutsideTheCondition(MigrationStyle style)
    {
        var text = await MigrateAsync(style, """
            using System;
            using System.Collections.Generic;
            #if DEBUG
            using System.Diagnostics;
            #endif

            static class Ids
            {
                static List<int> seen = new();
                public static void See(int id) => seen.Add(id);
            }
            """);
        Assert.StartsWith("""
            using System;
            using System.Collections.Generic;
            using PerNet;
            #if DEBUG
            using System.Diagnostics;
            #endif

            """, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task TabIndentedFile_NewCodeIndentedWithTabs(MigrationStyle style)
    {
        var before = "static class Ids\n{\n\tstatic int next;\n\tpublic static int Next()\n\t{\n\t\treturn ++next;\n\t}\n}\n";
        var after = await MigrateAsync(style, before);
        Assert.DoesNotMatch("\n +[^ *]", after);
        Assert.Contains("\tsealed class State : PerNet<State>\n\t{\n\t\tpublic int next;", after, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task FileSharedByTwoTargetFrameworks_OneTextForBoth(MigrationStyle style)
    {
        // A multi-targeted project loads as one project per target framework, holding the same files.
        const string source = "public static class Ids { static int next; public static int Next() => ++next; }";
        var solution = MigrationHarness.CreateSolution(
            new MigrationHarness.Project("Lib", new[] { source }, Array.Empty<string>()),
            new MigrationHarness.Project("Lib2", new[] { source }, Array.Empty<string>()));
        var second = solution.Projects.Single(p => p.Name == "Lib2").Documents.Single();
        solution = solution.RemoveDocument(second.Id).AddDocument(DocumentId.CreateNewId(second.Project.Id), second.Name, SourceText.From(source), filePath: "/Lib/File0.cs");
        var result = await MigrationHarness.MigrateAllAsync(solution, style);
        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        Assert.Empty(await MigrationHarness.ErrorsAsync(result.Solution!));
        var texts = await Task.WhenAll(result.Solution!.Projects.Select(async p => (await p.Documents.Single().GetTextAsync()).ToString()));
        Assert.Equal(texts[0], texts[1]);
        Assert.Contains("sealed class State", texts[0], StringComparison.Ordinal);
        Assert.DoesNotContain("<<<<<<<", texts[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task FileScopedNamespaceWithIndentedTypes_NewCodeLinesUpAndOtherLinesStay(MigrationStyle style)
    {
        // A file-scoped namespace whose types kept the indentation of a block namespace: the formatter
        // would put new code (and the lines next to it) one level to the left.
        var before = """
            namespace Packets;

                public sealed class Decoder
                {
            #if DEBUG
                    private static readonly string Tag = "dbg";
            #endif
                    private readonly int kind;

                    /// <summary>Registered decoders.</summary>
                    private static System.Collections.Generic.List<int> decoders = new();

                    public Decoder(int kind)
                    {
                        this.kind = kind;
                        decoders.Add(kind);
                    }

                    public int Kind => kind;
                }
            """;
        var after = await MigrateAsync(style, before);
        var changed = MigrationHarness.ChangedLines(before, after);
        // The moved member with its blank line; the constructor that gains the context (a line diff may
        // pair its body's first line either way).
        var expected = style == MigrationStyle.Explicit ? new[] { "decoders", "public Decoder(", "this.kind = kind;" } : new[] { "decoders" };
        Assert.All(changed, line => Assert.True(line.Trim().Length == 0 || expected.Any(e => line.Contains(e, StringComparison.Ordinal)), "touched: " + line));
        Assert.Contains("\n#if DEBUG\n        private static readonly string Tag = \"dbg\";\n#endif\n        private readonly int kind;\n", after, StringComparison.Ordinal);
        Assert.EndsWith("\n        public int Kind => kind;\n    }", after, StringComparison.Ordinal);
        Assert.Contains("\n        sealed class State : PerNet<State>\n        {\n            /// <summary>Registered decoders.</summary>\n            public System.Collections.Generic.List<int> decoders", after, StringComparison.Ordinal);
        if (style == MigrationStyle.Explicit)
            Assert.Contains("\n        private readonly NetContext net;\n", after, StringComparison.Ordinal);
    }

    /// <summary>
    /// In a file-scoped namespace whose types kept a block namespace's indentation, the documentation the migration
    /// writes (an added <c>param</c>, a kept overload's copied docs) lines up with its member, not with the formatter's
    /// idea of the file (seen on PacketDotNet).
    /// </summary>
    [Fact]
    public async Task FileScopedNamespaceWithIndentedTypes_NewDocumentationLinesUpWithItsMember()
    {
        var after = (await MigrationHarness.MigrateTextsAsync(MigrationStyle.Explicit, """
            namespace Packets;

                public static class Ports
                {
                    static int next;

                    /// <summary>
                    /// Allocates a port.
                    /// </summary>
                    /// <param name="count">How many.</param>
                    public static int Allocate(int count)
                    {
                        next += count;
                        return next;
                    }
                }
            """))[0];

        Assert.Contains("\n        /// <param name=\"net\">", after, StringComparison.Ordinal);
        Assert.All(after.Split('\n').Where(l => l.TrimStart().StartsWith("///", StringComparison.Ordinal)), l => Assert.StartsWith("        ///", l, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task PublicStatics_KeepTheirNamesAsForwardersThatOutsideCodeStillUses(MigrationStyle style)
    {
        var library = """
            using System;
            using System.Collections.Generic;

            public static class Registry
            {
                public const int DefaultPort = 4789;
                /// <summary>The port decoders listen on.</summary>
                public static int Port = DefaultPort;
                public static readonly List<string> Names = new();
                public static string Mode { get; private set; } = "off";
                public static event Action? Changed;
                internal static int Hidden;
                public static int Low = 1, High = 2;

                public static void Set(string mode) { Mode = mode; Hidden++; Low++; High--; Changed?.Invoke(); }
            }
            """;
        var solution = MigrationHarness.CreateSolution(new MigrationHarness.Project("App", new[] { library }, Array.Empty<string>()));
        var result = await MigrationHarness.MigrateAllAsync(solution, style);
        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        var text = await MigrationHarness.TextAsync(result.Solution!, "App");
        var parameter = style == MigrationStyle.Explicit ? "NetContext net, " : string.Empty;
        var forwarder = (string member) => $"[System.Obsolete(\"Per-context state: use State.Of(net).{member}; this property reads and writes the state of NetContext.Current (the initial context outside NetContext.Enter).\")]";
        var setForwarder = style == MigrationStyle.Explicit
            ? "\n\n    [System.Obsolete(\"Pass a NetContext: this overload uses NetContext.Current (the initial context outside NetContext.Enter).\")]\n    public static void Set(string mode) => Set(NetContext.Current, mode);\n"
            : "\n";
        var body = style == MigrationStyle.Explicit
            ? "State.Of(net).Mode = mode; State.Of(net).Hidden++; State.Of(net).Low++; State.Of(net).High--; State.Of(net).Changed?.Invoke();"
            : "var state = State.Current; state.Mode = mode; state.Hidden++; state.Low++; state.High--; state.Changed?.Invoke();";
        Assert.Equal($$"""
            using System;
            using System.Collections.Generic;
            using PerNet;

            public static class Registry
            {
                public sealed class State : PerNet<State>
                {
                    /// <summary>The port decoders listen on.</summary>
                    public int Port = DefaultPort;
                    public readonly List<string> Names = new();
                    public string Mode { get; internal set; } = "off";
                    public Action? Changed;
                    internal int Hidden;
                    public int Low = 1, High = 2;
                }

                public const int DefaultPort = 4789;
                /// <summary>The port decoders listen on.</summary>
                {{forwarder("Port")}}
                public static int Port { get => State.Current.Port; set => State.Current.Port = value; }
                {{forwarder("Names")}}
                public static List<string> Names { get => State.Current.Names; }
                {{forwarder("Mode")}}
                public static string Mode { get => State.Current.Mode; }
                {{forwarder("Changed")}}
                public static event Action? Changed { add => State.Current.Changed += value; remove => State.Current.Changed -= value; }
                {{forwarder("Low")}}
                public static int Low { get => State.Current.Low; set => State.Current.Low = value; }
                {{forwarder("High")}}
                public static int High { get => State.Current.High; set => State.Current.High = value; }

                public static void Set({{parameter}}string mode) { {{body}} }{{setForwarder}}}
            """, text);

        // Code outside the solution (the library's users, its own tests) compiles against the old names.
        var user = result.Solution!.AddProject("User", "User", LanguageNames.CSharp);
        user = user.WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable))
            .WithMetadataReferences(result.Solution!.Projects.Single(p => p.Name == "App").MetadataReferences)
            .AddProjectReference(new ProjectReference(result.Solution!.Projects.Single(p => p.Name == "App").Id))
            .AddDocument("User0.cs", "static class Use { static void Run() { Registry.Port = 1; Registry.Low = Registry.High; Registry.Names.Add(Registry.Mode); Registry.Changed += () => { }; Registry.Set(\"on\"); } }").Project;
        Assert.Empty(await MigrationHarness.ErrorsAsync(user.Solution));
    }

    private static int CountOf(string text, string directive) =>
        text.Split('\n').Count(l => l.TrimStart().StartsWith(directive, StringComparison.Ordinal) && (l.TrimStart().Length == directive.Length || !char.IsLetter(l.TrimStart()[directive.Length])));
}
