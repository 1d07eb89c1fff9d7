using VerifyField = PerNet.Analyzers.Tests.CSharpAnalyzerVerifier<PerNet.Analyzers.MutableStaticFieldAnalyzer>;
using VerifyReadonly = PerNet.Analyzers.Tests.CSharpAnalyzerVerifier<PerNet.Analyzers.StaticReadonlyMutableValueAnalyzer>;

namespace PerNet.Analyzers.Tests;

/// <summary>
/// Values that are mutable in principle and never changed in effect, judged by following what they hold through
/// the library's own code (fields, parameters, locals, return values), each next to its boundary case: the same
/// shape where something does write (lessons from protocol data types, lazily made providers and published
/// tables of libraries labelled before the tool first ran on them).
/// </summary>
public class ReadOnlyInEffectTests
{
    private const string State = "is mutable state shared by every context; move it into per-context state";

    /// <summary>An encoder's helper: writes its bytes to a stream, never into them.</summary>
    private const string Wire = """
        using System.IO;
        static class Wire
        {
            internal static void Append(this Stream stream, byte type, byte[] raw)
            {
                if (raw == null) throw new System.ArgumentNullException(nameof(raw));
                stream.WriteByte(type);
                stream.Write(raw, 0, raw.Length);
            }
        }

        """;

    // ---- a memo of encoded bytes, handed to a helper ----

    [Fact]
    public Task MemoBytesOnlyWrittenToAStream_SentinelNotReported() => VerifyReadonly.VerifyAnalyzerAsync(Wire + """
        public sealed class Integer
        {
            private readonly int _value;
            private byte[]? _raw;
            public Integer(int value) { _value = value; }
            public void WriteTo(Stream stream)
            {
                _raw ??= System.BitConverter.GetBytes(_value);
                stream.Append(2, _raw);
            }
            public static readonly Integer Zero = new(0);
        }
        """);

    [Fact]
    public Task MemoBytesHandedToAHelperThatWritesThem_Reported() => VerifyReadonly.VerifyAnalyzerAsync(Wire + """
        static class Scramble { internal static void InPlace(byte[] bytes) { for (var i = 0; i < bytes.Length; i++) bytes[i] ^= 0x5a; } }
        public sealed class Integer
        {
            private readonly int _value;
            private byte[]? _raw;
            public Integer(int value) { _value = value; }
            public void WriteTo(Stream stream)
            {
                _raw ??= System.BitConverter.GetBytes(_value);
                Scramble.InPlace(_raw);
                stream.Append(2, _raw);
            }
            public static readonly Integer {|#0:Zero|} = new(0);
        }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Integer.Zero", "Integer", ""));

    // ---- internal bytes returned by a method of a value-like type (its identity is its content) ----

    [Fact]
    public Task BytesReturnedToCallersThatOnlyRead_NotReported() => VerifyReadonly.VerifyAnalyzerAsync(Wire + """
        public sealed class Oid
        {
            private readonly uint[] _parts;
            private byte[]? _raw;
            public Oid(params uint[] parts) { _parts = (uint[])parts.Clone(); }
            public byte[] GetRaw()
            {
                if (_raw != null)
                    return _raw;
                var bytes = new byte[_parts.Length];
                for (var i = 0; i < bytes.Length; i++) bytes[i] = (byte)_parts[i];
                return _raw = bytes;
            }
            public void WriteTo(Stream stream) => stream.Append(6, GetRaw());
            public uint First => _parts[0];
            public override bool Equals(object? obj) => obj is Oid other && other.First == First;
            public override int GetHashCode() => (int)First;
        }
        public static class Errors { public static readonly Oid Decryption = new(1, 3, 6, 1); }
        """);

    [Fact]
    public Task BytesReturnedToACallerThatWritesThem_Reported() => VerifyReadonly.VerifyAnalyzerAsync(Wire + """
        public sealed class Oid
        {
            private readonly uint[] _parts;
            private byte[]? _raw;
            public Oid(params uint[] parts) { _parts = (uint[])parts.Clone(); }
            public byte[] GetRaw() => _raw ??= new byte[_parts.Length];
            public void Patch() { var raw = GetRaw(); raw[0] = 42; }
            public override bool Equals(object? obj) => obj is Oid other && other._parts[0] == _parts[0];
            public override int GetHashCode() => (int)_parts[0];
        }
        public static class Errors { public static readonly Oid {|#0:Decryption|} = new(1, 3, 6, 1); }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Errors.Decryption", "Oid", ""));

    // ---- a private list filled while the instance is built ----

    [Fact]
    public Task ListFilledInTheConstructorThenOnlyRead_NotReported() => VerifyReadonly.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        public sealed class Sequence
        {
            private readonly List<int> _items = new();
            public Sequence(params int[] items) { foreach (var item in items) _items.Add(item); }
            public int Count => _items.Count;
            public int this[int index] => _items[index];
            public static readonly Sequence Empty = new();
        }
        """);

    [Fact]
    public Task ListAddedToAfterConstruction_Reported() => VerifyReadonly.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        public sealed class Sequence
        {
            private readonly List<int> _items = new();
            public Sequence(params int[] items) { foreach (var item in items) _items.Add(item); }
            public void Append(int item) => _items.Add(item);
            public static readonly Sequence {|#0:Empty|} = new();
        }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Sequence.Empty", "Sequence", ""));

    // ---- a member never given a value ----

    [Fact]
    public Task GetOnlyPropertyLeftNull_HoldsNothing_NotReported() => VerifyReadonly.VerifyAnalyzerAsync("""
        public interface IChannel { void Close(); }
        sealed class FallbackConsumer
        {
            public IChannel? Channel { get; } = null;
            public void Handle(string tag) { }
        }
        static class Dispatcher { static readonly FallbackConsumer s_fallback = new FallbackConsumer(); public static void Use() => s_fallback.Handle("x"); }
        """);

    [Fact]
    public Task GetOnlyPropertySetByTheConstructor_Reported() => VerifyReadonly.VerifyAnalyzerAsync("""
        public interface IChannel { void Close(); }
        sealed class Consumer
        {
            public Consumer(IChannel? channel) { Channel = channel; }
            public IChannel? Channel { get; }
        }
        sealed class Closed : IChannel { public bool Done; public void Close() => Done = true; }
        static class Dispatcher { static readonly Consumer {|#0:s_consumer|} = new Consumer(new Closed()); public static void Use() => s_consumer.Channel?.Close(); }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Dispatcher.s_consumer", "Consumer", ""));

    // ---- a lazily made singleton ----

    [Fact]
    public Task LazilyMadeStatelessProvider_NotReported() => VerifyField.VerifyAnalyzerAsync("""
        public interface IAuthenticationProvider { byte[] Hash(byte[] data); }
        public sealed class DefaultAuthenticationProvider : IAuthenticationProvider
        {
            private DefaultAuthenticationProvider() { }
            private static IAuthenticationProvider? _instance;
            public static IAuthenticationProvider Instance => _instance ??= new DefaultAuthenticationProvider();
            public byte[] Hash(byte[] data) => data;
        }
        public sealed class DefaultPrivacyProvider
        {
            private static DefaultPrivacyProvider? _defaultInstance;
            public static DefaultPrivacyProvider DefaultInstance
            {
                get
                {
                    if (_defaultInstance == null)
                        _defaultInstance = new DefaultPrivacyProvider();
                    return _defaultInstance;
                }
            }
        }
        """);

    [Fact]
    public Task LazilyMadeCounter_Reported() => VerifyField.VerifyAnalyzerAsync("""
        public sealed class Counter
        {
            private int _next;
            public int Next() => ++_next;
            private static Counter? {|#0:_shared|};
            public static Counter Shared => _shared ??= new Counter();
        }
        """, VerifyField.Diagnostic().WithLocation(0).WithArguments("Counter._shared", State));

    // ---- a table handed out through an interface ----

    [Fact]
    public Task ArrayReturnedAsICollection_NotReported() => VerifyReadonly.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        public static class ExchangeType
        {
            public const string Direct = "direct", Topic = "topic";
            private static readonly string[] s_all = { Direct, Topic };
            public static ICollection<string> All() { return s_all; }
        }
        """);

    [Fact]
    public Task ArrayReturnedAsIList_Reported() => VerifyReadonly.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        public static class ExchangeType
        {
            public const string Direct = "direct", Topic = "topic";
            private static readonly string[] {|#0:s_all|} = { Direct, Topic };
            public static IList<string> All() { return s_all; }
        }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "ExchangeType.s_all", "string[]", ""));
}
