using Microsoft.CodeAnalysis.Testing;
using VerifyState = PerNet.Analyzers.Tests.CSharpAnalyzerVerifier<PerNet.Analyzers.StateAnalyzer>;

namespace PerNet.Analyzers.Tests;

/// <summary>The shipped state analyzer runs PN0001–PN0005 in one pass; each member is reported by its own rule, once.</summary>
public class StateAnalyzerTests
{
    [Fact]
    public Task EveryStateRuleReportsItsOwnMembers_Once() => VerifyState.VerifyAnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading;
        public static class Stack
        {
            static int {|PN0001:s_sequence|};
            static readonly Dictionary<int, string> {|PN0002:s_routes|} = new();
            public static int {|PN0003:Ttl|} { get; set; } = 64;
            public static event Action? {|PN0004:LinkUp|};
            static readonly ThreadLocal<byte[]> {|PN0005:s_scratch|} = new(() => new byte[64]);
            static readonly int[] s_table = { 1, 2, 3 };
            public static int Next() => ++s_sequence + s_table[0];
            public static void Learn(int ip, string mac) { s_routes[ip] = mac; LinkUp?.Invoke(); }
            public static byte[] Scratch => s_scratch.Value!;
        }
        """);

    [Fact]
    public void TheCompilerLoadsTheStateRulesOnlyThroughStateAnalyzer()
    {
        var shipped = AnalyzerCatalog.CreateAll();
        var ids = shipped.SelectMany(a => a.SupportedDiagnostics.Select(d => d.Id).Distinct()).ToList();
        Assert.Equal(ids.Distinct().Count(), ids.Count); // no rule is reported by two shipped analyzers
        Assert.Contains(shipped, a => a is StateAnalyzer);
        Assert.DoesNotContain(shipped, a => a is MutableStaticFieldAnalyzer or StaticReadonlyMutableValueAnalyzer or MutableStaticPropertyAnalyzer or StaticEventAnalyzer or ThreadStaticStateAnalyzer);
        Assert.All(new[] { "PN0001", "PN0002", "PN0003", "PN0004", "PN0005" }, id => Assert.Contains(id, ids));
    }
}

/// <summary>A type in several files: its uses are collected from every part, each member is reported once, in its own file.</summary>
public class PartialTypeAcrossFilesTests
{
    [Fact]
    public Task FieldDeclaredInOnePartWrittenInAnother_ReportedOnceWithTheWriteAsSite() =>
        CSharpAnalyzerVerifier<StateAnalyzer>.VerifyAnalyzerAsync(new[]
        {
            """
            public static partial class Arp
            {
                static int {|PN0001:s_generation|};
                static readonly int[] s_table = { 1, 2 };
                public static int Generation => s_generation + s_table[0];
            }
            """,
            """
            public static partial class Arp
            {
                static readonly System.Collections.Generic.List<int> {|PN0002:s_pending|} = new();
                public static void Flush() { s_generation++; s_pending.Clear(); }
            }
            """,
        }, globalConfig: null);

    [Fact]
    public Task FieldOnlyReadInEveryPart_ReportedForMakeReadonly() =>
        CSharpAnalyzerVerifier<MutableStaticFieldAnalyzer>.VerifyAnalyzerAsync(new[]
        {
            "public static partial class Limits { static int {|#0:s_max|} = 8; }",
            "public static partial class Limits { public static int Max => s_max; }",
        }, globalConfig: null, CSharpAnalyzerVerifier<MutableStaticFieldAnalyzer>.Diagnostic().WithLocation(0).WithArguments("Limits.s_max", "is never written after initialization; make it readonly"));
}
