using VerifyCS = PerNet.Analyzers.Tests.ContextAnalyzerVerifier<PerNet.Analyzers.InitialContextBoundaryAnalyzer>;

namespace PerNet.Analyzers.Tests;

public class InitialContextBoundaryAnalyzerTests
{
    private const string Stack = """
        using System;
        using PerNet;

        static class Udp
        {
            public sealed class State : PerNet<State> { public int sent; }
            public static void Send(NetContext net, int port) => State.Of(net).sent += port;
            public static void MoveTo(NetContext target, NetContext source) { }
        }

        """;

    [Fact]
    public Task MigrationBoundaries_Reported() => VerifyCS.VerifyAnalyzerAsync(Stack + """
        static class Program
        {
            public static void Main() => Udp.Send({|#0:NetContext.Initial|}, 53);
            public static event Action? Tick;
            static void OnTick() => Udp.State.Of([|NetContext.Initial|]).sent++;
        }
        """,
        VerifyCS.Diagnostic(InitialContextBoundaryAnalyzer.Rule).WithLocation(0).WithArguments("Program.Main", "Udp.Send"));

    [Fact]
    public Task DeliberateUses_NotReported() => VerifyCS.VerifyAnalyzerAsync(Stack + """
        static class Host
        {
            public static NetContext Child() => NetContext.Create(NetContext.Initial);   // a parent, not a stand-in
            public static bool IsRoot(NetContext net) => net == NetContext.Initial;
            public static void Reset(NetContext net) => Udp.Send(NetContext.Initial, 0); // a context is in scope: chosen on purpose
            public static void Park(NetContext net) => Udp.MoveTo(net, NetContext.Initial);
            static readonly NetContext Root = NetContext.Initial;
        }
        """);

    [Fact]
    public Task KeptSignatures_ForwardingWithCurrent_Reported() => VerifyCS.VerifyAnalyzerAsync(Stack + """
        public sealed class Socket : INetContextBound
        {
            public Socket(NetContext net) => Net = net;
            public Socket() : this(NetContext.Current) { }   // a carrier: creation without a context is its designed use
            [Obsolete("Pass a NetContext")]
            public Socket(int port) : this({|#1:NetContext.Current|}) { }
            public NetContext Net { get; }
        }
        static class Api
        {
            [Obsolete("Pass a NetContext")]
            public static void Send(int port) => Udp.Send({|#0:NetContext.Current|}, port);
            public static void Ambient(int port) => Udp.Send(NetContext.Current, port); // not a kept signature
        }
        """,
        VerifyCS.Diagnostic(InitialContextBoundaryAnalyzer.ForwarderRule).WithLocation(1).WithArguments("Socket", "Socket"),
        VerifyCS.Diagnostic(InitialContextBoundaryAnalyzer.ForwarderRule).WithLocation(0).WithArguments("Api.Send", "Udp.Send"));
}
