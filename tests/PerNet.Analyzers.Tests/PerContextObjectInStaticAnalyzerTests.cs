using VerifyCS = PerNet.Analyzers.Tests.ContextAnalyzerVerifier<PerNet.Analyzers.PerContextObjectInStaticAnalyzer>;

namespace PerNet.Analyzers.Tests;

public class PerContextObjectInStaticAnalyzerTests
{
    private const string Prelude = """
        using System;
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using PerNet;

        sealed class Counters : PerNet<Counters> { public int sent; }

        sealed class Device : INetContextBound
        {
            public Device(NetContext net) => Net = net;
            public NetContext Net { get; }
        }

        """;

    [Fact]
    public Task StaticNetContextField_Reported() => VerifyCS.VerifyAnalyzerAsync(Prelude + """
        static class Cache
        {
            static NetContext? {|#0:last|};
        }
        """,
        VerifyCS.Diagnostic(PerContextObjectInStaticAnalyzer.Rule).WithLocation(0).WithArguments("field", "Cache.last", "a NetContext"));

    [Fact]
    public Task StateObjectsBoundObjectsAndCollections_Reported() => VerifyCS.VerifyAnalyzerAsync(Prelude + """
        static class Cache
        {
            static Counters? [|counters|];
            public static Device? [|Primary|] { get; set; }
            static readonly List<Device> [|all|] = new();
            static readonly Dictionary<int, NetContext> [|byId|] = new();
            static Device[] [|table|] = Array.Empty<Device>();
            [ThreadStatic] static NetContext? [|perThread|];
            static readonly ThreadLocal<Counters> [|local|] = new();
        }
        """);

    [Fact]
    public Task DesignedHolders_NotReported() => VerifyCS.VerifyAnalyzerAsync(Prelude + """
        class Holders
        {
            static readonly NetContext Root = NetContext.Initial;                       // lives as long as the process
            static readonly AsyncLocal<NetContext?> ambient = new();                    // flows, does not pin
            static readonly ConditionalWeakTable<NetContext, object> sideTable = new(); // dies with its key
            static readonly Func<NetContext, int> probe = n => n.Depth;                 // code, not a value
            [PerNet.SharedAcrossContexts("the supervisor's own context, by design")]
            static NetContext? supervisor;
            NetContext? instanceField;
            const int Answer = 42;
        }
        """);

    [Fact]
    public async Task PerContextObject_NotAlsoReportedAsMutableState()
    {
        var test = new ContextAnalyzerVerifier<MutableStaticFieldAnalyzer>.Test
        {
            TestCode = Prelude + """
                static class Cache
                {
                    static NetContext? last;
                    static Counters? counters;
                    static int {|PN0001:count|};
                }
                """,
        };
        await test.RunAsync();
    }
}
