using PerNet.CodeFixes.Migration;
using VerifyField = PerNet.Analyzers.Tests.CSharpAnalyzerVerifier<PerNet.Analyzers.MutableStaticFieldAnalyzer>;
using VerifyProperty = PerNet.Analyzers.Tests.CSharpAnalyzerVerifier<PerNet.Analyzers.MutableStaticPropertyAnalyzer>;
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
    private const string State = "is mutable state shared by every context; move it into per-context state" + TestReferences.NoRuntime;

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
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Integer.Zero", "Integer", TestReferences.NoRuntime));

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
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Errors.Decryption", "Oid", TestReferences.NoRuntime));

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
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Sequence.Empty", "Sequence", TestReferences.NoRuntime));

    // ---- a sentinel of a mutable class, never changed ----

    private const string Registry = """
        using System.Collections.Generic;
        public sealed class UserRegistry
        {
            private readonly Dictionary<string, string> _users = new();
            public UserRegistry Add(string name, string key) { _users[name] = key; return this; }
            public string? Find(string name) => _users.TryGetValue(name, out var key) ? key : null;
        }
        static class Parser
        {
            public static string Parse(byte[] bytes, UserRegistry registry) => registry.Find(bytes.Length.ToString()) ?? "none";
        }

        """;

    /// <summary>An empty registry a discovery probe parses with: every use only looks users up.</summary>
    [Fact]
    public Task PrivateEmptyRegistryOnlyLookedUp_NotReported() => VerifyReadonly.VerifyAnalyzerAsync(Registry + """
        public sealed class Discovery
        {
            private static readonly UserRegistry Empty = new();
            public string Probe(byte[] reply) => Parser.Parse(reply, Empty);
        }
        """);

    [Fact]
    public Task PrivateRegistryAddedToThroughAHelper_Reported() => VerifyReadonly.VerifyAnalyzerAsync(Registry + """
        static class Learn { public static void From(UserRegistry registry, string name) => registry.Add(name, "k"); }
        public sealed class Discovery
        {
            private static readonly UserRegistry {|#0:Known|} = new();
            public string Probe(byte[] reply) { Learn.From(Known, "x"); return Parser.Parse(reply, Known); }
        }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Discovery.Known", "UserRegistry", TestReferences.NoRuntime));

    /// <summary>A generator whose getter counts: reading <c>NextId</c> changes it, whatever the name says.</summary>
    [Fact]
    public Task PrivateGeneratorWhoseGetterCounts_Reported() => VerifyReadonly.VerifyAnalyzerAsync("""
        public sealed class NumberGenerator
        {
            private int _salt;
            public int NextId => ++_salt;
        }
        public static class Messenger
        {
            private static readonly NumberGenerator {|#0:MessageCounter|} = new();
            public static int Next() => MessageCounter.NextId;
        }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Messenger.MessageCounter", "NumberGenerator", TestReferences.NoRuntime));

    /// <summary>Public, it is reachable from other assemblies, and its type lets them add: state.</summary>
    [Fact]
    public Task PublicEmptyRegistryOfATypeOthersCanAddTo_Reported() => VerifyReadonly.VerifyAnalyzerAsync(Registry + """
        public sealed class Discovery
        {
            public static readonly UserRegistry {|#0:Empty|} = new();
            public string Probe(byte[] reply) => Parser.Parse(reply, Empty);
        }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Discovery.Empty", "UserRegistry", TestReferences.NoRuntime));

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
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Dispatcher.s_consumer", "Consumer", TestReferences.NoRuntime));

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

    /// <summary>Made from a get-only static (itself a lazily made provider): the same object in every context.</summary>
    [Fact]
    public Task LazilyMadeFromAGetOnlyStatic_NotReported() => VerifyField.VerifyAnalyzerAsync("""
        interface IAuth { }
        sealed class NoAuth : IAuth { private static IAuth? _instance; public static IAuth Instance => _instance ??= new NoAuth(); }
        sealed class Privacy
        {
            private readonly IAuth _auth;
            public Privacy(IAuth auth) { _auth = auth; }
            private static Privacy? _default;
            public static Privacy Default => _default ??= new Privacy(NoAuth.Instance);
        }
        """);

    /// <summary>
    /// The same shape where one implementation of the internal interface keeps a count: the provider is judged by the one
    /// it holds, a stateless default every context would share (the counting one held: LazilyMadeHoldingACountingImplementation_Reported).
    /// </summary>
    [Fact]
    public Task LazilyMadeHoldingAnInterfaceWithAMutableImplementation_JudgedByTheOneItHolds_NotReported() => VerifyField.VerifyAnalyzerAsync("""
        interface IAuth { }
        sealed class NoAuth : IAuth { private static IAuth? _instance; public static IAuth Instance => _instance ??= new NoAuth(); }
        sealed class CountingAuth : IAuth { private int _uses; public int Use() => ++_uses; }
        sealed class Privacy
        {
            private readonly IAuth _auth;
            public Privacy(IAuth auth) { _auth = auth; }
            private static Privacy? _default;
            public static Privacy Default => _default ??= new Privacy(NoAuth.Instance);
        }
        """);

    // ---- an object judged by what its constructor stores in it ----

    /// <summary>A scope of a data class can hold a growing sequence; the one made from a PDU alone holds none.</summary>
    private const string Scopes = """
        using System.Collections.Generic;
        public sealed class Sequence { private readonly List<int> _items = new(); public void Add(int item) => _items.Add(item); }
        public interface IPdu { int Kind { get; } }
        public sealed class Pdu : IPdu { public int Kind => 2; }
        public sealed class Scope
        {
            private readonly Sequence? _container;
            public Scope(Sequence data) { _container = data ?? throw new System.ArgumentNullException(nameof(data)); Pdu = new Pdu(); }
            public Scope(IPdu pdu) { Pdu = pdu ?? throw new System.ArgumentNullException(nameof(pdu)); }
            public IPdu Pdu { get; } // a public interface: anyone may implement it; this scope holds the stateless one
            public Sequence ToSequence() => _container ?? new Sequence();
        }

        """;

    [Fact]
    public Task MadeByAConstructorThatLeavesTheMutableFieldNull_NotReported() => VerifyReadonly.VerifyAnalyzerAsync(Scopes + """
        public sealed class Malformed
        {
            public static readonly Scope DefaultScope = new(new Pdu());
            public int Kind => DefaultScope.Pdu.Kind;
        }
        """);

    [Fact]
    public Task MadeByTheConstructorThatStoresTheMutableField_Reported() => VerifyReadonly.VerifyAnalyzerAsync(Scopes + """
        public sealed class Malformed
        {
            public static readonly Scope {|#0:DefaultScope|} = new(new Sequence());
            public int Kind => DefaultScope.Pdu.Kind;
        }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Malformed.DefaultScope", "Scope", TestReferences.NoRuntime));

    /// <summary>Another name for a default (<c>Default = V1</c>): it holds the object that one holds, judged as that one is made.</summary>
    [Fact]
    public Task AliasOfAStaticMadeByAConstructorThatLeavesTheMutableFieldNull_NotReported() => VerifyReadonly.VerifyAnalyzerAsync(Scopes + """
        public sealed class Malformed
        {
            public static readonly Scope DefaultScope = new(new Pdu());
            public static readonly Scope CurrentScope = DefaultScope;
            public int Kind => CurrentScope.Pdu.Kind;
        }
        """);

    [Fact]
    public Task AliasOfAStaticMadeByTheConstructorThatStoresTheMutableField_Reported() => VerifyReadonly.VerifyAnalyzerAsync(Scopes + """
        public sealed class Malformed
        {
            public static readonly Scope {|#0:DefaultScope|} = new(new Sequence());
            public static readonly Scope {|#1:CurrentScope|} = DefaultScope;
            public int Kind => CurrentScope.Pdu.Kind;
        }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Malformed.DefaultScope", "Scope", TestReferences.NoRuntime),
        VerifyReadonly.Diagnostic().WithLocation(1).WithArguments("field", "Malformed.CurrentScope", "Scope", TestReferences.NoRuntime));

    /// <summary>A generic class's constructor is bound in terms of its type parameters: what it stores is still seen.</summary>
    [Fact]
    public Task MadeByAGenericConstructorThatStoresADictionary_Reported() => VerifyReadonly.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        public sealed class Cache<TKey, TValue> where TKey : notnull
        {
            private readonly Dictionary<TKey, TValue> _entries;
            public Cache(int capacity) { _entries = new Dictionary<TKey, TValue>(capacity); }
            public void Add(TKey key, TValue value) => _entries[key] = value;
        }
        public sealed class KeyCache
        {
            private readonly Cache<string, byte[]> _keys;
            public KeyCache(int capacity) { _keys = new Cache<string, byte[]>(capacity); }
            public void Remember(string password, byte[] key) => _keys.Add(password, key);
        }
        public static class Md5
        {
            private static readonly KeyCache {|#0:Keys|} = new(100);
            public static void Remember(string password, byte[] key) => Keys.Remember(password, key);
        }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Md5.Keys", "KeyCache", TestReferences.NoRuntime));

    // ---- where the construction does not tell what the object holds (from a review of the rule) ----

    /// <summary>The constructor changes its parameter before it stores it: the object holds a list, not the null it was handed.</summary>
    [Fact]
    public Task ParameterChangedBeforeItIsStored_Reported() => VerifyReadonly.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        public sealed class Holder
        {
            private readonly List<int>? _items;
            public Holder(List<int>? items) { items ??= new(); _items = items; }
            public void Add(int item) => _items!.Add(item);
        }
        public static class Holders
        {
            public static readonly Holder {|#0:Default|} = new Holder(null);
        }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Holders.Default", "Holder", TestReferences.NoRuntime));

    /// <summary>A struct field left unassigned still changes in place, through its own methods.</summary>
    [Fact]
    public Task StructFieldChangedInPlace_Reported() => VerifyReadonly.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        public struct Tally { private List<int>? _seen; public void Add(int x) => (_seen ??= new()).Add(x); }
        public sealed class Counter
        {
            private Tally _tally;
            public void Add(int x) => _tally.Add(x);
        }
        public static class Counters
        {
            public static readonly Counter {|#0:Default|} = new Counter();
        }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Counters.Default", "Counter", TestReferences.NoRuntime));

    /// <summary>An argument converted by a user-defined operator: the object holds what the operator made, not the constant.</summary>
    [Fact]
    public Task ValueMadeByAUserDefinedConversion_Reported() => VerifyReadonly.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        public sealed class Bag
        {
            public readonly List<int> Items = new();
            public static implicit operator Bag(int capacity) => new Bag();
        }
        public sealed class Holder
        {
            private readonly Bag _bag;
            public Holder(Bag bag) { _bag = bag; }
            public void Add(int item) => _bag.Items.Add(item);
        }
        public static class Holders
        {
            public static readonly Holder {|#0:Default|} = new Holder(16);
        }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Holders.Default", "Holder", TestReferences.NoRuntime));

    /// <summary>
    /// A provider holds a public interface anyone may implement, and a settable list nothing here sets; the default one,
    /// made on first use, holds a stateless implementation handed by a get-only static and leaves the list null.
    /// </summary>
    private const string Providers = """
        using System.Collections.Generic;
        public interface IAuthentication { byte[] Hash(byte[] data); }
        public sealed class NoAuthentication : IAuthentication
        {
            private static IAuthentication? _instance;
            private NoAuthentication() { }
            public static IAuthentication Instance { get { return _instance ??= new NoAuthentication(); } }
            public byte[] Hash(byte[] data) => data;
        }
        public sealed class CountingAuthentication : IAuthentication
        {
            private static IAuthentication? {|#1:_shared|};
            public static IAuthentication Shared { get { return _shared ??= new CountingAuthentication(); } }
            private int _uses;
            public byte[] Hash(byte[] data) { _uses++; return data; }
        }
        public interface IPrivacy { IAuthentication Authentication { get; } }
        public sealed class Privacy : IPrivacy
        {
            public Privacy(IAuthentication authentication) { Authentication = authentication; }
            public IAuthentication Authentication { get; }
            public ICollection<string>? EngineIds { get; set; }

        """;

    [Fact]
    public Task LazilyMadeHoldingAStatelessDefaultThroughAPublicInterface_NotReported() => VerifyField.VerifyAnalyzerAsync(Providers + """
            private static IPrivacy? _default;
            public static IPrivacy Default { get { return _default ??= new Privacy(NoAuthentication.Instance); } }
        }
        """, VerifyField.Diagnostic().WithLocation(1).WithArguments("CountingAuthentication._shared", State));

    [Fact]
    public Task LazilyMadeHoldingACountingImplementation_Reported() => VerifyField.VerifyAnalyzerAsync(Providers + """
            private static IPrivacy? {|#0:_default|};
            public static IPrivacy Default { get { return _default ??= new Privacy(CountingAuthentication.Shared); } }
        }
        """, VerifyField.Diagnostic().WithLocation(1).WithArguments("CountingAuthentication._shared", State),
        VerifyField.Diagnostic().WithLocation(0).WithArguments("Privacy._default", State));

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

    // ---- a table handed to an interface of the library ----

    /// <summary>An internal interface: every implementation is in the compilation, and each only reads what it is handed.</summary>
    [Fact]
    public Task TableHandedToAnInternalInterfaceWhoseImplementationsOnlyRead_NotReported() => VerifyReadonly.VerifyAnalyzerAsync("""
        interface IDigest { int Hash(byte[] data); }
        sealed class Sum : IDigest { public int Hash(byte[] data) { var h = 0; foreach (var b in data) h += b; return h; } }
        sealed class First : IDigest { public int Hash(byte[] data) => data.Length == 0 ? 0 : data[0]; }
        static class Salt
        {
            private static readonly byte[] Pepper = { 1, 2, 3 };
            public static int Of(IDigest digest) => digest.Hash(Pepper);
        }
        """);

    [Fact]
    public Task TableHandedToAnInterfaceOneOfWhoseImplementationsWrites_Reported() => VerifyReadonly.VerifyAnalyzerAsync("""
        interface IDigest { int Hash(byte[] data); }
        sealed class Sum : IDigest { public int Hash(byte[] data) { var h = 0; foreach (var b in data) h += b; return h; } }
        sealed class InPlace : IDigest { public int Hash(byte[] data) { data[0] ^= 0xff; return data[0]; } }
        static class Salt
        {
            private static readonly byte[] {|#0:Pepper|} = { 1, 2, 3 };
            public static int Of(IDigest digest) => digest.Hash(Pepper);
        }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Salt.Pepper", "byte[]", TestReferences.NoRuntime));

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
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "ExchangeType.s_all", "string[]", TestReferences.NoRuntime));

    // ---- the evidence a verdict names ----

    /// <summary>The reason names the member of the value's type that changes and where it is assigned after construction.</summary>
    [Fact]
    public async Task Evidence_NamesTheWriteSite()
    {
        var diagnostics = await AnalyzerRunner.RunAsync("""
            public sealed class Octets
            {
                private readonly byte[] _raw;
                private byte[]? _length;
                public Octets(byte[] raw) { _raw = (byte[])raw.Clone(); }
                internal void SetLength(byte[]? length) { _length = length; }
                public int Count => _raw.Length + (_length?.Length ?? 0);
                public static readonly Octets Empty = new(new byte[0]);
            }
            """);
        var d = Assert.Single(diagnostics);
        Assert.Equal("readonly fixes the reference, but its Octets value can change (Octets._length: an array assigned after construction in SetLength (File0.cs:6))",
            d.Properties[StateVerdict.ExplanationProperty]);
    }

    // ---- a table of an internal type, handed on as an object (a property bag a serializer writes out) ----

    /// <summary>A protocol description whose capability table goes into every connection's client properties.</summary>
    internal const string Protocol = """
        using System.Collections.Generic;
        public interface IProtocol { int Port { get; } }
        internal sealed class Amqp : IProtocol
        {
            public Dictionary<string, object> Capabilities;
            public Amqp() { Capabilities = new Dictionary<string, object> { ["confirms"] = true, ["nack"] = true }; }
            public int Port => 5672;
        }
        public static class Protocols { public static readonly IProtocol {|#0:Default|} = new Amqp(); }
        internal sealed class Connection
        {
            public readonly Dictionary<string, object> ClientProperties;
            public Connection(Amqp protocol) { ClientProperties = new Dictionary<string, object> { ["capabilities"] = protocol.Capabilities, ["product"] = "stack" }; }
        }

        """;

    [Fact]
    public Task TableHandedOnAsObject_OnlyWrittenOut_NotReported() => VerifyReadonly.VerifyAnalyzerAsync(Protocol.Replace("{|#0:Default|}", "Default") + """
        static class Wire
        {
            public static int Write(object value) => value switch
            {
                IDictionary<string, object> table => WriteTable(table),
                string text => text.Length,
                _ => 0,
            };
            static int WriteTable(IDictionary<string, object> table) { var n = 0; foreach (var entry in table) n += Write(entry.Value); return n; }
        }
        """);

    [Fact]
    public Task TableHandedOnAsObject_CastBackAndWritten_Reported() => VerifyReadonly.VerifyAnalyzerAsync(Protocol + """
        static class Headers
        {
            public static void Set(object carrier, string name, string value)
            {
                if (carrier is IDictionary<string, object> headers)
                    headers[name] = value;
            }
        }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Protocols.Default", "Amqp", TestReferences.NoRuntime));

    /// <summary>The end of the tracing class of the callback tests below: a callback that writes what it casts back.</summary>
    private const string SetSentCallback = """

            private static void SetSent(object carrier)
            {
                if (carrier is IDictionary<string, object> headers)
                    headers["sent"] = true;
            }
        }
        """;

    /// <summary>
    /// The one cast back that writes is a callback's: another assembly hands it the state it was given with it, a
    /// message's own headers (typed before they became an object), never what a property bag holds.
    /// </summary>
    [Fact]
    public Task TableHandedOnAsObject_CastBackByACallbackHandedTypedState_NotReported() => VerifyReadonly.VerifyAnalyzerAsync(Protocol.Replace("{|#0:Default|}", "Default") + """
        sealed class Message { public readonly Dictionary<string, object> Headers = new(); }
        static class Tracing
        {
            public static void Stamp(Message message) => System.Threading.ThreadPool.QueueUserWorkItem(SetSent, message.Headers);
            public static void StampLater(Message message) => System.Threading.ThreadPool.QueueUserWorkItem(carrier =>
            {
                if (carrier is IDictionary<string, object> headers)
                    headers["queued"] = true;
            }, message.Headers);
        """ + SetSentCallback);

    /// <summary>The same callback handed what the property bag holds: the capabilities it casts back are the table.</summary>
    [Fact]
    public Task TableHandedOnAsObject_CallbackHandedAValueOfThePropertyBag_Reported() => VerifyReadonly.VerifyAnalyzerAsync(Protocol + """
        static class Tracing
        {
            public static void Stamp(Connection connection) => System.Threading.ThreadPool.QueueUserWorkItem(SetSent, connection.ClientProperties["capabilities"]);
        """ + SetSentCallback, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Protocols.Default", "Amqp", TestReferences.NoRuntime));

    /// <summary>
    /// A lambda handed the elements of the property bag by another assembly (its parameter is not the state the call
    /// passes, the typed seed): what it casts back may be the table.
    /// </summary>
    [Fact]
    public Task TableHandedOnAsObject_LambdaGivenTheElementsOfThePropertyBag_Reported() => VerifyReadonly.VerifyAnalyzerAsync(Protocol + """
        static class Tracing
        {
            public static int Stamp(Connection connection) => System.Linq.Enumerable.Aggregate(connection.ClientProperties.Values, 0, (n, value) =>
            {
                if (value is IDictionary<string, object> table)
                    table["stamped"] = true;
                return n + 1;
            });
        }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Protocols.Default", "Amqp", TestReferences.NoRuntime));

    /// <summary>
    /// The same callback handed the table itself as its state (typed before it became an object): followed into the
    /// callback; called directly with it, its casts are judged as before.
    /// </summary>
    [Theory]
    [InlineData("System.Threading.ThreadPool.QueueUserWorkItem(SetSent, protocol.Capabilities)")]
    [InlineData("SetSent(protocol.Capabilities)")]
    [InlineData("System.Threading.ThreadPool.QueueUserWorkItem(c => { if (c is IDictionary<string, object> h) h[\"sent\"] = true; }, protocol.Capabilities)")]
    public Task TableHandedOnAsObject_CallbackHandedTheTableItself_Reported(string call) => VerifyReadonly.VerifyAnalyzerAsync(Protocol + $$"""
        static class Tracing
        {
            public static void Stamp(Amqp protocol) => {{call}};
        """ + SetSentCallback, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Protocols.Default", "Amqp", TestReferences.NoRuntime));

    /// <summary>Handed as an object to unsafe code (or reflection), which gets its type back without a cast.</summary>
    [Fact]
    public Task TableHandedOnAsObject_ToUnsafeCode_Reported() => VerifyReadonly.VerifyAnalyzerAsync(Protocol + """
        static class Negotiation { internal static void Refuse(Amqp protocol) => System.Runtime.CompilerServices.Unsafe.As<Dictionary<string, object>>(protocol.Capabilities).Remove("nack"); }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Protocols.Default", "Amqp", TestReferences.NoRuntime));

    [Fact]
    public Task TableOfAnInternalType_WrittenByAnotherType_Reported() => VerifyReadonly.VerifyAnalyzerAsync(Protocol + """
        static class Negotiation { internal static void Refuse(Amqp protocol) => protocol.Capabilities.Remove("nack"); }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Protocols.Default", "Amqp", TestReferences.NoRuntime));
}

/// <summary>
/// Counters, settings and loggers judged by what they are and where their values go, each beside its boundary case
/// (lessons from a channel/pipeline framework's thread-local slots, pools and constants, and a server's packet log).
/// </summary>
public class SequencesSettingsAndLoggersTests
{
    private const string State = "is mutable state shared by every context; move it into per-context state" + TestReferences.NoRuntime;
    private const string Readonly = "is never written after initialization; make it readonly";

    // ---- process-wide sequences ----

    /// <summary>Slot indices of thread-local variables: the variables are statics every context shares, so the numbers must be unique process-wide.</summary>
    [Fact]
    public Task SlotIndicesOfStaticThreadLocals_NotReported() => VerifyField.VerifyAnalyzerAsync("""
        using System.Threading;
        public sealed class ThreadMap
        {
            private static int nextIndex;
            public static int NextVariableIndex() => Interlocked.Increment(ref nextIndex);
        }
        public class FastLocal<T>
        {
            private readonly int _index;
            public FastLocal() { _index = ThreadMap.NextVariableIndex(); }
            public int Index => _index;
        }
        public static class Buffers { public static readonly FastLocal<byte[]> Scratch = new(); }
        """);

    /// <summary>Uniquifiers of constants built once: <c>Option.AutoRead</c> is shared by every context.</summary>
    [Fact]
    public Task UniquifiersOfStaticConstants_NotReported() => VerifyField.VerifyAnalyzerAsync("""
        public abstract class Constant
        {
            private static long nextUniquifier;
            private readonly long _uniquifier;
            protected Constant(string name) { Name = name; _uniquifier = ++nextUniquifier; }
            public string Name { get; }
            public long Uniquifier => _uniquifier;
        }
        public sealed class Option : Constant
        {
            private Option(string name) : base(name) { }
            public static readonly Option AutoRead = new("AUTO_READ");
        }
        """);

    /// <summary>Connection ids: connections belong to one context and no static holds one, so the counter is per-context state.</summary>
    [Fact]
    public Task IdsOfConnections_Reported() => VerifyField.VerifyAnalyzerAsync("""
        using System.Threading;
        public sealed class Connection
        {
            private static int {|#0:s_nextId|};
            public Connection() { Id = Interlocked.Increment(ref s_nextId); }
            public int Id { get; }
        }
        public sealed class Server { private readonly Connection _first = new(); public int First => _first.Id; }
        """, VerifyField.Diagnostic().WithLocation(0).WithArguments("Connection.s_nextId", State));

    /// <summary>A sequence number sent on the wire is counted, not stored in an object: per-context state.</summary>
    [Fact]
    public Task SequenceNumberSentOnTheWire_Reported() => VerifyField.VerifyAnalyzerAsync("""
        public static class Icmp
        {
            private static int {|#0:s_sequence|};
            public static byte[] Echo() { var seq = ++s_sequence; return new[] { (byte)seq }; }
        }
        """, VerifyField.Diagnostic().WithLocation(0).WithArguments("Icmp.s_sequence", State));

    // ---- settings never set ----

    /// <summary>A public static left writable that nothing assigns, beside readonly siblings: make it readonly.</summary>
    [Fact]
    public Task PublicFieldNeverAssigned_BesideReadonlySiblings_MakeReadonly() => VerifyField.VerifyAnalyzerAsync("""
        public static class HttpVersions
        {
            public static readonly string Http10 = "HTTP/1.0";
            public static string {|#0:Http11|} = "HTTP/1.1";
        }
        """, VerifyField.Diagnostic().WithLocation(0).WithArguments("HttpVersions.Http11", Readonly));

    /// <summary>Beside readonly siblings and read whenever a writer is made: a setting users change (state).</summary>
    [Fact]
    public Task PublicFieldReadAtRunTime_BesideReadonlySiblings_ASetting() => VerifyField.VerifyAnalyzerAsync("""
        using System;
        public sealed class Writer
        {
            public Writer(int size) { Buffer = new byte[size]; }
            public byte[] Buffer { get; }
            public static int {|#0:BufferSize|} = 64000;
            public static readonly Func<Writer> Make = () => new Writer(BufferSize);
        }
        """, VerifyField.Diagnostic().WithLocation(0).WithArguments("Writer.BufferSize", State));

    /// <summary>The same field, set by the library at run time: state.</summary>
    [Fact]
    public Task PublicFieldAssignedAtRunTime_Reported() => VerifyField.VerifyAnalyzerAsync("""
        public static class HttpVersions
        {
            public static readonly string Http10 = "HTTP/1.0";
            public static string {|#0:Preferred|} = "HTTP/1.1";
            public static void Downgrade() => Preferred = Http10;
        }
        """, VerifyField.Diagnostic().WithLocation(0).WithArguments("HttpVersions.Preferred", State));

    // ---- loggers by what they are ----

    /// <summary>A file writer named like a logger, which the server opens and replaces at run time, is state.</summary>
    [Fact]
    public Task FileWriterNamedLoggerAssignedAtRunTime_Reported() => VerifyField.VerifyAnalyzerAsync("""
        using System.IO;
        public sealed class PacketLogger
        {
            private readonly Stream _file;
            public PacketLogger(string path) { _file = File.OpenWrite(path); }
            public void Append(byte[] packet) => _file.Write(packet, 0, packet.Length);
            public void Close() => _file.Dispose();
        }
        public static class Server
        {
            public static PacketLogger? {|#0:PacketLog|};
            public static void Start(string path) { PacketLog = new PacketLogger(path); }
            public static void Stop() { PacketLog?.Close(); PacketLog = null; }
        }
        """, VerifyField.Diagnostic().WithLocation(0).WithArguments("Server.PacketLog", State));

    /// <summary>The library's own logging abstraction, never assigned after initialization: a logger, not state.</summary>
    [Fact]
    public Task OwnLoggingAbstraction_NotReported() => VerifyField.VerifyAnalyzerAsync("""
        public interface IInternalLogger { bool IsDebugEnabled { get; } void Debug(string message); void Warn(string message); }
        sealed class NullLogger : IInternalLogger { public bool IsDebugEnabled => false; public void Debug(string m) { } public void Warn(string m) { } }
        public static class Channel { private static IInternalLogger Logger = new NullLogger(); public static void Open() => Logger.Debug("open"); }
        """);

    // ---- settings with their own accessors ----

    private const string Wrapper = " (its accessors hold nothing: it moves with the state its setter changes)";

    /// <summary>A setting whose setter stores into a static, directly or through a static method of its type: reported, as a setting users see.</summary>
    [Fact]
    public Task SettingWithItsOwnAccessors_Reported() => VerifyProperty.VerifyAnalyzerAsync("""
        public sealed class Tracing { public bool ByRoutingKey { get; set; } }
        public static class Limits
        {
            private static int s_maxSize = 1225;
            public static int {|#0:MaxPayloadSize|} { get => s_maxSize - 8; set => Resize(value); }
            private static void Resize(int size) { s_maxSize = size + 8; }
            public static Tracing Options = new();
            public static bool {|#1:ByRoutingKey|} { get => Options.ByRoutingKey; set => Options.ByRoutingKey = value; }
            public static bool ReadOnlyView { get => s_maxSize > 0; set => throw new System.NotSupportedException(); }
        }
        """,
        VerifyProperty.Diagnostic().WithLocation(0).WithArguments("Limits.MaxPayloadSize", Wrapper),
        VerifyProperty.Diagnostic().WithLocation(1).WithArguments("Limits.ByRoutingKey", Wrapper));

    /// <summary>The state it changes moves, and the setting with it; the static property is kept as the forwarder (SettingWithAccessorsTests shows the whole text).</summary>
    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task SettingWithItsOwnAccessors_FollowsTheStateItChanges(MigrationStyle style)
    {
        var text = (await MigrationHarness.MigrateTextsAsync(style, """
            public static class Limits
            {
                private static int s_maxSize = 1225;
                public static int MaxPayloadSize { get => s_maxSize - 8; set => s_maxSize = value + 8; }
            }
            """))[0];
        Assert.Contains("public static int MaxPayloadSize", text);
        Assert.Contains("class State : PerNet<State>", text);
        Assert.Contains("public int MaxPayloadSize { get => s_maxSize - 8; set => s_maxSize = value + 8; }", text);
    }
    // ---- buffer pools: the platform's shared one, or the library's own ----

    /// <summary>A pool the library makes for itself is its buffer memory: per context, like the kernel's per-namespace accounting.</summary>
    [Fact]
    public Task PoolMadeByTheLibrary_Reported() => VerifyReadonly.VerifyAnalyzerAsync("""
        using System.Buffers;
        sealed class Receive
        {
            private static readonly ArrayPool<byte> {|#0:s_pool|} = ArrayPool<byte>.Create(16384, 100);
            public byte[] Rent(int size) => s_pool.Rent(size);
        }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Receive.s_pool", "ArrayPool<byte>", TestReferences.NoRuntime));

    /// <summary>The platform's shared pool: every context would hold the same one; left writable, it only needs readonly.</summary>
    [Fact]
    public Task PlatformSharedPool_NotStateAndMadeReadonly() => VerifyField.VerifyAnalyzerAsync("""
        using System.Buffers;
        sealed class Receive
        {
            private static readonly ArrayPool<byte> s_shared = ArrayPool<byte>.Shared;
            private static ArrayPool<byte> {|#0:s_pool|} = ArrayPool<byte>.Shared;
            public byte[] Rent(int size) => s_pool.Rent(size) ?? s_shared.Rent(size);
        }
        """, VerifyField.Diagnostic().WithLocation(0).WithArguments("Receive.s_pool", Readonly));

    /// <summary>Assigned another pool at run time, it is a setting: state.</summary>
    [Fact]
    public Task PlatformSharedPool_ReplacedAtRunTime_Reported() => VerifyField.VerifyAnalyzerAsync("""
        using System.Buffers;
        public static class Buffers
        {
            private static ArrayPool<byte> {|#0:s_pool|} = ArrayPool<byte>.Shared;
            public static void Use(ArrayPool<byte> pool) => s_pool = pool;
            public static byte[] Rent(int size) => s_pool.Rent(size);
        }
        """, VerifyField.Diagnostic().WithLocation(0).WithArguments("Buffers.s_pool", State));
}
