using Microsoft.CodeAnalysis.Testing;
using VerifyField = PerNet.Analyzers.Tests.CSharpAnalyzerVerifier<PerNet.Analyzers.MutableStaticFieldAnalyzer>;
using VerifyReadonly = PerNet.Analyzers.Tests.CSharpAnalyzerVerifier<PerNet.Analyzers.StaticReadonlyMutableValueAnalyzer>;
using VerifyThreadLocal = PerNet.Analyzers.Tests.CSharpAnalyzerVerifier<PerNet.Analyzers.ThreadStaticStateAnalyzer>;
using VerifyVerdict = PerNet.Analyzers.Tests.CSharpAnalyzerVerifier<PerNet.Analyzers.StateVerdictAnalyzer>;

namespace PerNet.Analyzers.Tests;

/// <summary>
/// The kinds of static that real libraries publish as constants, which the state model must not
/// report, the kinds of real state it must, and the boundary cases between them — each in the
/// smallest code that shows it (lessons from eval/realworld).
/// </summary>
public class StateModelTests
{
    // ---- not state ----

    [Fact]
    public Task HeaderNameWithConstructorOnlyFieldsAndMemoHash_NotReported() => VerifyReadonly.VerifyAnalyzerAsync("""
        public sealed class HeaderName
        {
            private string _value;
            private int _hash;
            public HeaderName(string value) { _value = value; }
            public override int GetHashCode()
            {
                if (_hash == 0)
                    _hash = _value.GetHashCode();
                return _hash;
            }
            public override string ToString() => _value;
        }
        public static class Headers
        {
            public static readonly HeaderName Host = new("Host");
            public static readonly HeaderName Connection = new("Connection");
        }
        """);

    [Fact]
    public Task CoalesceAssignedMemo_NotReported() => VerifyReadonly.VerifyAnalyzerAsync("""
        public sealed class Status
        {
            private readonly int _code;
            private string? _text;
            public Status(int code) { _code = code; }
            public string Text => _text ??= "status " + _code;
        }
        public static class Statuses { public static readonly Status Ok = new(200); }
        """);

    [Fact]
    public Task PrivateBytesFilledAtConstruction_NotReported() => VerifyReadonly.VerifyAnalyzerAsync("""
        public sealed class AsciiString
        {
            private readonly byte[] _bytes;
            public AsciiString(string s) { _bytes = new byte[s.Length]; for (var i = 0; i < s.Length; i++) _bytes[i] = (byte)s[i]; }
            public int Length => _bytes.Length;
            public byte this[int i] => _bytes[i];
        }
        public static class Names { public static readonly AsciiString ContentLength = new("content-length"); }
        """);

    [Fact]
    public Task LibrarysOwnLoggerAbstraction_NotReported() => VerifyReadonly.VerifyAnalyzerAsync("""
        public interface IInternalLogger { void Debug(string message); bool DebugEnabled { get; set; } }
        sealed class ConsoleLogger : IInternalLogger { public bool DebugEnabled { get; set; } public void Debug(string m) { } }
        public static class InternalLoggerFactory { public static IInternalLogger GetInstance<T>() => new ConsoleLogger(); }
        public sealed class Channel { static readonly IInternalLogger Log = InternalLoggerFactory.GetInstance<Channel>(); }
        """);

    [Fact]
    public Task CachedExceptionInstance_NotReported() => VerifyReadonly.VerifyAnalyzerAsync("""
        using System;
        public sealed class ClosedChannelException : InvalidOperationException { }
        public sealed class Channel
        {
            static readonly ClosedChannelException Closed = new();
            public void Write() => throw Closed;
        }
        """);

    [Fact]
    public Task StatelessSingletonBehindInterface_NotReported() => VerifyReadonly.VerifyAnalyzerAsync("""
        public interface IFrameCodec { int Encode(byte[] buffer, int value); }
        public sealed class LengthFieldCodec : IFrameCodec
        {
            public static readonly IFrameCodec Instance = new LengthFieldCodec();
            public int Encode(byte[] buffer, int value) { buffer[0] = (byte)value; return 1; }
        }
        """);

    [Fact]
    public Task Sentinels_NotReported() => VerifyReadonly.VerifyAnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.Collections.ObjectModel;
        public readonly struct Segment { public readonly int Offset, Count; public Segment(int o, int c) { Offset = o; Count = c; } public static readonly Segment Empty = new(0, 0); }
        public static class Sentinels
        {
            public static readonly byte[] NoBytes = new byte[0];
            public static readonly int[] NoInts = Array.Empty<int>();
            public static readonly ReadOnlyCollection<string> NoNames = new(new List<string>());
        }
        """);

    [Fact]
    public Task DerivedEncoding_NotReported() => VerifyReadonly.VerifyAnalyzerAsync("""
        using System.Text;
        static class Writer { internal static readonly UTF8Encoding Utf8 = new(false, true); public static int Count(string s) => Utf8.GetByteCount(s); }
        """);

    [Fact]
    public Task DefaultOptionsWhoseSettersOnlyObjectInitializersUse_NotReported() => VerifyReadonly.VerifyAnalyzerAsync("""
        public sealed class DisconnectOptions { public int Reason { get; set; } public string? Text { get; set; } }
        static class Defaults
        {
            internal static readonly DisconnectOptions Normal = new() { Reason = 0, Text = "bye" };
            public static DisconnectOptions Make(int r) => new DisconnectOptions { Reason = r };
        }
        """);

    [Fact]
    public Task DefaultStructNeverAssigned_NotReported() => VerifyReadonly.VerifyAnalyzerAsync("""
        using System;
        public readonly struct Received
        {
            public static readonly Received Empty;
            public Received(ArraySegment<byte> body) { Body = body; }
            public ArraySegment<byte> Body { get; }
        }
        """);

    [Fact]
    public Task GenericResultHoldingItsTypeArgument_NotReported() => VerifyReadonly.VerifyAnalyzerAsync("""
        public sealed class DequeueResult<T>(bool ok, T item)
        {
            public static readonly DequeueResult<T> Failed = new(false, default!);
            public bool Ok { get; } = ok;
            public T Item { get; } = item;
        }
        """);

    // ---- state ----

    [Fact]
    public Task PublicDefaultOptionsSomeoneElseCanChange_Reported() => VerifyReadonly.VerifyAnalyzerAsync("""
        public sealed class DisconnectOptions { public int Reason { get; set; } }
        public static class Defaults
        {
            public static readonly DisconnectOptions {|#0:Normal|} = new() { Reason = 0 };
        }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Defaults.Normal", "DisconnectOptions", TestReferences.NoRuntime));

    [Fact]
    public Task OptionsChangedAfterConstruction_Reported() => VerifyReadonly.VerifyAnalyzerAsync("""
        public sealed class DisconnectOptions { public int Reason { get; set; } }
        static class Defaults
        {
            internal static readonly DisconnectOptions {|#0:Normal|} = new() { Reason = 0 };
        }
        static class Tuning { public static void Set(DisconnectOptions o) => o.Reason = 4; }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Defaults.Normal", "DisconnectOptions", TestReferences.NoRuntime));

    [Fact]
    public Task DefaultPoolWithMutableInstanceState_Reported() => VerifyReadonly.VerifyAnalyzerAsync("""
        public sealed class BufferPool
        {
            private int _rented;
            public static readonly BufferPool {|#0:Default|} = new();
            public byte[] Rent(int size) { _rented++; return new byte[size]; }
        }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "BufferPool.Default", "BufferPool", TestReferences.NoRuntime));

    [Fact]
    public Task ThreadLocalAutoProperty_Reported() => VerifyThreadLocal.VerifyAnalyzerAsync("""
        using System.Threading;
        public sealed class Session
        {
            public static AsyncLocal<Session?> {|#0:Current|} { get; } = new();
        }
        """, VerifyThreadLocal.Diagnostic().WithLocation(0).WithArguments("Session.Current", "AsyncLocal", TestReferences.NoRuntime));

    // ---- boundaries ----

    [Fact]
    public Task MemoThatIsNotIdempotent_Reported() => VerifyReadonly.VerifyAnalyzerAsync("""
        public sealed class Stream
        {
            private static int s_next;
            private int _id;
            public int Id { get { if (_id == 0) _id = ++s_next; return _id; } }
            public static readonly Stream {|#0:Control|} = new();
        }
        """,
        VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Stream.Control", "Stream", TestReferences.NoRuntime));

    [Fact]
    public Task MemoThatAccumulates_Reported() => VerifyReadonly.VerifyAnalyzerAsync("""
        public sealed class Counter
        {
            private int _total;
            public int Add(int x) { if (_total == 0) _total = _total + x; return _total; }
            public static readonly Counter {|#0:Shared|} = new();
        }
        """,
        VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Counter.Shared", "Counter", TestReferences.NoRuntime));

    [Fact]
    public Task StatelessTypeThatGainsAMutableField_Reported() => VerifyReadonly.VerifyAnalyzerAsync("""
        public interface IFrameCodec { int Encode(byte[] buffer, int value); }
        public sealed class LengthFieldCodec : IFrameCodec
        {
            public static readonly IFrameCodec {|#0:Instance|} = new LengthFieldCodec();
            private int _encoded;
            public int Encode(byte[] buffer, int value) { _encoded++; buffer[0] = (byte)value; return 1; }
        }
        """,
        VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "LengthFieldCodec.Instance", "LengthFieldCodec", TestReferences.NoRuntime));

    [Fact]
    public Task ZeroLengthArrayThatIsReassigned_ReportedAsState() => VerifyField.VerifyAnalyzerAsync("""
        static class Scratch
        {
            static byte[] {|#0:buffer|} = new byte[0];
            public static byte[] Get(int n) { if (buffer.Length < n) buffer = new byte[n]; return buffer; }
        }
        """, VerifyField.Diagnostic().WithLocation(0).WithArguments("Scratch.buffer", "is mutable state shared by every context; move it into per-context state" + TestReferences.NoRuntime));

    [Fact]
    public Task FieldsSwappedByDeconstruction_Reported() => VerifyReadonly.VerifyAnalyzerAsync("""
        public sealed class Pair
        {
            private int _a, _b;
            public Pair(int a, int b) { _a = a; _b = b; }
            public void Swap() => (_a, _b) = (_b, _a);
            public static readonly Pair {|#0:Shared|} = new(1, 2);
        }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Pair.Shared", "Pair", TestReferences.NoRuntime));

    [Fact]
    public Task ArrayHandedOutByOwner_Reported() => VerifyReadonly.VerifyAnalyzerAsync("""
        public sealed class Packet
        {
            private readonly byte[] _bytes = new byte[16];
            public byte[] Bytes => _bytes;
            public static readonly Packet {|#0:Template|} = new();
        }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Packet.Template", "Packet", TestReferences.NoRuntime));

    // ---- the verdict report (PN0000) ----

    private const string ExplainOn = "dotnet_diagnostic.PN0000.severity = suggestion";

    [Fact]
    public Task Verdicts_NameTheReasonForEveryMember() => VerifyVerdict.VerifyAnalyzerAsync(new[] { """
        using System;
        public sealed class HeaderName
        {
            private readonly string _value;
            private int _hash;
            public HeaderName(string value) { _value = value; }
            public override int GetHashCode() { if (_hash == 0) _hash = _value.GetHashCode(); return _hash; }
        }
        public sealed class Codec { public static readonly Codec {|#0:Instance|} = new(); }
        static class Things
        {
            static readonly HeaderName {|#1:Host|} = new("Host");
            static readonly InvalidOperationException {|#2:Closed|} = new();
            static int {|#3:next|};
            static int {|#4:limit|} = 5;
            public static int Next() => next++ + limit;
        }
        """ }, ExplainOn,
        VerifyVerdict.Diagnostic().WithLocation(0).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithArguments("field", "Codec.Instance", "not-state", "stateless", "a stateless Codec: no instance state"),
        VerifyVerdict.Diagnostic().WithLocation(1).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithArguments("field", "Things.Host", "not-state", "immutable-in-effect", "immutable in effect: fields assigned only in construction; memo fields: _hash"),
        VerifyVerdict.Diagnostic().WithLocation(2).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithArguments("field", "Things.Closed", "not-state", "exception", "a cached exception instance"),
        VerifyVerdict.Diagnostic().WithLocation(3).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithArguments("field", "Things.next", "state", "written", "assigned after initialization"),
        VerifyVerdict.Diagnostic().WithLocation(4).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithArguments("field", "Things.limit", "readonly", "never-written", "never written after initialization and its value cannot change (int values cannot change); make it readonly"));

    [Fact]
    public void VerdictReport_OffByDefault() =>
        Assert.False(new StateVerdictAnalyzer().SupportedDiagnostics.Single().IsEnabledByDefault);
}
