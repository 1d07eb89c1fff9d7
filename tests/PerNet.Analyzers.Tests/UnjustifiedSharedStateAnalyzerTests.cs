using VerifyCS = PerNet.Analyzers.Tests.CSharpAnalyzerVerifier<PerNet.Analyzers.UnjustifiedSharedStateAnalyzer>;

namespace PerNet.Analyzers.Tests;

public class UnjustifiedSharedStateAnalyzerTests
{
    [Fact]
    public Task NoArgument_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        using PerNet;
        static class Devices
        {
            [{|#0:SharedAcrossContexts|}] static int nextIfIndex;
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("Devices.nextIfIndex"));

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"   \"")]
    [InlineData("null")]
    public Task BlankJustification_Reported(string argument) => VerifyCS.VerifyAnalyzerAsync($$"""
        using PerNet;
        static class Devices
        {
            [[|SharedAcrossContexts({{argument}})|]] public static int Count { get; set; }
        }
        """);

    [Fact]
    public Task OnTypeAndEvent_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        [[|PerNet.SharedAcrossContexts|]]
        static class Host
        {
            [[|PerNet.SharedAcrossContexts("")|]] public static event Action? Stopping;
        }
        """);

    [Fact]
    public Task WithJustification_NotReported() => VerifyCS.VerifyAnalyzerAsync("""
        using PerNet;
        [SharedAcrossContexts("the process has one clock")]
        static class Clock { public static long Ticks; }
        static class Devices { [SharedAcrossContexts("ifindex is unique per process")] static int nextIfIndex; }
        """);

    [Fact]
    public Task OtherAttributes_NotReported() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        static class Scratch { [ThreadStatic] static int x; [Obsolete] static int y; }
        """);
}
