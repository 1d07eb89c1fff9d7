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
