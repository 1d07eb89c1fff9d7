using Microsoft.CodeAnalysis.Testing;
using VerifyReadonly = PerNet.Analyzers.Tests.CSharpAnalyzerVerifier<PerNet.Analyzers.StaticReadonlyMutableValueAnalyzer>;

namespace PerNet.Analyzers.Tests;

/// <summary>
/// Default instances protocol libraries keep in statics — packets and options built once with their
/// list members left null, results holding read-only views, empty segments, value-like numbers —
/// and the boundaries where they become state (lessons from eval/realworld: MQTTnet, lidgren).
/// </summary>
public class DefaultInstanceTests
{
    private const string Packet = """
        using System.Collections.Generic;
        public sealed class UserProperty { public UserProperty(string name) { Name = name; } public string Name { get; } }
        public sealed class DisconnectPacket
        {
            public int ReasonCode { get; set; }
            public string? ReasonString { get; set; }
            public List<UserProperty>? UserProperties { get; set; }
        }
        """;

    private const string Decoder = """
        public static class Decoder
        {
            public static DisconnectPacket Decode(int code, string reason)
            {
                var packet = new DisconnectPacket();
                packet.ReasonCode = code;
                packet.ReasonString = reason;
                packet.UserProperties = new List<UserProperty>();
                return packet;
            }
        }
        public sealed class OptionsBuilder
        {
            readonly DisconnectPacket _packet = new DisconnectPacket();
            public OptionsBuilder WithReason(string reason) { _packet.ReasonString = reason; return this; }
            public OptionsBuilder WithProperty(string name) { _packet.UserProperties ??= new List<UserProperty>(); return this; }
            public DisconnectPacket Build() => _packet;
        }
        """;

    [Fact]
    public Task DefaultPacketWithListLeftNull_OthersBuiltByDecoderAndBuilder_NotReported() => VerifyReadonly.VerifyAnalyzerAsync(Packet + Decoder + """
        public static class DisconnectPacketFactory
        {
            static readonly DisconnectPacket DefaultNormal = new() { ReasonCode = 0, UserProperties = null };
            public static DisconnectPacket Create() => DefaultNormal;
        }
        """);

    [Fact]
    public Task DefaultPacketWhoseListIsFilledInItsInitializer_Reported() => VerifyReadonly.VerifyAnalyzerAsync(Packet + """
        public static class DisconnectPacketFactory
        {
            static readonly DisconnectPacket {|#0:DefaultNormal|} = new() { ReasonCode = 0, UserProperties = new List<UserProperty>() };
        }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "DisconnectPacketFactory.DefaultNormal", "DisconnectPacket", TestReferences.NoRuntime));

    [Fact]
    public Task DefaultPacket_ButSomeoneSetsAPropertyOnAPacketItIsHanded_Reported() => VerifyReadonly.VerifyAnalyzerAsync(Packet + """
        public static class DisconnectPacketFactory
        {
            static readonly DisconnectPacket {|#0:DefaultNormal|} = new() { ReasonCode = 0 };
            public static DisconnectPacket Create() => DefaultNormal;
        }
        public static class Server { public static void Reject(DisconnectPacket packet) => packet.ReasonCode = 135; }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "DisconnectPacketFactory.DefaultNormal", "DisconnectPacket", TestReferences.NoRuntime));

    [Fact]
    public Task DefaultOptionsOfAnotherProjectSetToNullExplicitly_NotReported() => RunAcrossProjects("""
        static readonly DisconnectPacket DefaultNormal = new() { ReasonCode = 0, UserProperties = null };
        """);

    [Fact]
    public Task DefaultOptionsOfAnotherProjectLeavingTheListToItsConstructor_Reported() => RunAcrossProjects("""
        static readonly DisconnectPacket {|#0:DefaultNormal|} = new() { ReasonCode = 0 };
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Factory.DefaultNormal", "DisconnectPacket", TestReferences.NoRuntime));

    [Fact]
    public Task ResultHoldingAReadOnlyViewOfImmutableItems_NotReported() => VerifyReadonly.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        public sealed class UserProperty { public UserProperty(string name) { Name = name; } public string Name { get; } }
        public sealed class PublishResult
        {
            public PublishResult(int code, IReadOnlyCollection<UserProperty> properties) { Code = code; Properties = properties; }
            public int Code { get; }
            public IReadOnlyCollection<UserProperty> Properties { get; }
        }
        public sealed class PublishResultFactory
        {
            static readonly IReadOnlyCollection<UserProperty> None = [];
            static readonly PublishResult Success = new(0, None);
            public PublishResult Create() => Success;
        }
        """);

    [Fact]
    public Task EmptySegment_NotReported() => VerifyReadonly.VerifyAnalyzerAsync("""
        using System;
        public static class EmptyBuffer
        {
            public static readonly byte[] Array = [];
            public static readonly ArraySegment<byte> Segment = new(Array, 0, 0);
        }
        """);

    [Fact]
    public Task SegmentOverABuffer_Reported() => VerifyReadonly.VerifyAnalyzerAsync("""
        using System;
        public static class Scratch { public static readonly ArraySegment<byte> {|#0:Segment|} = new(new byte[64], 0, 64); }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Scratch.Segment", "ArraySegment<byte>", TestReferences.NoRuntime));

    private const string Result = """
        public sealed class CheckResult
        {
            public static CheckResult NotSubscribed { get; } = new CheckResult();
            public bool IsSubscribed { get; set; }
            public System.Collections.Generic.List<uint>? Identifiers { get; set; }
        }
        public static class Subscriptions { public static CheckResult Check(bool hit) => hit ? new CheckResult { IsSubscribed = true } : CheckResult.NotSubscribed; }
        """;

    [Fact]
    public Task PublicDefaultInAnInternalNamespace_NotReported() => VerifyReadonly.VerifyAnalyzerAsync("namespace Broker.Server.Internal;\n" + Result);

    [Fact]
    public Task PublicDefaultInAPublicNamespace_Reported() => VerifyReadonly.VerifyAnalyzerAsync(
        "namespace Broker.Server;\n" + Result.Replace("CheckResult NotSubscribed", "CheckResult {|#0:NotSubscribed|}"),
        VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("property", "CheckResult.NotSubscribed", "CheckResult", TestReferences.NoRuntime));

    private const string BigNumber = """
        public sealed class BigNumber
        {
            public static readonly BigNumber Zero = new BigNumber(0, new int[0]);
            public static readonly BigNumber One = new BigNumber(1, new[] { 1 });
            private int _sign;
            private int[] _magnitude;
            private long _quote = -1L;
            private BigNumber(int sign, int[] magnitude) { _sign = sign; _magnitude = magnitude; }
            public BigNumber Add(BigNumber other) => new BigNumber(1, AddMagnitudes((int[])_magnitude.Clone(), other._magnitude));
            public BigNumber Negate() { var result = new BigNumber(0, _magnitude); result._sign = -_sign; return result; }
            public BigNumber ModInverse() { var x = new BigNumber(0, new int[1]); Euclid(this, x); return x; }
            private static void Euclid(BigNumber a, BigNumber into) { into._sign = a._sign; into._magnitude = a._magnitude; }
            public long Quote()
            {
                if (_quote != -1)
                    return _quote;
                _quote = Inverse(_magnitude[0]);
                return _quote;
            }
            private static long Inverse(int v) => v * 2L;
            private static int[] AddMagnitudes(int[] into, int[] add) { for (var i = 0; i < add.Length && i < into.Length; i++) into[i] += add[i]; return into; }
            public override bool Equals(object? obj) => obj is BigNumber other && other._sign == _sign;
            public override int GetHashCode() => _sign;
            METHOD
        }
        """;

    [Fact]
    public Task ValueLikeNumberBuiltThroughFreshInstancesAndMemos_NotReported() => VerifyReadonly.VerifyAnalyzerAsync(BigNumber.Replace("METHOD", string.Empty));

    [Fact]
    public Task ValueLikeNumberThatWritesItsOwnDigits_Reported() => VerifyReadonly.VerifyAnalyzerAsync(
        BigNumber.Replace("METHOD", "public void Increment() => _magnitude[0]++;").Replace("BigNumber Zero", "BigNumber {|#0:Zero|}").Replace("BigNumber One", "BigNumber {|#1:One|}"),
        VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "BigNumber.Zero", "BigNumber", TestReferences.NoRuntime),
        VerifyReadonly.Diagnostic().WithLocation(1).WithArguments("field", "BigNumber.One", "BigNumber", TestReferences.NoRuntime));

    [Fact]
    public Task ValueLikeNumberThatHandsOutItsDigitsToReaders_NotReported() => VerifyReadonly.VerifyAnalyzerAsync(
        BigNumber.Replace("METHOD", "public int[] Digits => _magnitude; public int Top => Digits[0];"));

    [Fact]
    public Task ValueLikeNumberWhoseHandedOutDigitsAreWritten_Reported() => VerifyReadonly.VerifyAnalyzerAsync(
        BigNumber.Replace("METHOD", "public int[] Digits => _magnitude; public static void Flip(BigNumber n) => n.Digits[0] = 7;").Replace("BigNumber Zero", "BigNumber {|#0:Zero|}").Replace("BigNumber One", "BigNumber {|#1:One|}"),
        VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "BigNumber.Zero", "BigNumber", TestReferences.NoRuntime),
        VerifyReadonly.Diagnostic().WithLocation(1).WithArguments("field", "BigNumber.One", "BigNumber", TestReferences.NoRuntime));

    [Fact]
    public Task NumberWithoutValueEqualitySharingItsDigitsWithCodeThatOnlyReads_NotReported() => VerifyReadonly.VerifyAnalyzerAsync(
        BigNumber.Replace("METHOD", string.Empty).Replace("public override bool Equals(object? obj) => obj is BigNumber other && other._sign == _sign;", string.Empty));

    [Fact]
    public Task NumberWithoutValueEqualityDoublingItsSharedDigits_Reported() => VerifyReadonly.VerifyAnalyzerAsync(
        BigNumber.Replace("METHOD", "public void Double() { for (var i = 0; i < _magnitude.Length; i++) _magnitude[i] *= 2; }").Replace("public override bool Equals(object? obj) => obj is BigNumber other && other._sign == _sign;", string.Empty)
            .Replace("BigNumber Zero", "BigNumber {|#0:Zero|}").Replace("BigNumber One", "BigNumber {|#1:One|}"),
        VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "BigNumber.Zero", "BigNumber", TestReferences.NoRuntime),
        VerifyReadonly.Diagnostic().WithLocation(1).WithArguments("field", "BigNumber.One", "BigNumber", TestReferences.NoRuntime));

    private static async Task RunAcrossProjects(string field, params DiagnosticResult[] expected)
    {
        var test = new VerifyReadonly.Test();
        test.TestState.Sources.Add("using Packets;\npublic static class Factory\n{\n" + field + "\n}\n");
        var packets = new ProjectState("Packets", Microsoft.CodeAnalysis.LanguageNames.CSharp, "/Packets/", "cs");
        packets.Sources.Add("namespace Packets;\n" + Packet);
        test.TestState.AdditionalProjects.Add("Packets", packets);
        test.TestState.AdditionalProjectReferences.Add("Packets");
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }
}
