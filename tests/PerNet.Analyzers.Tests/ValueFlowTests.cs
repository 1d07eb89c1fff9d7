using Microsoft.CodeAnalysis.Testing;
using VerifyField = PerNet.Analyzers.Tests.CSharpAnalyzerVerifier<PerNet.Analyzers.MutableStaticFieldAnalyzer>;
using VerifyReadonly = PerNet.Analyzers.Tests.CSharpAnalyzerVerifier<PerNet.Analyzers.StaticReadonlyMutableValueAnalyzer>;

namespace PerNet.Analyzers.Tests;

/// <summary>
/// Constant tables handed on to our own code: followed into the field, local or parameter that
/// receives them (lessons from protocol handshakes and encoder defaults in eval/realworld).
/// </summary>
public class ValueFlowTests
{
    private const string Readonly = "is never written after initialization; make it readonly";

    private const string Connection = """
        using System;
        using System.Threading.Tasks;
        public interface IConnection { ValueTask SendAsync(ReadOnlyMemory<byte> data); }
        """;

    [Fact]
    public Task HandshakeKeptInPrivateFieldAndOnlySent_NotReported() => VerifyReadonly.VerifyAnalyzerAsync(Connection + """
        public sealed class Socks5Connector
        {
            private static readonly byte[] Handshake = new byte[] { 0x05, 0x01, 0x00 };
            private static readonly byte[] AuthHandshake = new byte[] { 0x05, 0x02, 0x00, 0x02 };
            private readonly byte[] _request;
            public Socks5Connector(bool auth) { _request = auth ? AuthHandshake : Handshake; }
            public ValueTask ConnectAsync(IConnection connection) => connection.SendAsync(_request);
        }
        """);

    [Fact]
    public Task HandshakeKeptInPrivateFieldThatIsWrittenInto_Reported() => VerifyReadonly.VerifyAnalyzerAsync(Connection + """
        public sealed class Socks5Connector
        {
            private static readonly byte[] {|#0:Handshake|} = new byte[] { 0x05, 0x01, 0x00 };
            private readonly byte[] _request;
            public Socks5Connector(byte version) { _request = Handshake; _request[0] = version; }
        }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Socks5Connector.Handshake", "byte[]", ""));

    [Fact]
    public Task DefaultsPassedToOwnConstructorThatOnlyReads_ReportedWithMakeReadonly() => VerifyField.VerifyAnalyzerAsync("""
        using System;
        using System.Linq;
        public sealed class Encoder
        {
            private static int[] {|#0:s_defaultFragmentSizes|} = new[] { 1024, 4096 };
            private readonly int[] _fragmentSizes;
            public Encoder() : this(s_defaultFragmentSizes) { }
            public Encoder(int[] fragmentSizes)
            {
                if (fragmentSizes.Any(size => size <= 0))
                    throw new ArgumentException("positive sizes only", nameof(fragmentSizes));
                _fragmentSizes = fragmentSizes;
            }
            public int Largest => _fragmentSizes[_fragmentSizes.Length - 1];
        }
        """, VerifyField.Diagnostic().WithLocation(0).WithArguments("Encoder.s_defaultFragmentSizes", Readonly));

    [Fact]
    public Task TablePassedToOwnHelperThatWritesItsParameter_Reported() => VerifyReadonly.VerifyAnalyzerAsync("""
        public static class Checksum
        {
            private static readonly uint[] {|#0:Table|} = { 1, 2, 3 };
            public static void Scramble(uint seed) => Fill(Table, seed);
            private static void Fill(uint[] into, uint seed) { for (var i = 0; i < into.Length; i++) into[i] ^= seed; }
        }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Checksum.Table", "uint[]", ""));

    [Fact]
    public Task TablePassedThroughALocalToAnOverridableMethod_Reported() => VerifyReadonly.VerifyAnalyzerAsync("""
        public class Codec
        {
            private static readonly byte[] {|#0:Preamble|} = { 0xAA, 0x55 };
            public void Start() { var p = Preamble; Emit(p); }
            protected virtual void Emit(byte[] bytes) { }
        }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Codec.Preamble", "byte[]", ""));

    [Fact]
    public Task TableOfStatelessProcessorsCalledThroughItsElements_NotReported() => VerifyReadonly.VerifyAnalyzerAsync("""
        public interface ISegmentProcessor { void Process(string segment, System.Collections.Generic.Dictionary<string, string> into); }
        sealed class SourceAddress : ISegmentProcessor { public void Process(string s, System.Collections.Generic.Dictionary<string, string> into) => into["src"] = s; }
        sealed class SourcePort : ISegmentProcessor { public void Process(string s, System.Collections.Generic.Dictionary<string, string> into) => into["port"] = s; }
        public static class ProxyLine
        {
            private static readonly ISegmentProcessor[] Parsers = { new SourceAddress(), new SourcePort() };
            public static void Parse(string[] segments, System.Collections.Generic.Dictionary<string, string> into)
            {
                for (var i = 0; i < segments.Length && i < Parsers.Length; i++)
                    Parsers[i].Process(segments[i], into);
            }
        }
        """);

    [Fact]
    public Task TableOfStatefulProcessorsCalledThroughItsElements_Reported() => VerifyReadonly.VerifyAnalyzerAsync("""
        public interface ISegmentProcessor { void Process(string segment); }
        sealed class Counting : ISegmentProcessor { private int _seen; public void Process(string s) => _seen++; }
        public static class ProxyLine
        {
            private static readonly ISegmentProcessor[] {|#0:Parsers|} = { new Counting() };
            public static void Parse(string segment) => Parsers[0].Process(segment);
        }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "ProxyLine.Parsers", "ISegmentProcessor[]", ""));

    [Fact]
    public Task PublicArrayWrittenOutInItsDeclaration_ReadonlyOrNotState() => VerifyField.VerifyAnalyzerAsync("""
        public static class WebSocketConstant
        {
            public static byte[] {|#0:ClosingHandshake|} = new byte[] { 0xFF, 0x00 };
        }
        """, VerifyField.Diagnostic().WithLocation(0).WithArguments("WebSocketConstant.ClosingHandshake", Readonly));

    [Fact]
    public Task PublicBufferAllocatedBySize_Reported() => VerifyReadonly.VerifyAnalyzerAsync("""
        public static class Scratch { public static readonly byte[] {|#0:Buffer|} = new byte[1500]; }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Scratch.Buffer", "byte[]", ""));

    [Fact]
    public async Task TableHandedToAMethodOfAnotherProject_NotFollowed_ReportedWithoutFailing()
    {
        // The callee's code is in another project: not bound here (it once made the analyzer throw).
        var test = new VerifyReadonly.Test();
        test.TestState.Sources.Add("""
            public static class Frames
            {
                private static readonly byte[] {|#0:Ping|} = { 0x89, 0x00 };
                public static void Send(Wire.Sender sender) { var frame = Ping; sender.Send(frame); }
            }
            """);
        var wire = new ProjectState("Wire", Microsoft.CodeAnalysis.LanguageNames.CSharp, "/Wire/", "cs");
        wire.Sources.Add("namespace Wire; public sealed class Sender { public void Send(byte[] bytes) { } }");
        test.TestState.AdditionalProjects.Add("Wire", wire);
        test.TestState.AdditionalProjectReferences.Add("Wire");
        test.ExpectedDiagnostics.Add(VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Frames.Ping", "byte[]", ""));
        await test.RunAsync(CancellationToken.None);
    }
}
