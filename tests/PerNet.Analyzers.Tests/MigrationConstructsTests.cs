using PerNet.CodeFixes.Migration;

namespace PerNet.Analyzers.Tests;

/// <summary>
/// Constructs the migration once refused, done (issue: migration engine, point 3), each in both styles:
/// static constructors that also keep work, an existing nested <c>State</c>, constructor initializers that
/// need the context, initializers reading other moved fields, generic, partial and struct types, statics
/// used from another project. What is still refused says why.
/// </summary>
public class MigrationConstructsTests
{
    private static async Task<string> MigrateAsync(MigrationStyle style, params string[] sources) =>
        string.Join("\n// ----\n", await MigrationHarness.MigrateTextsAsync(style, sources));

    private static string Access(MigrationStyle style) => MigrationHarness.StateAccess(style);

    private static void Has(string text, params string[] fragments)
    {
        foreach (var fragment in fragments)
            Assert.True(text.Contains(fragment, StringComparison.Ordinal), $"missing: {fragment}\n{text}");
    }

    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task StaticConstructorMixingMovedAndKeptWork_Split(MigrationStyle style)
    {
        var text = await MigrateAsync(style, """
            using System;
            static class Mixed
            {
                static int moved;
                static readonly int[] kept;
                static Mixed()
                {
                    moved = 1;
                    kept = new int[4];
                    Console.WriteLine("loaded");
                }
                public static int Get() => moved++ + kept.Length;
            }
            """);
        Has(text,
            "public State()",
            "moved = 1;",
            "static Mixed()",
            "kept = new int[4];",
            "Console.WriteLine(\"loaded\");",
            "static readonly int[] kept;");
        var kept = text.Substring(text.IndexOf("static Mixed()", StringComparison.Ordinal));
        Assert.DoesNotContain("moved = 1;", kept, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task StaticConstructorStatementReadingMovedAndWritingKept_StaysRefusedWithTheReason(MigrationStyle style)
    {
        var solution = MigrationHarness.CreateSolution("""
            static class Mixed
            {
                static int moved = 3;
                static readonly int[] kept;
                static Mixed() { kept = new int[moved]; }
                public static int Get() => moved++ + kept.Length;
            }
            """);
        var result = await MigrationHarness.MigrateAllAsync(solution, style);
        Assert.False(result.Succeeded);
        Assert.Contains(result.Problems, p => p.Contains("static constructor", StringComparison.Ordinal) && p.Contains("Mixed", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Contains("(File0.cs:5:22)", StringComparison.Ordinal)); // file:line:column, 1-based, as everywhere
    }

    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task ExistingNestedState_StateClassTakesAnotherName(MigrationStyle style)
    {
        var text = await MigrateAsync(style, """
            static class Tcp
            {
                public enum State { Closed, Listen, Established }
                static int opened;
                public static State Open() { opened++; return State.Listen; }
            }
            """);
        Has(text,
            "public enum State { Closed, Listen, Established }",
            "sealed class NetState : PerNet<NetState>",
            (style == MigrationStyle.Explicit ? "NetState.Of(net)" : "NetState.Current") + ".opened++;",
            "return State.Listen;");
    }

    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task ConstructorInitializerNeedingTheContext_Migrated(MigrationStyle style)
    {
        var text = await MigrateAsync(style, """
            class Device
            {
                public Device(int index) => Index = index;
                public int Index { get; }
            }
            sealed class Loopback : Device
            {
                public Loopback() : base(Devices.NextIndex()) { }
                public Loopback(string name) : this() { Name = name; }
                public string Name { get; } = "lo";
            }
            static class Devices
            {
                static int next;
                public static int NextIndex() => ++next;
                public static Device Make() => new Loopback("lo0");
            }
            """);
        if (style == MigrationStyle.Explicit)
            Has(text, "public Loopback(NetContext net) : base(Devices.NextIndex(net))", "public Loopback(NetContext net, string name) : this(net)", "new Loopback(net, \"lo0\")");
        else
            Has(text, "public Loopback() : base(Devices.NextIndex())", "State.Current");
    }

    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task FieldInitializersReadingOtherMovedFields_InitializedInOrder(MigrationStyle style)
    {
        var text = await MigrateAsync(style, """
            static class Ports
            {
                static int first = 1000;
                static int last = first + 10;
                public static int Span() => last - first;
                public static void Move(int to) { first = to; last = to + 10; }
            }
            """);
        Has(text, "public State()", "first = 1000;", "last = first + 10;");
    }

    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task GenericPartialAndStructTypes_Migrated(MigrationStyle style)
    {
        var text = await MigrateAsync(style,
            """
            static partial class Table<T>
            {
                static int version;
                public static void Bump() => version++;
            }
            struct Seq
            {
                static long last;
                public static long Next() => ++last;
            }
            """,
            """
            static partial class Table<T>
            {
                public static int Version() => version;
            }
            """);
        Has(text, "sealed class State : PerNet<State>", Access(style) + ".version", Access(style) + ".last");
    }

    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task StaticsUsedFromAnotherProject_Migrated(MigrationStyle style)
    {
        var solution = MigrationHarness.CreateSolution(
            new MigrationHarness.Project("Lib", new[] { "public static class Stats { public static int Drops; }" }, Array.Empty<string>()),
            new MigrationHarness.Project("App", new[] { "public static class Client { public static void Drop() => Stats.Drops++; }" }, new[] { "Lib" }));

        var result = await MigrationHarness.MigrateAllAsync(solution, style);

        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        Assert.Empty(await MigrationHarness.ErrorsAsync(result.Solution!));
        Has(await MigrationHarness.TextAsync(result.Solution!, "App"), "Stats." + Access(style) + ".Drops++");
    }

    [Fact]
    public async Task PublicMethodAndConstructor_KeepTheirOldSignaturesAsForwarders()
    {
        // Without carriers: a Resolver would carry its context (see PublicCarrier_KeepsItsConstructorAndGainsAnOverload).
        var text = string.Join("\n", await MigrationHarness.MigrateTextsWithAsync("pernet.context_carriers = none", MigrationStyle.Explicit, """
            public sealed class Resolver
            {
                private readonly int ttl;
                public Resolver(int ttl) { this.ttl = ttl + Cache.Misses(); }
                public int Resolve(string name) => Cache.Misses() + ttl + name.Length;
                internal int Peek() => Cache.Misses();
            }
            public static class Cache
            {
                static int misses;
                public static int Misses() => ++misses;
                public static T Get<T>(T value) where T : class { misses++; return value; }
            }
            """));
        Has(text,
            "public Resolver(NetContext net, int ttl)",
            "[System.Obsolete(",
            "public Resolver(int ttl) : this(NetContext.Current, ttl)",
            "public int Resolve(string name) => this.Resolve(NetContext.Current, name);",
            "public static int Misses() => Misses(NetContext.Current);",
            "public static T Get<T>(T value) where T : class => Get<T>(NetContext.Current, value);");
        Assert.DoesNotContain("internal int Peek() =>", text.Replace("internal int Peek(NetContext net)", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublicCarrier_KeepsItsConstructorAndGainsAnOverload()
    {
        var text = await MigrateAsync(MigrationStyle.Explicit, """
            public sealed class Resolver
            {
                private readonly int ttl;
                public Resolver(int ttl) { this.ttl = ttl + Cache.Misses(); }
                public int Resolve(string name) => Cache.Misses() + ttl + name.Length;
                internal int Peek() => Cache.Misses();
            }
            public sealed class Session
            {
                public int Touch() => Cache.Misses();
            }
            public static class Cache
            {
                static int misses;
                public static int Misses() => ++misses;
            }
            """);
        Has(text,
            "public sealed class Resolver : INetContextBound",
            "public NetContext Net { get; }",
            "public Resolver(NetContext net, int ttl) { this.Net = net; this.ttl = ttl + Cache.Misses(net); }",
            // User code that creates it without a context binds it to the task's context; not obsolete: it is the designed use.
            "public Resolver(int ttl) : this(NetContext.Current, ttl)",
            "public int Resolve(string name) => Cache.Misses(this.Net) + ttl + name.Length;",
            "internal int Peek() => Cache.Misses(this.Net);",
            "public sealed class Session : INetContextBound",
            "public Session(NetContext net)",
            "public Session() : this(NetContext.Current)",
            "public int Touch() => Cache.Misses(this.Net);");
        Assert.DoesNotContain("Obsolete(\"Pass a NetContext: this overload uses NetContext.Current (the initial context outside NetContext.Enter).\")]\n    public Resolver", text);
        Assert.DoesNotContain("public int Resolve(NetContext", text);
    }

    [Fact]
    public async Task CarrierHierarchy_RootHoldsTheContext_DerivedConstructorsPassItToBase()
    {
        var text = await MigrateAsync(MigrationStyle.Explicit, """
            public static class Stats { static int sent; public static void Count() => sent++; }
            public abstract class Connection
            {
                protected Connection(int id) { Id = id; }
                public int Id { get; }
                public void Send() { Stats.Count(); OnSent(); }
                protected abstract void OnSent();
            }
            public sealed class UdpConnection : Connection
            {
                public UdpConnection(int id) : base(id) { }
                protected override void OnSent() => Stats.Count();
            }
            public class Device { public void Up() => Stats.Count(); }
            public sealed class Veth : Device { }
            public sealed class Tap : Device
            {
                public Tap(string name) { Name = name; }
                public string Name { get; }
            }
            public static class Server
            {
                public static Connection Accept(int id) => new UdpConnection(id);
                public static Device Pair() => new Veth();
            }
            """);
        Has(text,
            "public abstract class Connection : INetContextBound",
            "protected Connection(NetContext net, int id) { this.Net = net; Id = id; }",
            "protected Connection(int id) : this(NetContext.Current, id)",
            "public void Send() { Stats.Count(this.Net); OnSent(); }",
            "protected abstract void OnSent();",
            "public UdpConnection(NetContext net, int id) : base(net, id) { }",
            "public UdpConnection(int id) : this(NetContext.Current, id)",
            "protected override void OnSent() => Stats.Count(this.Net);",
            "public class Device : INetContextBound",
            "public Device(NetContext net)",
            "public Device() : this(NetContext.Current)",
            "public void Up() => Stats.Count(this.Net);",
            "public Veth(NetContext net) : base(net)",
            "public Veth() : this(NetContext.Current)",
            "public Tap(NetContext net, string name) : base(net) { Name = name; }",
            "public Tap(string name) : this(NetContext.Current, name)",
            // Public factories user code calls: the creating task's context (the kernel's sock_create), no signature change.
            "public static Connection Accept(int id) => new UdpConnection(id);",
            "public static Device Pair() => new Veth();");
        Assert.DoesNotContain("class UdpConnection : Connection, INetContextBound", text);
    }

    [Theory]
    [InlineData("pernet.context_carriers = none", false)]
    [InlineData("pernet.context_carriers = none\npernet.keep_api = false", true)]
    public async Task OverridablePublicMethod_KeepsItsSignature_ItsObjectKeepsTheContext(string config, bool changes)
    {
        var text = string.Join("\n", await MigrationHarness.MigrateTextsWithAsync(config, MigrationStyle.Explicit, """
            public static class Stats { static int seen; public static void Count() => seen++; }
            public class Handler { public virtual void Handle(int frame) => Stats.Count(); }
            public sealed class Sealed { public void Handle(int frame) => Stats.Count(); }
            """));
        // Code outside may override it: the object keeps its context, whatever keep_api says.
        Has(text, "public virtual void Handle(int frame) => Stats.Count(this.net);");
        if (changes)
            Assert.DoesNotContain("public Handler() :", text); // keep_api off: the constructor changes instead
        else
            Has(text, "public Handler() : this(NetContext.Current)"); // code outside may create it
        Has(text, "public void Handle(NetContext net, int frame) => Stats.Count(net);");
    }

    [Fact]
    public async Task ContextCarriersSetting_NamesTheCarrier_ReportsWhatCannotBeOne()
    {
        var solution = MigrationHarness.CreateSolution(new MigrationHarness.Project("App", new[] { """
            public static class Stats { static int seen; public static void Count() => seen++; }
            public sealed class Port { public void Open() => Stats.Count(); }
            public sealed class Link { public void Up(Port p) => Stats.Count(); }
            public record Frame(int Length) { public void Drop() => Stats.Count(); }
            """ }, Array.Empty<string>(), "pernet.context_carriers = Link, Frame, Missing"));
        var result = await MigrationHarness.MigrateAllAsync(solution);
        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        Assert.True(result.Carriers.Configured);
        Assert.Equal(new[] { "Link" }, result.Carriers.Types.Select(c => c.Type));
        Assert.Contains(result.Carriers.Rejected, r => r.StartsWith("Frame: ", StringComparison.Ordinal));
        Assert.Contains(result.Carriers.Rejected, r => r.StartsWith("Missing: no such type", StringComparison.Ordinal));
        var text = await MigrationHarness.TextAsync(result.Solution!, "App");
        Has(text, "public void Up(Port p) => Stats.Count(this.Net);", "public void Open(NetContext net) => Stats.Count(net);");
    }

    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task InitializationThatNeedsTheState_MadeOnFirstUseWithTheStatesOwnContext(MigrationStyle style)
    {
        // A default instance whose constructor reads the cache that moves with it, and a pool whose objects
        // carry the context: each context's state makes them on first use, with its own context.
        var text = await MigrateAsync(style, """
            using System;
            using System.Collections.Generic;
            public sealed class Crc
            {
                private static readonly Dictionary<uint, uint[]> tables;
                private static readonly Crc Default;
                static Crc()
                {
                    tables = new Dictionary<uint, uint[]>();
                    Default = new Crc();
                }

                private readonly uint[] table;
                private uint crc;
                public Crc() : this(7) { }
                public Crc(uint poly)
                {
                    if (!tables.TryGetValue(poly, out table!)) { table = new uint[] { poly }; tables.Add(poly, table); }
                }

                public static int Compute() => Default.Next();
                public int Next() => (int)(crc += table[0]);
            }
            public sealed class Pool<T> { private readonly Stack<T> items = new(); private readonly Func<T> make; public Pool(Func<T> make) => this.make = make; public T Take() => items.Count > 0 ? items.Pop() : make(); public void Put(T item) => items.Push(item); }
            public sealed class Reader
            {
                private static readonly Pool<Reader> pool = new Pool<Reader>(() => new Reader());
                public static Reader Get() => pool.Take();
                public void Recycle() => pool.Put(this);
            }
            """);
        if (style == MigrationStyle.Explicit)
        {
            Has(text,
                "private readonly System.Lazy<Crc> _Default;",
                "public Crc Default => _Default.Value;",
                "_Default = new System.Lazy<Crc>(() => new Crc(Net));",
                "private readonly System.Lazy<Pool<Reader>> _pool;",
                "_pool = new System.Lazy<Pool<Reader>>(() => new Pool<Reader>(() => new Reader(Net)));",
                "public void Recycle() => State.Of(this.Net).pool.Put(this);"); // back to the pool of the context it came from
        }
        else
        {
            Has(text, "_Default = new System.Lazy<Crc>(() => new Crc());", "public void Recycle() => State.Current.pool.Put(this);");
        }

        Assert.DoesNotContain("Default = new Crc", text.Replace("_Default = new", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CarrierHeldByAField_UsedOnlyWhenEveryConstructorSetsIt()
    {
        // A socket's device is set at creation: its context is the socket's. A manager's "first device" is
        // computed (it may be null when the site runs): never a source.
        var text = await MigrateAsync(MigrationStyle.Explicit, """
            using System.Collections.Generic;
            public static class Stats { static int n; public static void Count() => n++; }
            public sealed class Device { public void Up() => Stats.Count(); }
            public sealed class Socket
            {
                private readonly Device device;
                public Socket(Device device) { this.device = device; }
                public void Send() => Stats.Count();
            }
            public sealed class Manager
            {
                private readonly List<Device> all = new();
                public Device First => all[0];
                public string Net => "lan"; // so it cannot carry one itself
                public void Tick() => Stats.Count();
            }
            """);
        Has(text,
            "public void Up() => Stats.Count(this.Net);",
            "public void Send() => Stats.Count(this.device.Net);",
            "public void Tick(NetContext net) => Stats.Count(net);");
        Assert.DoesNotContain("First.Net", text);
        Assert.DoesNotContain("class Socket : INetContextBound", text);
    }
}
