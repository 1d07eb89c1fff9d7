using VerifyCS = PerNet.Analyzers.Tests.CSharpAnalyzerVerifier<PerNet.Analyzers.MutableStaticPropertyAnalyzer>;

namespace PerNet.Analyzers.Tests;

public class MutableStaticPropertyAnalyzerTests
{
    [Fact]
    public Task SysctlAutoProperty_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        public static class Sysctl
        {
            public static bool {|#0:IpForward|} { get; set; }
            public static int ArpTimeoutMs { get; set; } = 30_000;
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("Sysctl.IpForward", TestReferences.NoRuntime),
        VerifyCS.Diagnostic().WithSpan(4, 23, 4, 35).WithArguments("Sysctl.ArpTimeoutMs", TestReferences.NoRuntime));

    [Fact]
    public Task PrivateSetterAssignedLater_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        public static class Loopback
        {
            public static int [|Mtu|] { get; private set; } = 65536;
            public static void Configure(int mtu) => Mtu = mtu;
        }
        """);

    [Fact]
    public Task PropertyInGenericTypeAndStruct_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        class Registry<T> { public static T? [|Default|] { get; set; } }
        struct Limits { public static int [|MaxSockets|] { get; set; } }
        """);

    [Fact]
    public Task ExplicitBackingField_ReportedAsASettingThatFollowsItsField() => VerifyCS.VerifyAnalyzerAsync("""
        public static class Sysctl
        {
            private static int defaultTtl = 64;
            public static int {|#0:DefaultTtl|} { get => defaultTtl; set => defaultTtl = value is > 0 and < 256 ? value : 64; }
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("Sysctl.DefaultTtl", " (its accessors hold nothing: it moves with the state its setter changes)"));

    [Fact]
    public Task GetOnlyAndInstanceAndComputed_NotReported() => VerifyCS.VerifyAnalyzerAsync("""
        public class Device
        {
            public static string Kind { get; } = "eth";
            public static int Twice => 2;
            public int Mtu { get; set; }
        }
        """);

    [Fact]
    public Task StaticAbstractInterfaceProperty_NotReported() => VerifyCS.VerifyAnalyzerAsync("""
        public interface IProtocol { static abstract int Number { get; set; } }
        """);

    [Fact]
    public Task MarkedShared_NotReported() => VerifyCS.VerifyAnalyzerAsync("""
        public static class Build
        {
            [PerNet.SharedAcrossContexts("set once by the host before any context exists")]
            public static string Version { get; set; } = "1";
        }
        """);
}
