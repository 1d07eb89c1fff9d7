using VerifyCS = PerNet.Analyzers.Tests.CSharpAnalyzerVerifier<PerNet.Analyzers.StaticEventAnalyzer>;

namespace PerNet.Analyzers.Tests;

public class StaticEventAnalyzerTests
{
    [Fact]
    public Task LinkUpDownEvents_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        public sealed class LinkEventArgs : EventArgs { public string Device = ""; }
        public static class Link
        {
            public static event EventHandler<LinkEventArgs>? {|#0:LinkUp|};
            public static event Action<string>? [|LinkDown|];
            public static void Up(string d) => LinkUp?.Invoke(null, new LinkEventArgs { Device = d });
            public static void Down(string d) => LinkDown?.Invoke(d);
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("Link.LinkUp", TestReferences.NoRuntime));

    [Fact]
    public Task EventInNestedAndGenericTypes_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        class Outer { public static class Notifier<T> { public static event Action<T>? [|Changed|]; } }
        """);

    [Fact]
    public Task CustomAccessorsAndInstanceEvents_NotReported() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        public class Device
        {
            static Action? handlers;
            public static event Action Changed { add => handlers += value; remove => handlers -= value; }
            public event Action? Up;
        }
        """);

    [Fact]
    public Task MarkedShared_NotReported() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        public static class Host
        {
            [PerNet.SharedAcrossContexts("process shutdown is process-wide")]
            public static event Action? Stopping;
        }
        """);
}
