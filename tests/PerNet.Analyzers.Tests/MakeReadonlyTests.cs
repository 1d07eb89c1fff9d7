using Microsoft.CodeAnalysis.Testing;
using PerNet.CodeFixes;
using VerifyFix = PerNet.Analyzers.Tests.CSharpCodeFixVerifier<PerNet.Analyzers.MutableStaticFieldAnalyzer, PerNet.CodeFixes.MoveToContextCodeFixProvider>;

namespace PerNet.Analyzers.Tests;

/// <summary>"Make readonly", offered for PN0001 diagnostics the analyzer cleared (by the PN0001–PN0005 provider).</summary>
public class MakeReadonlyTests
{
    [Fact]
    public Task NeverWrittenTimeout_MadeReadonly() => VerifyFix.VerifyCodeFixAsync("""
        static class Arp
        {
            private static int [|timeoutMs|] = 30_000;
            public static int Timeout => timeoutMs;
        }
        """, """
        static class Arp
        {
            private static readonly int timeoutMs = 30_000;
            public static int Timeout => timeoutMs;
        }
        """, MakeReadonly.EquivalenceKey);

    [Fact]
    public Task FixAll_MakesEveryClearedFieldReadonly_LeavesStateAlone() => new VerifyFix.Test
    {
        TestCode = """
            static class Ipv4
            {
                static int [|defaultTtl|] = 64;
                static string [|name|] = "ip";
                static int [|nextId|];
                public static int Next() => nextId++ + defaultTtl + name.Length;
            }
            """,
        FixedCode = """
            static class Ipv4
            {
                static readonly int defaultTtl = 64;
                static readonly string name = "ip";
                static int [|nextId|];
                public static int Next() => nextId++ + defaultTtl + name.Length;
            }
            """,
        FixedState = { MarkupHandling = MarkupMode.Allow },
        NumberOfFixAllIterations = 1,
        NumberOfIncrementalIterations = 2,
        CodeActionEquivalenceKey = MakeReadonly.EquivalenceKey,
    }.RunAsync();

    [Fact]
    public Task WrittenFromNestedType_NoFixOffered() => new VerifyFix.Test
    {
        TestCode = """
            static class Tcp
            {
                private static int [|retransmitMs|] = 200;
                static class Timers { public static void Backoff() => retransmitMs *= 2; }
            }
            """,
        FixedCode = """
            static class Tcp
            {
                private static int [|retransmitMs|] = 200;
                static class Timers { public static void Backoff() => retransmitMs *= 2; }
            }
            """,
        CodeActionEquivalenceKey = MakeReadonly.EquivalenceKey,
    }.RunAsync();

    [Fact]
    public Task MultipleVariablesOneWritten_NoFixOffered() => new VerifyFix.Test
    {
        TestCode = """
            static class Udp
            {
                private static int [|low|] = 1, [|high|] = 2;
                public static void Widen() => high = 3;
            }
            """,
        FixedCode = """
            static class Udp
            {
                private static int [|low|] = 1, [|high|] = 2;
                public static void Widen() => high = 3;
            }
            """,
        CodeActionEquivalenceKey = MakeReadonly.EquivalenceKey,
    }.RunAsync();

    [Fact]
    public void EquivalenceKey_IsStable() => Assert.Equal("PerNet.MakeReadonly", MakeReadonly.EquivalenceKey);
}
