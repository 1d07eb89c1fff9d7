using Microsoft.CodeAnalysis.Testing;
using VerifyCS = PerNet.Analyzers.Tests.CSharpAnalyzerVerifier<PerNet.Analyzers.MutableStaticFieldAnalyzer>;

namespace PerNet.Analyzers.Tests;

public class MutableStaticFieldAnalyzerTests
{
    private const string StateMessage = "is mutable state shared by every context; move it into per-context state";
    private const string State = StateMessage + TestReferences.NoRuntime;
    private const string Readonly = "is never written after initialization; make it readonly";

    [Fact]
    public Task ArpCacheDictionary_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        using System.Net;
        static class Arp
        {
            static Dictionary<IPAddress, byte[]> {|#0:cache|} = new();
            public static void Learn(IPAddress ip, byte[] mac) => cache[ip] = mac;
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("Arp.cache", State));

    /// <summary>Without the runtime the message says how to get the fix that moves the field (above); with it, nothing to add.</summary>
    [Fact]
    public Task ArpCacheDictionary_RuntimeReferenced_MessageWithoutTheNote() => ContextAnalyzerVerifier<MutableStaticFieldAnalyzer>.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        using System.Net;
        static class Arp
        {
            static Dictionary<IPAddress, byte[]> {|#0:cache|} = new();
            public static void Learn(IPAddress ip, byte[] mac) => cache[ip] = mac;
        }
        """, ContextAnalyzerVerifier<MutableStaticFieldAnalyzer>.Diagnostic(MutableStaticFieldAnalyzer.Rule).WithLocation(0).WithArguments("Arp.cache", StateMessage)
            .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));

    [Fact]
    public Task CounterBumpedWithInterlocked_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Threading;
        static class IpStats
        {
            static long [|inReceives|];
            public static void OnReceive() => Interlocked.Increment(ref inReceives);
            public static long InReceives => Volatile.Read(ref inReceives);
        }
        """);

    [Fact]
    public Task IdentificationCounterIncremented_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        static class Ipv4
        {
            private static ushort [|nextId|] = 1;
            public static ushort NextId() => nextId++;
        }
        """);

    [Fact]
    public Task PublicFieldNeverWrittenAnywhere_ReportedWithMakeReadonly() => VerifyCS.VerifyAnalyzerAsync("""
        public static class NdpFields
        {
            public static int {|#0:FlagsOffset|} = 0;
            public static int {|#1:OptionsOffset|} = 20;
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("NdpFields.FlagsOffset", Readonly),
        VerifyCS.Diagnostic().WithLocation(1).WithArguments("NdpFields.OptionsOffset", Readonly));

    [Fact]
    public Task PublicFieldWrittenByAnotherType_ReportedAsState() => VerifyCS.VerifyAnalyzerAsync("""
        public static class Sysctl
        {
            public static int {|#0:DefaultTtl|} = 64;
        }
        static class Tuning { public static void Lower() => Sysctl.DefaultTtl = 32; }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("Sysctl.DefaultTtl", State));

    [Fact]
    public Task PublicFieldInitializedFromItsPublishedDefault_ReportedAsASetting() => VerifyCS.VerifyAnalyzerAsync("""
        public struct VxlanFields
        {
            public static readonly int HeaderLength = 8;
            public static readonly ushort DefaultPort = 4789;
            public static ushort {|#0:Port|} = DefaultPort;
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("VxlanFields.Port", State));

    [Fact]
    public Task PublicHookWithoutInitializer_ReportedAsState() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        public class Packet
        {
            public static Func<byte[], Packet?> {|#0:CustomDecoder|};
            public Packet? Decode(byte[] data) => CustomDecoder?.Invoke(data);
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("Packet.CustomDecoder", State));

    [Fact]
    public Task InternalFieldNeverWritten_ReportedWithMakeReadonly() => VerifyCS.VerifyAnalyzerAsync("""
        static class Limits
        {
            internal static int {|#0:MaxPeers|} = 64;
        }
        static class User { public static int Twice() => Limits.MaxPeers * 2; }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("Limits.MaxPeers", Readonly));

    [Fact]
    public Task EphemeralPortCompoundAssignment_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        static class Udp
        {
            static int [|nextPort|] = 49152;
            public static int Allocate() { nextPort += 1; if (nextPort > 65535) nextPort = 49152; return nextPort; }
        }
        """);

    [Fact]
    public Task FieldWrittenThroughOutArgument_ReportedAsState() => VerifyCS.VerifyAnalyzerAsync("""
        static class Route
        {
            private static int {|#0:metric|};
            static void Read(out int value) => value = 3;
            public static void Load() => Read(out metric);
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("Route.metric", State));

    [Fact]
    public Task StructFieldMutatedThroughMethod_ReportedAsState() => VerifyCS.VerifyAnalyzerAsync("""
        struct Counter { public int Value; public void Bump() => Value++; }
        static class Stats
        {
            private static Counter {|#0:drops|};
            public static void Drop() => drops.Bump();
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("Stats.drops", State));

    [Fact]
    public Task StructFieldMemberAssigned_ReportedAsState() => VerifyCS.VerifyAnalyzerAsync("""
        struct Counter { public int Value; }
        static class Stats
        {
            private static Counter {|#0:drops|};
            public static void Drop() => drops.Value = 1;
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("Stats.drops", State));

    [Fact]
    public Task FieldInGenericType_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        class Pool<T> where T : new()
        {
            static T? [|cached|];
            public static T Get() => cached ??= new T();
        }
        """);

    [Fact]
    public Task FieldInStructAndRecord_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        struct Mtu { public static int [|Default|] = 1500; }
        record Neighbour(string Name) { public static int [|Count|]; }
        """);

    [Fact]
    public Task FieldInNestedType_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        static class Tcp
        {
            static class Timers
            {
                public static int [|retransmitMs|] = 200;
            }
            public static void Backoff() => Timers.retransmitMs *= 2;
        }
        """);

    [Fact]
    public Task PrivateFieldWrittenFromNestedType_ReportedAsState() => VerifyCS.VerifyAnalyzerAsync("""
        static class Tcp
        {
            private static int {|#0:retransmitMs|} = 200;
            static class Timers { public static void Backoff() => retransmitMs *= 2; }
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("Tcp.retransmitMs", State));

    [Fact]
    public Task PartialTypeWrittenInOtherFile_ReportedAsState() => VerifyCS.VerifyAnalyzerAsync(
        new[]
        {
            "static partial class Icmp { private static int {|#0:echoSeq|}; }",
            "static partial class Icmp { public static int NextSeq() => ++echoSeq; }",
        },
        globalConfig: null,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("Icmp.echoSeq", State));

    [Fact]
    public Task NeverWrittenImmutable_ReportedWithMakeReadonly() => VerifyCS.VerifyAnalyzerAsync("""
        static class Arp
        {
            private static int {|#0:timeoutMs|} = 30_000;
            public static int Timeout => timeoutMs;
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("Arp.timeoutMs", Readonly));

    [Fact]
    public Task WrittenOnlyInStaticConstructor_ReportedWithMakeReadonly() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        static class Loopback
        {
            static string {|#0:name|};
            static Loopback() { name = Environment.GetEnvironmentVariable("LO") ?? "lo"; }
            public static string Name => name;
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("Loopback.name", Readonly));

    [Fact]
    public Task WrittenInLambdaInsideStaticConstructor_ReportedAsState() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        static class Link
        {
            static string {|#0:state|} = "down";
            public static Action Up;
            static Link() { Up = () => state = "up"; }
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("Link.state", State),
        VerifyCS.Diagnostic().WithSpan(5, 26, 5, 28).WithArguments("Link.Up", Readonly));

    [Fact]
    public Task NeverWrittenLookupArray_ReportedWithMakeReadonly() => VerifyCS.VerifyAnalyzerAsync("""
        static class Checksum
        {
            private static ushort[] {|#0:table|} = { 0x0000, 0x1021, 0x2042 };
            public static ushort At(int i) => table[i & 1];
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("Checksum.table", Readonly));

    [Fact]
    public Task NeverReassignedButMutableCollection_ReportedAsState() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        static class Routes
        {
            private static List<string> {|#0:table|} = new();
            public static void Add(string r) => table.Add(r);
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("Routes.table", State));

    [Fact]
    public Task VolatileNeverWritten_ReportedAsState() => VerifyCS.VerifyAnalyzerAsync("""
        static class Dev
        {
            private static volatile bool {|#0:up|} = true;
            public static bool Up => up;
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("Dev.up", State));

    [Fact]
    public Task ConstAndReadonlyAndInstance_NotReported() => VerifyCS.VerifyAnalyzerAsync("""
        class Eth
        {
            public const int HeaderLength = 14;
            static readonly int MinFrame = 60;
            int instanceCounter;
            public int Next() => instanceCounter++ + MinFrame + HeaderLength;
        }
        """);

    [Fact]
    public Task ThreadStaticField_NotReportedHere() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        static class Scratch
        {
            [ThreadStatic] static byte[]? buffer;
            public static byte[] Get() => buffer ??= new byte[2048];
        }
        """);

    [Fact]
    public Task LoggerField_NotReported() => VerifyCS.VerifyAnalyzerAsync("""
        namespace Microsoft.Extensions.Logging { public interface ILogger { } public interface ILogger<T> : ILogger { } }
        namespace Stack
        {
            using Microsoft.Extensions.Logging;
            static class Arp
            {
                public static ILogger? Log;
                public static ILogger<string>? Typed;
                public static void Set(ILogger l) => Log = l;
            }
        }
        """);

    [Fact]
    public Task MarkedSharedAcrossContexts_NotReported() => VerifyCS.VerifyAnalyzerAsync("""
        using PerNet;
        static class Devices
        {
            [SharedAcrossContexts("ifindex numbers are unique in the whole process")]
            static int nextIfIndex = 1;
            public static int Next() => nextIfIndex++;
        }
        [SharedAcrossContexts("process-wide feature flags")]
        static class Features { public static bool Gro; }
        """);

    [Fact]
    public Task OutsideConfiguredScope_NotReported() => VerifyCS.VerifyAnalyzerAsync("""
        namespace Stack.Ipv4 { static class Route { public static int [|Count|]; } }
        namespace Tools { static class Cli { public static int Verbosity; } }
        """, globalConfig: "pernet.scope = Stack");

    [Fact]
    public Task ConfiguredSharedType_NotReported() => VerifyCS.VerifyAnalyzerAsync("""
        namespace Telemetry { public class Tracer { public int Depth; } }
        static class Arp { public static Telemetry.Tracer? Trace; }
        """, globalConfig: "pernet.shared_types = Telemetry.Tracer");

    [Fact]
    public Task AutoPropertyAndEventBackingFields_NotReportedHere() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        static class Link
        {
            public static bool Up { get; set; }
            public static event EventHandler? Changed;
            public static void Raise() => Changed?.Invoke(null, EventArgs.Empty);
        }
        """);

    [Fact]
    public Task StaticConstructorMixingStateAndKeptStatics_MessageSaysWhyNoMigration() => VerifyCS.VerifyAnalyzerAsync("""
        static class Mixed
        {
            static int {|#0:moved|};
            static readonly int[] kept;
            static Mixed() { kept = new int[moved = 4]; }
            public static int Get() => moved++ + kept[0];
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("Mixed.moved",
            StateMessage + " (no automatic migration: a statement of its static constructor sets both state and statics that stay; split it first)"));
}
