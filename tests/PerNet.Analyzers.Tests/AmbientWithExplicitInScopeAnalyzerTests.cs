using VerifyCS = PerNet.Analyzers.Tests.ContextAnalyzerVerifier<PerNet.Analyzers.AmbientWithExplicitInScopeAnalyzer>;

namespace PerNet.Analyzers.Tests;

public class AmbientWithExplicitInScopeAnalyzerTests
{
    private const string Prelude = """
        using System;
        using PerNet;

        sealed class Counters : PerNet<Counters> { public int sent; }

        """;

    [Fact]
    public Task StateCurrent_WithContextParameter_Reported() => VerifyCS.VerifyAnalyzerAsync(Prelude + """
        static class Udp
        {
            public static void Send(NetContext net) => {|#0:Counters.Current|}.sent++;
        }
        """,
        VerifyCS.Diagnostic(AmbientWithExplicitInScopeAnalyzer.Rule).WithLocation(0).WithArguments("Counters.Current", "net"));

    [Fact]
    public Task NetContextCurrent_WithLocalDeclaredBefore_Reported() => VerifyCS.VerifyAnalyzerAsync(Prelude + """
        static class Host
        {
            public static long Run()
            {
                var net = NetContext.Create();
                Action later = () => Console.WriteLine([|NetContext.Current|].Id);
                later();
                return net.Id;
            }
        }
        """);

    [Fact]
    public Task BoundObject_ThisNet_Reported() => VerifyCS.VerifyAnalyzerAsync(Prelude + """
        sealed class Device : INetContextBound
        {
            public Device(NetContext net) => Net = net;
            public NetContext Net { get; }
            public void Transmit() => [|Counters.Current|].sent++;
        }
        """);

    [Fact]
    public Task NoContextInScope_NotReported() => VerifyCS.VerifyAnalyzerAsync(Prelude + """
        static class Udp
        {
            public static void Send(int port) => Counters.Current.sent += port;
        }
        """);

    [Fact]
    public Task LocalInitializedFromCurrent_ItselfNotReported() => VerifyCS.VerifyAnalyzerAsync(Prelude + """
        static class Udp
        {
            public static void Send()
            {
                var net = NetContext.Current;
                Counters.Of(net).sent++;
            }
        }
        """);

    [Fact]
    public Task ComparedWithTheContextInScope_NotReported() => VerifyCS.VerifyAnalyzerAsync(Prelude + """
        static class Guard
        {
            public static bool IsCurrent(NetContext net) => NetContext.Current == net || ReferenceEquals(net, NetContext.Current) || NetContext.Current is null;
        }
        """);

    [Fact]
    public Task EntersTheContextInScope_Reported() => VerifyCS.VerifyAnalyzerAsync(Prelude + """
        static class Host
        {
            public static int RunIn(NetContext net)
            {
                using (net.Enter())
                {
                    return [|Counters.Current|].sent; // the same context either way
                }
            }
        }
        """);

    [Fact]
    public Task EntersAnotherContext_NotReported() => VerifyCS.VerifyAnalyzerAsync(Prelude + """
        static class Host
        {
            static NetContext Child(NetContext parent) => NetContext.Create(parent);

            public static int RunInChild(NetContext net)
            {
                using (Child(net).Enter())
                {
                    return Counters.Current.sent; // the child's, deliberately: not net's
                }
            }
        }
        """);
}
