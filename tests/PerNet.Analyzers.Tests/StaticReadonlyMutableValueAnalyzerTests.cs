using VerifyCS = PerNet.Analyzers.Tests.CSharpAnalyzerVerifier<PerNet.Analyzers.StaticReadonlyMutableValueAnalyzer>;

namespace PerNet.Analyzers.Tests;

public class StaticReadonlyMutableValueAnalyzerTests
{
    [Fact]
    public Task StaticReadonlyDictionary_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        using System.Net;
        static class Arp
        {
            static readonly Dictionary<IPAddress, byte[]> {|#0:cache|} = new();
            public static bool TryGet(IPAddress ip, out byte[]? mac) => cache.TryGetValue(ip, out mac);
            public static void Learn(IPAddress ip, byte[] mac) => cache[ip] = mac;
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("field", "Arp.cache", "Dictionary<IPAddress, byte[]>", TestReferences.NoRuntime));

    [Fact]
    public Task RoutingTableList_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        record Route(uint Prefix, int Length, string Device);
        static class Fib
        {
            static readonly List<Route> [|routes|] = new();
            public static void Add(Route r) { routes.Add(r); routes.Sort((a, b) => b.Length - a.Length); }
        }
        """);

    [Fact]
    public Task SocketPortTableConcurrentDictionary_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Collections.Concurrent;
        static class UdpPorts
        {
            internal static readonly ConcurrentDictionary<int, object> [|Bound|] = new();
        }
        """);

    [Theory]
    [InlineData("System.Text.StringBuilder", "new()")]
    [InlineData("System.Random", "new(42)")]
    [InlineData("System.Diagnostics.Stopwatch", "System.Diagnostics.Stopwatch.StartNew()")]
    [InlineData("System.Collections.Generic.Queue<byte[]>", "new()")]
    [InlineData("System.Collections.Generic.HashSet<int>", "new()")]
    [InlineData("System.IO.MemoryStream", "new()")]
    [InlineData("System.Threading.CancellationTokenSource", "new()")]
    public Task MutableBclValue_Reported(string type, string initializer) => VerifyCS.VerifyAnalyzerAsync($$"""
        static class Holder
        {
            internal static readonly {{type}} [|value|] = {{initializer}};
        }
        """);

    [Fact]
    public Task UserClassWithSetter_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        class IcmpConfig { public bool EchoIgnoreAll { get; set; } }
        static class Icmp { static readonly IcmpConfig [|config|] = new(); public static void IgnoreEchoes() => config.EchoIgnoreAll = true; }
        """);

    [Fact]
    public Task UserClassWithWritableField_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        class Mib { public long InDatagrams; }
        static class Udp { public static readonly Mib [|Stats|] = new(); public static void Received() => Stats.InDatagrams++; }
        """);

    [Fact]
    public Task InterfaceDeclaredConcreteDictionary_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        static class Neigh
        {
            static readonly IDictionary<string, int> [|table|] = new Dictionary<string, int>();
            public static void Add(string n) => table[n] = 1;
        }
        """);

    [Fact]
    public Task ObjectDeclaredHoldingList_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        static class Legacy
        {
            static readonly object [|bag|] = new System.Collections.ArrayList();
            public static object Bag => bag;
            public static void Fill() => ((System.Collections.ArrayList)Bag).Add(1);
        }
        """);

    [Fact]
    public Task InterfaceFromUnknownFactory_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        static class Devices
        {
            static readonly ICollection<string> [|names|];
            static Devices() { names = Make(); }
            static ICollection<string> Make() => new List<string>();
            public static void Add(string name) => names.Add(name);
        }
        """);

    [Fact]
    public Task ArrayElementWrittenAfterInit_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        static class Stats
        {
            static readonly long[] [|counters|] = new long[16];
            public static void Bump(int i) => counters[i]++;
        }
        """);

    [Fact]
    public Task ArrayReturnedFromMethod_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        static class Mac
        {
            private static readonly byte[] [|broadcast|] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
            public static byte[] Broadcast() => broadcast;
            public static void Spoof() => Broadcast()[0] = 0x02; // a caller writes what it returns
        }
        """);

    [Fact]
    public Task ArrayReturnedFromMethodWhoseCallersOnlyRead_NotReported() => VerifyCS.VerifyAnalyzerAsync("""
        static class Mac
        {
            private static readonly byte[] broadcast = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
            public static byte[] Broadcast() => broadcast;
            public static bool IsBroadcast(byte[] mac) => mac.Length == 6 && mac[0] == Broadcast()[0];
        }
        """);

    [Fact]
    public Task PublicArrayReturnedFromPublicMethod_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        public static class Mac
        {
            private static readonly byte[] [|broadcast|] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
            public static byte[] Broadcast() => broadcast; // other assemblies may write it
        }
        """);

    [Fact]
    public Task ArrayPassedToOwnMethod_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        static class Frames
        {
            private static readonly byte[] [|scratch|] = new byte[64];
            static void Fill(byte[] b) => b[0] = 1;
            public static void Build() => Fill(scratch);
        }
        """);

    [Fact]
    public Task ArraySortedOrFilledByBcl_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        static class Tables
        {
            private static readonly int[] [|order|] = { 3, 1, 2 };
            private static readonly byte[] [|pad|] = new byte[8];
            public static void Reset() { Array.Sort(order); pad.AsSpan().Fill(0); }
        }
        """);

    [Fact]
    public Task PublicArrayWrittenOutAndNeverWrittenHere_NotReported() => VerifyCS.VerifyAnalyzerAsync("""
        public static class Ethernet
        {
            public static readonly byte[] BroadcastMac = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
        }
        """);

    [Fact]
    public Task PublicArrayWrittenIntoHere_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        public static class Ethernet
        {
            public static readonly byte[] [|LocalMac|] = { 0x02, 0, 0, 0, 0, 0x01 };
            public static void Assign(byte last) => LocalMac[5] = last;
        }
        """);

    [Fact]
    public Task GetOnlyAutoPropertyList_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        static class Devices
        {
            public static List<string> {|#0:Names|} { get; } = new();
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("property", "Devices.Names", "List<string>", TestReferences.NoRuntime));

    [Fact]
    public Task ReadonlyStructHoldingList_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        public readonly struct Bucket { public readonly List<int> Items; public Bucket(List<int> i) => Items = i; }
        static class Hash { static readonly Bucket [|bucket|] = new(new List<int>()); }
        """);

    [Theory]
    [InlineData("string", "\"eth0\"")]
    [InlineData("int", "1500")]
    [InlineData("System.TimeSpan", "System.TimeSpan.FromSeconds(30)")]
    [InlineData("System.DayOfWeek", "System.DayOfWeek.Monday")]
    [InlineData("System.Net.IPAddress", "System.Net.IPAddress.Loopback")]
    [InlineData("System.Type", "typeof(int)")]
    [InlineData("System.Guid", "System.Guid.Empty")]
    [InlineData("System.Func<int, int>", "x => x + 1")]
    [InlineData("object", "new object()")]
    [InlineData("System.Text.Encoding", "System.Text.Encoding.ASCII")]
    [InlineData("System.Text.RegularExpressions.Regex", "new(\"^eth[0-9]+$\")")]
    [InlineData("(int Port, string Name)", "(53, \"dns\")")]
    public Task ImmutableValue_NotReported(string type, string initializer) => VerifyCS.VerifyAnalyzerAsync($$"""
        static class Defaults
        {
            static readonly {{type}} value = {{initializer}};
        }
        """);

    [Fact]
    public Task PrivateLookupCollectionsFilledAtInitialization_NotReported() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        static class Services
        {
            private static readonly Dictionary<int, string> names = new() { [7] = "echo", [9] = "discard", [53] = "domain" };
            private static readonly HashSet<int> privileged = new();
            private static readonly IDictionary<string, int> byName = new Dictionary<string, int>();
            static Services()
            {
                for (var p = 0; p < 1024; p++) privileged.Add(p);
                foreach (var pair in names) byName[pair.Value] = pair.Key;
            }
            public static string Name(int port) => names.TryGetValue(port, out var n) ? n : port.ToString();
            public static bool IsPrivileged(int port) => privileged.Contains(port);
            public static int Count => names.Count + byName.Count;
            public static IReadOnlyDictionary<int, string> All => names;
            public static string Joined => string.Join(",", names.Values);
        }
        """);

    [Fact]
    public Task PrivateCollectionMutatedOrHandedOutAfterInitialization_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        static class Neighbours
        {
            private static readonly Dictionary<int, string> [|learnt|] = new();
            private static readonly List<int> [|handedOut|] = new() { 1, 2 };
            private static readonly HashSet<int> [|clearedInLambda|] = new();
            public static void Learn(int ip) => learnt.TryAdd(ip, "x");
            public static List<int> Items() => handedOut;
            public static void More() => Items().Add(3);
            public static System.Action Reset = () => clearedInLambda.Clear();
        }
        """);

    [Fact]
    public Task InternalLookupCollection_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        static class Services
        {
            internal static readonly Dictionary<int, string> [|Names|] = new() { [7] = "echo" };
        }
        """);

    [Fact]
    public Task ImmutableAndFrozenCollections_NotReported() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Collections.Frozen;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        static class Protocols
        {
            static readonly ImmutableArray<int> numbers = ImmutableArray.Create(1, 6, 17);
            static readonly ImmutableDictionary<int, string> names = ImmutableDictionary<int, string>.Empty;
            static readonly FrozenDictionary<int, string> frozen = new Dictionary<int, string> { [6] = "tcp" }.ToFrozenDictionary();
        }
        """);

    [Fact]
    public Task ConstantLookupTable_NotReported() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        using System.Linq;
        static class IcmpTypes
        {
            private static readonly string[] names = { "echo-reply", "", "", "unreachable" };
            private static readonly byte[] prefixMasks = { 0, 128, 192, 224, 240, 248, 252, 254, 255 };
            public static string Name(int t) => t < names.Length ? names[t] : "?";
            public static int Count() { var n = 0; foreach (var s in names) n += s.Length; return n; }
            public static ReadOnlySpan<byte> Masks => prefixMasks;
            public static int IndexOf(byte m) => Array.IndexOf(prefixMasks, m);
            public static bool Known(string s) => names.Contains(s);
            public static int Sum() => prefixMasks.AsSpan().ToArray().Length + prefixMasks.Sum(b => b);
        }
        """);

    [Fact]
    public Task CrcTableFilledInStaticConstructor_NotReported() => VerifyCS.VerifyAnalyzerAsync("""
        static class Crc32
        {
            private static readonly uint[] table = new uint[256];
            static Crc32()
            {
                for (uint i = 0; i < 256; i++)
                {
                    var c = i;
                    for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
                    table[i] = c;
                }
            }
            public static uint Update(uint crc, byte b) => table[(crc ^ b) & 0xff] ^ (crc >> 8);
        }
        """);

    [Fact]
    public Task InternalTableReadFromOtherType_NotReported() => VerifyCS.VerifyAnalyzerAsync("""
        static class Tables { internal static readonly ushort[] Ports = { 7, 9, 13 }; }
        static class Use { public static ushort First() => Tables.Ports[0]; }
        """);

    [Fact]
    public Task ImmutableRecordsAndStructs_NotReported() => VerifyCS.VerifyAnalyzerAsync("""
        record Mtu(int Value);
        readonly record struct Prefix(uint Address, int Length);
        sealed class Limits { public readonly int Max; public string Name { get; } = "x"; }
        struct Pair { public int A; public int B; }
        static class Config
        {
            static readonly Mtu mtu = new(1500);
            static readonly Prefix loopback = new(0x7f000000, 8);
            static readonly Limits limits = new();
            static readonly Pair pair = new();
        }
        """);

    [Fact]
    public Task ReadOnlyViewsOfImmutableElements_NotReported() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        static class Services
        {
            static readonly IReadOnlyList<int> wellKnown = new[] { 7, 9, 13 };
            static readonly IReadOnlyList<string> names = ["echo", "discard"];
            static readonly IEnumerable<int> empty = [];
        }
        """);

    [Fact]
    public Task EmptyPublicArray_NotReported() => VerifyCS.VerifyAnalyzerAsync("""
        public static class Buffers
        {
            public static readonly byte[] Empty = System.Array.Empty<byte>();
            public static readonly int[] None = new int[0];
        }
        """);

    [Fact]
    public Task ProcessWideServices_NotReported() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Buffers;
        using System.Diagnostics;
        using System.Diagnostics.Metrics;
        namespace Microsoft.Extensions.Logging { public interface ILogger { } class NullLogger : ILogger { } }
        static class Telemetry
        {
            static readonly Microsoft.Extensions.Logging.ILogger log = null!;
            static readonly Meter meter = new("Stack");
            static readonly Counter<long> packets = meter.CreateCounter<long>("packets");
            static readonly ActivitySource source = new("Stack");
            static readonly ArrayPool<byte> pool = ArrayPool<byte>.Shared;
            static readonly System.Net.Http.HttpClient http = new();
            static readonly System.Text.Json.JsonSerializerOptions json = new() { WriteIndented = true };
        }
        """);

    [Fact]
    public Task ConfiguredImmutableType_NotReported() => VerifyCS.VerifyAnalyzerAsync("""
        namespace Net { public class Mac { public byte[] Bytes = new byte[6]; } }
        static class Known { static readonly Net.Mac gateway = new(); }
        """, globalConfig: "pernet.immutable_types = Net.Mac");

    [Fact]
    public Task ConfiguredImmutableNamespacePattern_NotReported() => VerifyCS.VerifyAnalyzerAsync("""
        namespace Net.Values { public class Mac { public byte[] Bytes = new byte[6]; } }
        static class Known { static readonly Net.Values.Mac gateway = new(); }
        """, globalConfig: "pernet.immutable_types = Other.Type, Net.Values.*");

    [Fact]
    public Task MarkedSharedAcrossContexts_NotReported() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Collections.Concurrent;
        static class Interning
        {
            [PerNet.SharedAcrossContexts("interned names are identical in every context")]
            static readonly ConcurrentDictionary<string, string> names = new();
        }
        """);

    /// <summary>
    /// A wrapper whose only field is declared as an abstract class of its own: it holds one of its subclasses, and a
    /// pool that changes on every Get is state. With only immutable subclasses, the wrapper is immutable.
    /// </summary>
    [Fact]
    public Task FieldDeclaredAsOwnAbstractClass_JudgedByItsSubclasses() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Text;
        using System.Threading;

        abstract class ObjectPool<T> where T : class
        {
            public abstract T Get();
            public abstract void Return(T item);
        }

        sealed class DefaultObjectPool<T> : ObjectPool<T> where T : class, new()
        {
            private T? _first;
            public override T Get() => Interlocked.Exchange(ref _first, null) ?? new T();
            public override void Return(T item) => Interlocked.CompareExchange(ref _first, item, null);
        }

        static class Pools { public static ObjectPool<StringBuilder> Create(int capacity) => new DefaultObjectPool<StringBuilder>(); }

        abstract class Codec { public abstract int Size { get; } }
        sealed class FixedCodec : Codec { public override int Size => 4; }

        public sealed class BuilderPool
        {
            private readonly ObjectPool<StringBuilder> _pool;
            public BuilderPool(int capacity = 16) { _pool = Pools.Create(capacity); } // the subclass is not seen where the field is assigned
            public static BuilderPool {|#0:Default|} { get; } = new BuilderPool();
            public StringBuilder Get() => _pool.Get();
        }

        public sealed class Codecs
        {
            private readonly Codec _codec = new FixedCodec();
            public static Codecs Default { get; } = new Codecs();
            public int Size => _codec.Size;
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("property", "BuilderPool.Default", "BuilderPool", TestReferences.NoRuntime));
}
