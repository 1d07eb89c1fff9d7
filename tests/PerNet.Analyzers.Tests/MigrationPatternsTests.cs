namespace PerNet.Analyzers.Tests;

/// <summary>Shapes real stacks have that the construct tests do not: each must migrate and compile.</summary>
public class MigrationPatternsTests
{
    private static Task<string> MigrateAsync(params string[] sources) => MigrationHarness.MigrateAndCheckAsync(sources);

    [Fact]
    public async Task PartialTypeStructRecordAndNestedType_Migrate()
    {
        var text = await MigrateAsync(
            """
            public static partial class Tcp { static int retransmits; }
            public struct Mtu { public static int Default = 1500; public int Get() => Default; public static void Set(int value) => Default = value; }
            public record Peer(string Name) { static int count; public Peer Next() { count++; return this; } }
            public static class Outer { public static class Timers { public static int Ms = 200; } public static int Backoff() => Timers.Ms *= 2; }
            """,
            """
            public static partial class Tcp
            {
                public static int Retransmit() => ++retransmits;
                static class Helper { public static int Peek() => retransmits; }
                public static int Both() => Helper.Peek() + Retransmit();
            }
            """);
        Assert.Contains("Tcp.State.Of(net).retransmits", text);
    }

    [Fact]
    public async Task TuplesDeconstructionRefOutPatternsAndInterlocked_Migrate()
    {
        var text = await MigrateAsync("""
            using System.Collections.Generic;
            using System.Threading;
            static class Stats
            {
                static long a, b;
                static Dictionary<int, string>? names;
                static readonly List<(int Port, string Proto)> bound = new();
                public static void Swap() => (a, b) = (b, a);
                public static long Bump() => Interlocked.Add(ref a, 2) + Volatile.Read(ref b);
                public static bool Named(int port, out string? name) { name = null; return names is { } n && n.TryGetValue(port, out name); }
                public static void Bind(int port) { if (bound.Exists(x => x.Port == port)) return; bound.Add((port, "udp")); names ??= new(); names[port] = "udp"; }
                public static int Count() => bound.Count switch { 0 => 0, var c => c };
            }
            """);
        Assert.Contains("Interlocked.Add(ref State.Of(net).a, 2)", text);
    }

    [Fact]
    public async Task InstanceClassesCallingStaticState_CallersThroughObjectsUpdated()
    {
        var text = await MigrateAsync("""
            using System.Collections.Generic;
            static class Neigh { static readonly Dictionary<int, int> table = new(); public static void Learn(int ip) => table[ip] = 1; }
            sealed class Iface
            {
                private readonly List<int> _seen = new();
                public void Rx(int ip) { _seen.Add(ip); Neigh.Learn(ip); }
            }
            sealed class Host
            {
                private readonly Iface _eth = new();
                public void Deliver(int ip) => _eth.Rx(ip);
                public static void Run(Host h) => h.Deliver(7);
            }
            """);
        Assert.Contains("public void Rx(NetContext net, int ip)", text);
        // The host carries the context to its interface, created in a field initializer (no context there).
        Assert.Contains("sealed class Host : INetContextBound", text);
        Assert.Contains("public void Deliver(int ip) => _eth.Rx(this.Net, ip);", text);
        Assert.Contains("public static void Run(Host h) => h.Deliver(7);", text);
        Assert.DoesNotContain("class Iface : INetContextBound", text);
    }

    [Fact]
    public async Task TopLevelStatementsAndNamespacesAndUsingStatic_Migrate()
    {
        var text = await MigrateAsync(
            """
            namespace Stack.Ip
            {
                public static class Route { public static int Count; public static void Add() => Count++; }
            }
            """,
            """
            using static Stack.Ip.Route;
            namespace App
            {
                public static class Cli { public static int Run() { Add(); return Count; } }
            }
            """);
        Assert.Contains("public static int Run(NetContext net) { Add(net); return Stack.Ip.Route.State.Of(net).Count; }", text);
    }
}

public class MigrationStaticFunctionsTests
{
    [Fact]
    public async Task StaticLambdasAndLocalFunctions_LoseStaticToCapture()
    {
        var solution = MigrationHarness.CreateSolution("""
            using System;
            static class Rx
            {
                static int frames;
                public static int Count() { static int Local() => frames; return Local(); }
                public static Func<int> Reader() => static () => frames;
                public static void Frame() => frames++;
            }
            """);
        var result = await MigrationHarness.MigrateAllAsync(solution);
        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        var text = await MigrationHarness.TextAsync(result.Solution!, "App");
        Assert.Empty(await MigrationHarness.ErrorsAsync(result.Solution!));
        Assert.Contains("int Local() => State.Of(net).frames;", text);
        Assert.DoesNotContain("static int Local", text);
        Assert.Contains("=> () => State.Of(net).frames;", text);
    }
}
