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
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Socks5Connector.Handshake", "byte[]", TestReferences.NoRuntime));

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
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Checksum.Table", "uint[]", TestReferences.NoRuntime));

    [Fact]
    public Task TablePassedThroughALocalToAnOverridableMethod_Reported() => VerifyReadonly.VerifyAnalyzerAsync("""
        public class Codec
        {
            private static readonly byte[] {|#0:Preamble|} = { 0xAA, 0x55 };
            public void Start() { var p = Preamble; Emit(p); }
            protected virtual void Emit(byte[] bytes) { }
        }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Codec.Preamble", "byte[]", TestReferences.NoRuntime));

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
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "ProxyLine.Parsers", "ISegmentProcessor[]", TestReferences.NoRuntime));

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
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Scratch.Buffer", "byte[]", TestReferences.NoRuntime));

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
        test.ExpectedDiagnostics.Add(VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Frames.Ping", "byte[]", TestReferences.NoRuntime));
        await test.RunAsync(CancellationToken.None);
    }

    private const string ByteSpan = """
        public readonly struct ByteSpan
        {
            private readonly byte[] _array;
            public readonly int Offset;
            public readonly int Length;
            public ByteSpan(byte[] array) { _array = array; Offset = 0; Length = array.Length; }
            public byte this[int index] { get => _array[Offset + index]; set => _array[Offset + index] = value; }
            public static implicit operator ByteSpan(byte[] array) => new ByteSpan(array);
        }
        public static class ByteSpanReaders
        {
            public static uint ReadLittleEndian32(this ByteSpan span) => (uint)(span[0] | span[1] << 8 | span[2] << 16 | span[3] << 24);
            public static void Clear(this ByteSpan span) { for (var i = 0; i < span.Length; i++) span[i] = 0; }
        }
        """;

    [Fact]
    public Task ArraySeenThroughOwnSpanAndReadByOwnExtension_NotReported() => VerifyReadonly.VerifyAnalyzerAsync(ByteSpan + """
        public sealed class Curve
        {
            private static readonly byte[] BasePoint = { 9, 0, 0, 0 };
            public uint Multiply() => Scale(BasePoint);
            private uint Scale(ByteSpan point) { System.Diagnostics.Debug.Assert(point.Length == 4, nameof(point)); return point.ReadLittleEndian32(); }
        }
        """);

    [Fact]
    public Task ArraySeenThroughOwnSpanAndClearedByOwnExtension_Reported() => VerifyReadonly.VerifyAnalyzerAsync(ByteSpan + """
        public sealed class Curve
        {
            private static readonly byte[] {|#0:BasePoint|} = { 9, 0, 0, 0 };
            public void Reset() => Wipe(BasePoint);
            private static void Wipe(ByteSpan point) => point.Clear();
        }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Curve.BasePoint", "byte[]", TestReferences.NoRuntime));

    [Fact]
    public Task PublishedSpanLabelsOnlyRead_NotReported() => VerifyReadonly.VerifyAnalyzerAsync(ByteSpan + """
        public struct PrfLabel
        {
            public static readonly ByteSpan MasterSecret = LabelToBytes("master secret");
            public static readonly ByteSpan KeyExpansion = LabelToBytes("key expansion");
            private static ByteSpan LabelToBytes(string label) => System.Text.Encoding.ASCII.GetBytes(label);
        }
        public static class Prf
        {
            public static uint Expand(ByteSpan label) => label.ReadLittleEndian32() ^ (uint)label.Length;
            public static uint Master() => Expand(PrfLabel.MasterSecret) + Expand(PrfLabel.KeyExpansion);
        }
        """);

    [Fact]
    public Task PublishedSpanWrittenThroughItsIndexer_Reported() => VerifyReadonly.VerifyAnalyzerAsync(ByteSpan + """
        public struct PrfLabel
        {
            public static readonly ByteSpan {|#0:MasterSecret|} = LabelToBytes("master secret");
            private static ByteSpan LabelToBytes(string label) => System.Text.Encoding.ASCII.GetBytes(label);
            public static void Salt(byte b) { var label = MasterSecret; label[0] = b; }
        }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "PrfLabel.MasterSecret", "ByteSpan", TestReferences.NoRuntime));

    [Fact]
    public Task PublicArrayComputedAtInitializationNeverWritten_NotReported() => VerifyReadonly.VerifyAnalyzerAsync("""
        public static class Frames
        {
            public static readonly byte[] EmptyDisconnect = Build();
            private static byte[] Build() => new byte[] { 0x09, 0x00 };
        }
        """);
}
