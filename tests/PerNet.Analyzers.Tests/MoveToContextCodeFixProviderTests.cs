using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using PerNet.CodeFixes.Migration;

namespace PerNet.Analyzers.Tests;

/// <summary>
/// The explicit migration, construct by construct: each result must compile, leave no PN0001–PN0005,
/// and contain the shape DESIGN.md fixes (State.Of(net).member, NetContext net first, NetContext.Initial
/// at boundaries).
/// </summary>
public class MoveToContextCodeFixProviderTests
{
    private static Task<string> MigrateAsync(params string[] sources) => MigrationHarness.MigrateAndCheckAsync(sources);

    private static void Has(string text, params string[] fragments)
    {
        foreach (var fragment in fragments)
            Assert.True(text.Contains(fragment, StringComparison.Ordinal), $"missing: {fragment}\n{text}");
    }

    [Fact]
    public async Task DesignExample_ExactShape()
    {
        var text = await MigrateAsync("""
            using System.Collections.Generic;
            using System.Net;

            static class Arp
            {
                static Dictionary<IPAddress, string> cache = new();
                public static string? Lookup(IPAddress ip) =>
                    cache.TryGetValue(ip, out var mac) ? mac : null;
            }
            """);
        Assert.Equal("""
            using System.Collections.Generic;
            using System.Net;
            using PerNet;

            static class Arp
            {
                sealed class State : PerNet<State>
                {
                    public Dictionary<IPAddress, string> cache = new();
                }

                public static string? Lookup(NetContext net, IPAddress ip) =>
                    State.Of(net).cache.TryGetValue(ip, out var mac) ? mac : null;
            }
            """, text.Replace("\r\n", "\n"));
    }

    [Fact]
    public async Task Ambient_StateCurrent_NoSignatureChanges()
    {
        var solution = MigrationHarness.CreateSolution("""
            using System.Collections.Generic;
            using System.Net;

            static class Arp
            {
                static Dictionary<IPAddress, string> cache = new();
                public static string? Lookup(IPAddress ip) =>
                    cache.TryGetValue(ip, out var mac) ? mac : null;
            }
            static class Ip { public static string? Resolve(IPAddress ip) => Arp.Lookup(ip); }
            """);
        var result = await MigrationHarness.MigrateAllAsync(solution, PerNet.CodeFixes.Migration.MigrationStyle.Ambient);
        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        Assert.Empty(await MigrationHarness.ErrorsAsync(result.Solution!));
        var text = await MigrationHarness.TextAsync(result.Solution!, "App");
        Has(text,
            "public static string? Lookup(IPAddress ip) =>",
            "State.Current.cache.TryGetValue(ip, out var mac) ? mac : null;",
            "public static string? Resolve(IPAddress ip) => Arp.Lookup(ip);");
    }

    [Fact]
    public async Task Ambient_TwoReadsInABlock_OneLookupHoisted_NotWhereTheFunctionEnters()
    {
        var solution = MigrationHarness.CreateSolution("""
            using PerNet;
            static class Udp
            {
                static int sent;
                static int dropped;
                public static void Send(bool ok)
                {
                    if (ok) sent++;
                    else dropped++;
                }
                public static int SendIn(NetContext other)
                {
                    var before = sent;
                    using (other.Enter())
                        return sent - before;
                }
            }
            """);
        var result = await MigrationHarness.MigrateAllAsync(solution, PerNet.CodeFixes.Migration.MigrationStyle.Ambient);
        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        Assert.Empty(await MigrationHarness.ErrorsAsync(result.Solution!));
        var text = await MigrationHarness.TextAsync(result.Solution!, "App");
        Has(text,
            "var state = State.Current;",
            "if (ok) state.sent++;",
            "else state.dropped++;",
            "var before = State.Current.sent;", // Current changes inside this function: read where used
            "return State.Current.sent - before;");
    }

    /// <summary>Objects whose members cannot change shape (<c>Dispose</c>) and a static helper that creates them.</summary>
    private const string SocketAndListener = """
        using System;
        using System.Collections.Generic;

        sealed class Socket : IDisposable
        {
            public int Port;
            public void Bind(int port) { Port = port; Ports.Bound.Add(port); }
            public void Dispose() => Ports.Bound.Remove(Port);
        }

        sealed class Listener : IDisposable
        {
            private readonly int backlog;
            public Listener(int backlog) => this.backlog = backlog;
            public void Dispose() => Ports.Bound.Clear();
        }

        static class Ports
        {
            public static readonly HashSet<int> Bound = new();
            public static void Use(int port)
            {
                using var socket = new Socket();
                socket.Bind(port);
                using var listener = new Listener(5);
            }
        }
        """;

    [Fact]
    public async Task InstanceMemberThatKeepsItsShape_ObjectKeepsItsContext()
    {
        // A socket carries its context (INetContextBound): its members keep their signatures.
        var text = await MigrateAsync(SocketAndListener);
        Has(text,
            "sealed class Socket : IDisposable, INetContextBound",
            "public NetContext Net { get; }",
            "public Socket(NetContext net)",
            "this.Net = net;",
            "public void Bind(int port) { Port = port; Ports.State.Of(this.Net).Bound.Add(port); }",
            "public void Dispose() => Ports.State.Of(this.Net).Bound.Remove(Port);", // the socket's own context, not Initial
            "public Listener(NetContext net, int backlog)",
            "this.Net = net;\n        this.backlog = backlog;",
            "using var socket = new Socket(net);",
            "using var listener = new Listener(net, 5);");
        Assert.DoesNotContain("NetContext.Initial", text);
    }

    [Fact]
    public async Task PublicConstructorChainingToOneThatNeedsTheContext_PassesItsOwn()
    {
        // Created only from outside (no call in the solution), so its constructors keep their shape and the
        // object keeps its context; the chained call cannot read this.net, which is not set yet.
        var text = await MigrationHarness.MigrateAndCheckWithAsync("pernet.context_carriers = none", """
            public static class Stats { public static int Made; }
            public sealed class Hello
            {
                public Hello(int x) { Stats.Made += x; }
                public Hello
                (
                    int x,
                    int y) : this(x)
                {
                }
            }
            """);
        Has(text, "int y) : this(net, x)", "public Hello(NetContext net, int x) { this.net = net; Stats.State.Of(net).Made += x; }");
        Assert.DoesNotContain("this(this.net", text);
    }

    [Fact]
    public async Task InstanceMemberThatKeepsItsShape_WithoutCarriers_ObjectStillKeepsItsContext()
    {
        var text = await MigrationHarness.MigrateAndCheckWithAsync("pernet.context_carriers = none", SocketAndListener);
        Has(text,
            "private readonly NetContext net;",
            "public Socket(NetContext net)",
            "this.net = net;",
            "public void Bind(NetContext net, int port) { Port = port; Ports.State.Of(net).Bound.Add(port); }",
            "public void Dispose() => Ports.State.Of(this.net).Bound.Remove(Port);", // the socket's own context, not Initial
            "public Listener(NetContext net, int backlog)",
            "this.net = net;\n        this.backlog = backlog;",
            "using var socket = new Socket(net);",
            "using var listener = new Listener(net, 5);");
        Assert.DoesNotContain("NetContext.Initial", text);
        Assert.DoesNotContain("INetContextBound", text);
    }

    [Fact]
    public async Task ClassCreatedThroughNewConstraint_KeepsItsBoundary()
    {
        var text = await MigrateAsync("""
            using System;
            static class Stats { public static int Open; }
            sealed class Conn : IDisposable { public void Dispose() => Stats.Open--; }
            sealed class Pooled : IDisposable { public void Dispose() => Stats.Open++; }
            static class Factory
            {
                static readonly System.Collections.Generic.List<Pooled> pool = new(); // a plain type argument: no matter
                static T Make<T>() where T : new() => new T();
                public static IDisposable Open() => Make<Conn>();
                public static IDisposable Reflect() => (IDisposable)Activator.CreateInstance(typeof(Pooled))!;
            }
            """);
        Has(text,
            "public void Dispose() => Stats.State.Of(NetContext.Initial).Open--;",
            "public void Dispose() => Stats.State.Of(NetContext.Initial).Open++;");
        Assert.DoesNotContain("Conn(NetContext", text);
        Assert.DoesNotContain("Pooled(NetContext", text);
    }

    [Fact]
    public async Task PrivateContextFieldOfAnotherClass_NotASource()
    {
        var text = await MigrateAsync("""
            using PerNet;
            sealed class Socket
            {
                private readonly NetContext net;
                public Socket(NetContext net) => this.net = net;
            }
            static class Use
            {
                static int count;
                public static void Run(Socket s) => count++;
            }
            """);
        Has(text, "public static void Run(NetContext net, Socket s) => State.Of(net).count++;");
    }

    [Fact]
    public async Task ExistingNetContextParameter_Used_NoParameterAdded()
    {
        var text = await MigrateAsync("""
            using PerNet;
            static class Icmp
            {
                static int echoes;
                public static int Echo(NetContext ctx) => ++echoes;
            }
            """);
        Has(text, "public static int Echo(NetContext ctx) => ++State.Of(ctx).echoes;");
    }

    [Fact]
    public async Task BoundParameterLocalThisAndField_UsedAsSources()
    {
        var text = await MigrateAsync("""
            using PerNet;
            sealed class Device : INetContextBound
            {
                public Device(NetContext net) => Net = net;
                public NetContext Net { get; }
                public void Transmit() => Stats.TxPackets++;
            }
            sealed class Socket
            {
                private readonly Device device;
                public Socket(Device device) => this.device = device;
                public void Send() => Stats.TxPackets++;
            }
            static class Stats
            {
                public static long TxPackets;
                public static void Rx(Device d) => TxPackets++;
                public static void Flush(NetContext[] all) { var first = all[0]; TxPackets = 0; }
            }
            """);
        Has(text,
            "public void Transmit() => Stats.State.Of(this.Net).TxPackets++;",
            "public void Send() => Stats.State.Of(this.device.Net).TxPackets++;",
            "public static void Rx(Device d) => State.Of(d.Net).TxPackets++;",
            "State.Of(first).TxPackets = 0;");
    }

    [Fact]
    public async Task TransitiveCallers_EachGainsOneParameter_CallSitesPassIt()
    {
        var text = await MigrateAsync("""
            static class Stack
            {
                static int ttl = 64;
                static int id;
                static int Next() => id++ + ttl;
                static int Build() => Next() + Next();
                public static int Send() => Build() + ttl;
                public static void SetTtl(int value) => ttl = value;
            }
            """);
        Has(text,
            "static int Next(NetContext net) => State.Of(net).id++ + State.Of(net).ttl;",
            "static int Build(NetContext net) => Next(net) + Next(net);",
            "public static int Send(NetContext net) => Build(net) + State.Of(net).ttl;");
    }

    [Fact]
    public async Task Constructor_GainsParameter_CreationSitesPassIt()
    {
        var text = await MigrateAsync("""
            static class Udp { public static int Open; }
            sealed class Socket
            {
                public Socket() { Udp.Open++; }
                public Socket(int port) : this() { }
            }
            static class App
            {
                public static object Make() => new Socket();
                public static Socket MakeOn(int port) { Socket s = new(port); return s; }
            }
            """);
        Has(text,
            "public Socket(NetContext net) { Udp.State.Of(net).Open++; }",
            "public Socket(NetContext net, int port) : this(net) { }",
            "public static object Make(NetContext net) => new Socket(net);",
            "Socket s = new(net, port);");
    }

    [Fact]
    public async Task GetOnlyProperty_BecomesMethod_IndexerAndOperatorAreBoundaries()
    {
        var text = await MigrateAsync("""
            static class Routes
            {
                static int count;
                public static int Count => count;
                public static int Twice { get { return count * 2; } }
                public static void Add() => count++;
            }
            struct Port
            {
                public int Value;
                public static Port operator +(Port a, Port b) { Routes2.Used++; return new Port { Value = a.Value + b.Value }; }
                public int this[int i] { get { Routes2.Used++; return i; } }
            }
            static class Routes2 { public static int Used; }
            static class Use { public static int Read() => Routes.Count + Routes.Twice; }
            """);
        Has(text,
            "public static int Count(NetContext net) => State.Of(net).count;",
            "public static int Twice(NetContext net) { return State.Of(net).count * 2; }",
            "Routes2.State.Of(NetContext.Initial).Used++; return new Port",
            "public static int Read(NetContext net) => Routes.Count(net) + Routes.Twice(net);");
    }

    [Fact]
    public async Task LambdasLocalFunctionsAsyncAndIterators_CaptureOrGainTheParameter()
    {
        var text = await MigrateAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;
            static class Rx
            {
                static int frames;
                public static Action Handler() => () => frames++;
                public static int Count() { int Local() => frames; return Local(); }
                public static async Task<int> CountAsync() { await Task.Yield(); return frames; }
                public static IEnumerable<int> Each() { yield return frames; }
            }
            """);
        Has(text,
            "public static Action Handler(NetContext net) => () => State.Of(net).frames++;",
            "public static int Count(NetContext net) { int Local() => State.Of(net).frames; return Local(); }",
            "public static async Task<int> CountAsync(NetContext net) { await Task.Yield(); return State.Of(net).frames; }",
            "public static IEnumerable<int> Each(NetContext net) { yield return State.Of(net).frames; }");
    }

    [Fact]
    public async Task ExtensionAndGenericMethods_GainParameterAfterThis()
    {
        var text = await MigrateAsync("""
            static class Ext
            {
                static int calls;
                public static int Bump(this string s) => calls++ + s.Length;
                public static T Echo<T>(T value) { calls++; return value; }
            }
            static class Use
            {
                public static int A(string s) => s.Bump() + Ext.Bump(s) + Ext.Echo(1) + Ext.Echo<int>(2);
            }
            """);
        Has(text,
            "public static int Bump(this string s, NetContext net) => State.Of(net).calls++ + s.Length;",
            "public static T Echo<T>(NetContext net, T value)",
            "public static int A(NetContext net, string s) => s.Bump(net) + Ext.Bump(s, net) + Ext.Echo(net, 1) + Ext.Echo<int>(net, 2);");
    }

    [Fact]
    public async Task GenericType_StateNestedInIt_QualifiedFromOutside()
    {
        var text = await MigrateAsync("""
            using System.Collections.Generic;
            static class Pool<T>
            {
                static readonly List<T> items = new();
                public static void Add(T item) => items.Add(item);
                public static int Count() => items.Count;
            }
            static class Use { public static int Fill() { Pool<int>.Add(1); return Pool<string>.Count(); } }
            """);
        Has(text,
            "sealed class State : PerNet<State>",
            "public readonly List<T> items = new();",
            "public static void Add(NetContext net, T item) => State.Of(net).items.Add(item);",
            "Pool<int>.Add(net, 1); return Pool<string>.Count(net);");
    }

    [Fact]
    public async Task OverridesAndInterfaceImplementations_MoveTogether()
    {
        // Objects that cannot keep a context (made through a new() constraint): the whole family changes
        // (when they can, they keep it: see OverrideOnACarrier_KeepsItsSignature).
        var text = await MigrationHarness.MigrateAndCheckWithAsync("pernet.context_carriers = none", """
            static class Stats { public static int Handled; }
            interface IHandler { void Handle(int frame); }
            abstract class Base : IHandler { public virtual void Handle(int frame) { } }
            sealed class Counting : Base { public override void Handle(int frame) => Stats.Handled++; }
            static class Use { public static void Run(IHandler h, Base b) { h.Handle(1); b.Handle(2); } static T Make<T>() where T : new() => new T(); public static Base Counter() => Make<Counting>(); }
            """);
        Has(text,
            "interface IHandler { void Handle(NetContext net, int frame); }",
            "public virtual void Handle(NetContext net, int frame) { }",
            "public override void Handle(NetContext net, int frame) => Stats.State.Of(net).Handled++;",
            "public static void Run(NetContext net, IHandler h, Base b) { h.Handle(net, 1); b.Handle(net, 2); }");
    }

    [Fact]
    public async Task OverrideOnACarrier_KeepsItsSignature()
    {
        var text = await MigrateAsync("""
            static class Stats { public static int Handled; }
            interface IHandler { void Handle(int frame); }
            abstract class Base : IHandler { public virtual void Handle(int frame) { } }
            sealed class Counting : Base { public override void Handle(int frame) => Stats.Handled++; }
            static class Use { public static void Run(IHandler h, Base b) { h.Handle(1); b.Handle(2); } public static IHandler Make() => new Counting(); }
            """);
        Has(text,
            "interface IHandler { void Handle(int frame); }",
            "abstract class Base : IHandler, INetContextBound { public NetContext Net { get; } protected Base(NetContext net) { this.Net = net; }", // the hierarchy's root holds it
            "sealed class Counting : Base { public Counting(NetContext net) : base(net) { }",
            "public override void Handle(int frame) => Stats.State.Of(this.Net).Handled++;",
            "public static void Run(IHandler h, Base b) { h.Handle(1); b.Handle(2); }",
            "public static IHandler Make(NetContext net) => new Counting(net);"); // the library creates it: with the creating code's context
    }

    [Fact]
    public async Task Boundaries_EntryPointMethodGroupsExternalInterfacesEventHandlers_PassInitial()
    {
        var text = await MigrateAsync("""
            using System;
            using System.Collections.Generic;
            static class Stats { public static int Seen; }
            sealed class Conn : IDisposable { public void Dispose() => Stats.Seen--; }
            static class Program
            {
                static void Count(int x) => Stats.Seen += x;
                static void OnTick(object? sender, EventArgs e) => Stats.Seen++;
                public static event EventHandler? Tick;
                public static void Main()
                {
                    new List<int> { 1, 2 }.ForEach(Count);
                    Stats.Seen = 0;
                }
            }
            """);
        Has(text,
            "public void Dispose() => Stats.State.Of(this.Net).Seen--;", // an object carries its context (see ObjectKeepsItsContext)
            "static void Count(int x) => Stats.State.Of(NetContext.Initial).Seen += x;",
            "new List<int> { 1, 2 }.ForEach(Count);",
            "Stats.State.Of(NetContext.Initial).Seen = 0;");
    }

    [Fact]
    public async Task StaticConstructorAndDependentInitializers_MoveIntoStateConstructor()
    {
        var text = await MigrateAsync("""
            using System.Collections.Generic;
            static class Ports
            {
                static readonly Dictionary<int, string> names = new();
                static int first = 1000;
                static int last = first + 10;
                static Ports() { for (var p = first; p < last; p++) names[p] = "p" + p; }
                public static void Register(int p) => names[p] = "x";
                public static int Span() => last - first;
                public static void Move(int to) { first = to; last = to + 10; }
            }
            """);
        Has(text,
            "public State()",
            "first = 1000;",
            "last = first + 10;",
            "for (var p = first; p < last; p++) names[p] = \"p\" + p;",
            "public static int Span(NetContext net) => State.Of(net).last - State.Of(net).first;");
        Assert.DoesNotContain("static Ports()", text);
    }

    [Fact]
    public async Task PropertiesEventsThreadStaticsAndNameof_Moved()
    {
        var text = await MigrateAsync("""
            using System;
            static class Sysctl
            {
                public static bool IpForward { get; set; }
                public static event Action<string>? LinkDown;
                [ThreadStatic] static byte[]? scratch;
                public static string Describe() => nameof(IpForward) + nameof(Sysctl.scratch);
                public static void Down(string dev) { IpForward = false; LinkDown?.Invoke(dev); }
                public static byte[] Scratch() { if (scratch is null) scratch = new byte[16]; return scratch; }
            }
            """);
        Has(text,
            "public bool IpForward { get; set; }",
            "public Action<string>? LinkDown;",
            "internal readonly System.Threading.ThreadLocal<byte[]?> scratch = new System.Threading.ThreadLocal<byte[]?>();", // per context, still per thread
            "if (state.scratch.Value is null) state.scratch.Value = new byte[16]; return state.scratch.Value;",
            "nameof(State.IpForward) + nameof(Sysctl.State.scratch)",
            "State.Of(net).IpForward = false; State.Of(net).LinkDown?.Invoke(dev);",
            "var state = State.Of(net);");
        Assert.DoesNotContain("ThreadStatic", text);
    }

    [Fact]
    public async Task FixAllAcrossTwoProjects_CallersInOtherProjectUpdated()
    {
        var solution = MigrationHarness.CreateSolution(
            new MigrationHarness.Project("Lib", new[] { "public static class Arp { static int misses; public static int Miss() => ++misses; }" }, Array.Empty<string>()),
            new MigrationHarness.Project("App", new[] { "public static class Client { public static int Resolve() => Arp.Miss() + Arp.Miss(); }" }, new[] { "Lib" }));

        var result = await MigrationHarness.MigrateAllAsync(solution);

        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        Assert.Empty(await MigrationHarness.ErrorsAsync(result.Solution!));
        Has(await MigrationHarness.TextAsync(result.Solution!, "Lib"), "public static int Miss(NetContext net) => ++State.Of(net).misses;");
        Has(await MigrationHarness.TextAsync(result.Solution!, "App"), "public static int Resolve(NetContext net) => Arp.Miss(net) + Arp.Miss(net);", "using PerNet;");
    }

    [Fact]
    public async Task StaticConstructorStatementSettingMovedAndKeptState_NotMigrated()
    {
        var solution = MigrationHarness.CreateSolution("""
            static class Mixed
            {
                static int moved;
                static readonly int[] kept;
                static Mixed() { kept = new int[moved = 4]; }
                public static int Get() => moved++ + kept[0];
            }
            """);
        var result = await MigrationHarness.MigrateAllAsync(solution);
        Assert.False(result.Succeeded);
        Assert.Contains(result.Problems, p => p.Contains("static constructor", StringComparison.Ordinal));
    }
}

/// <summary>The provider through Roslyn's code-fix test framework: single fix, FixAll, and a fix not offered.</summary>
public class MoveToContextProviderFrameworkTests
{
    private sealed class Test : Microsoft.CodeAnalysis.CSharp.Testing.CSharpCodeFixTest<MutableStaticFieldAnalyzer, PerNet.CodeFixes.MoveToContextCodeFixProvider, Microsoft.CodeAnalysis.Testing.DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = TestReferences.None;
            TestState.AdditionalReferences.AddRange(TestReferences.RuntimeReferences);
            FixedState.AdditionalReferences.AddRange(TestReferences.RuntimeReferences);
            BatchFixedState.AdditionalReferences.AddRange(TestReferences.RuntimeReferences);
        }
    }

    [Fact]
    public Task SingleFix_AndFixAll_ProduceTheMigratedType() => new Test
    {
        TestCode = """
            static class Udp
            {
                static int [|nextPort|] = 49152;
                static int [|sent|];
                public static int Allocate() { sent++; return nextPort++; }
            }
            """,
        // One fix at a time (the second extends the state class the first created) and Fix All give the same text.
        FixedCode = """
            using PerNet;

            static class Udp
            {
                sealed class State : PerNet<State>
                {
                    public int nextPort = 49152;
                    public int sent;
                }

                public static int Allocate(NetContext net) { State.Of(net).sent++; return State.Of(net).nextPort++; }
            }
            """,
        NumberOfIncrementalIterations = 2,
        NumberOfFixAllIterations = 1,
        CodeActionEquivalenceKey = PerNet.CodeFixes.MoveToContextCodeFixProvider.EquivalenceKey,
    }.RunAsync();

    [Fact]
    public Task MigrationStyleAmbient_AmbientActionOfferedFirst()
    {
        var test = new Test
        {
            TestCode = """
                static class Icmp
                {
                    static int [|echoes|];
                    public static int Echo() => ++echoes;
                }
                """,
            FixedCode = """
                using PerNet;

                static class Icmp
                {
                    sealed class State : PerNet<State>
                    {
                        public int echoes;
                    }

                    public static int Echo() => ++State.Current.echoes;
                }
                """,
            CodeActionIndex = 0,
            CodeActionEquivalenceKey = PerNet.CodeFixes.MoveToContextCodeFixProvider.AmbientEquivalenceKey,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\npernet.migration_style = ambient\n"));
        return test.RunAsync();
    }

    [Fact]
    public Task MixedStaticConstructor_FixNotOffered() => new Test
    {
        TestCode = """
            static class Mixed
            {
                static int [|moved|];
                static readonly int[] kept;
                static Mixed() { kept = new int[moved = 4]; }
                public static int Get() => moved++ + kept[0];
            }
            """,
        FixedCode = """
            static class Mixed
            {
                static int [|moved|];
                static readonly int[] kept;
                static Mixed() { kept = new int[moved = 4]; }
                public static int Get() => moved++ + kept[0];
            }
            """,
    }.RunAsync();
}

/// <summary>
/// Offering the fix plans nothing (issue: carrier migration, point 4): what the analyzers know decides,
/// and the plan is made when the action is chosen.
/// </summary>
public class MoveToContextOfferTests
{
    private static async Task<(Solution Solution, List<CodeAction> Actions)> OfferAsync(string source)
    {
        var solution = MigrationHarness.CreateSolution(source);
        var diagnostics = await MigrationHarness.DiagnosticsAsync(solution, "PN0001");
        var document = diagnostics.First().Document;
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostics[0].Diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await new PerNet.CodeFixes.MoveToContextCodeFixProvider().RegisterCodeFixesAsync(context);
        return (solution, actions);
    }

    private static async Task<Solution> ApplyAsync(CodeAction action) =>
        (await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single().ChangedSolution;

    /// <summary>
    /// A single fix on the state a setting with its own accessors changes moves the setting too, as the CLI and Fix All do
    /// (the setting's own diagnostic is not part of a single fix): before, the field moved and the setting stayed static,
    /// its accessors reading the first context's state in the explicit style.
    /// </summary>
    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task SingleFixOnTheStateASettingChanges_MovesTheSettingToo_AsTheWholeMigrationDoes(MigrationStyle style)
    {
        const string source = SettingWithAccessorsTests.Tracing;
        var solution = MigrationHarness.CreateSolution(source);
        var field = (await MigrationHarness.DiagnosticsAsync(solution, "PN0002")).Single();
        var actions = new List<CodeAction>();
        await new PerNet.CodeFixes.MoveToContextCodeFixProvider().RegisterCodeFixesAsync(
            new CodeFixContext(field.Document, field.Diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        var title = style == MigrationStyle.Explicit ? PerNet.CodeFixes.MoveToContextCodeFixProvider.Title : PerNet.CodeFixes.MoveToContextCodeFixProvider.AmbientTitle;

        var fixedSolution = await ApplyAsync(actions.Single(a => a.Title == title));

        var text = (await fixedSolution.Projects.Single().Documents.Single().GetTextAsync()).ToString();
        var whole = await MigrationHarness.MigrateAllAsync(MigrationHarness.CreateSolution(source), style);
        Assert.Equal((await whole.Solution!.Projects.Single().Documents.Single().GetTextAsync()).ToString(), text);
        Assert.Contains("public bool UseKey", text.Substring(text.IndexOf("class State", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MixedStaticConstructor_BlockedInTheDiagnostic_NotOffered()
    {
        var source = "static class Mixed { static int moved; static readonly int[] kept; static Mixed() { kept = new int[moved = 4]; } public static int Get() => moved++ + kept[0]; }";
        var diagnostics = await MigrationHarness.DiagnosticsAsync(MigrationHarness.CreateSolution(source), "PN0001");
        Assert.Contains("split it first", diagnostics.Single().Diagnostic.Properties[StateRule.MigrationBlockedProperty], StringComparison.Ordinal);
        Assert.Empty((await OfferAsync(source)).Actions);
    }

    [Fact]
    public async Task SafeMove_BothStylesOffered_ThePlanMadeWhenChosen()
    {
        var (solution, actions) = await OfferAsync("static class Ids { static int next; public static int Next() => ++next; }");
        Assert.Equal(new[] { PerNet.CodeFixes.MoveToContextCodeFixProvider.Title, PerNet.CodeFixes.MoveToContextCodeFixProvider.AmbientTitle }, actions.Select(a => a.Title));
        var text = (await (await ApplyAsync(actions[0])).Projects.Single().Documents.Single().GetTextAsync()).ToString();
        Assert.Contains("public static int Next(NetContext net) => ++State.Of(net).next;", text, StringComparison.Ordinal);
        Assert.NotSame(solution, await ApplyAsync(actions[1]));
    }

    [Fact]
    public async Task UnsafeOnlyTheWholePlanSees_ChosenActionChangesNothing()
    {
        // State named in code excluded by #if: the analyzers cannot see it, the plan refuses it.
        var (solution, actions) = await OfferAsync("""
            static class Ids
            {
                static int next;
                public static int Next() => ++next;
            #if NEVER
                public static void Reset() => next = 0;
            #endif
            }
            """);
        Assert.NotEmpty(actions);
        var after = await ApplyAsync(actions[0]);
        Assert.Empty(after.GetChanges(solution).GetProjectChanges().SelectMany(p => p.GetChangedDocuments()));
    }
}
