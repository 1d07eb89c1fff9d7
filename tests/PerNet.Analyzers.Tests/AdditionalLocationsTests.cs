using Microsoft.CodeAnalysis;

namespace PerNet.Analyzers.Tests;

/// <summary>Diagnostics name the member and type and carry the read/write sites in the declaring type.</summary>
public class AdditionalLocationsTests
{
    private static string Text(Location l) => l.SourceTree!.GetText().ToString(l.SourceSpan);

    [Fact]
    public async Task PrivateFieldWrittenFromNestedType_SiteSeen()
    {
        var diagnostics = await AnalyzerRunner.RunAsync("""
            static class Tcp
            {
                private static int retransmitMs = 200;
                static class Timers { public static void Backoff() => retransmitMs *= 2; }
            }
            """);
        var d = Assert.Single(diagnostics);
        Assert.Equal("w", d.Properties["SiteKinds"]);
        Assert.False(d.Properties.ContainsKey(MutableStaticFieldAnalyzer.MakeReadonlyProperty));
    }

    [Fact]
    public async Task ArpCache_SitesClassifiedAsReadWriteMutate()
    {
        var diagnostics = await AnalyzerRunner.RunAsync("""
            using System.Collections.Generic;
            static class Arp
            {
                static Dictionary<int, long> cache = new();
                public static bool Has(int ip) => cache.ContainsKey(ip);
                public static void Learn(int ip, long mac) => cache[ip] = mac;
                public static void Flush() { cache.Clear(); cache = new(); }
                public static long Get(int ip) => cache[ip];
            }
            """);
        var d = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticIds.MutableStaticField, d.Id);
        Assert.Contains("'Arp.cache'", d.GetMessage());
        Assert.Equal("rmmwr", d.Properties["SiteKinds"]);
        Assert.Equal(new[] { "cache", "cache", "cache", "cache", "cache" }, d.AdditionalLocations.Select(Text));
        Assert.Equal(new[] { 4, 5, 6, 6, 7 }, d.AdditionalLocations.Select(l => l.GetLineSpan().StartLinePosition.Line));
    }

    [Fact]
    public async Task CounterViaInterlockedAndIncrement_SitesAreWrites()
    {
        var diagnostics = await AnalyzerRunner.RunAsync("""
            using System.Threading;
            static class Stats
            {
                static long drops;
                public static void Drop() { Interlocked.Increment(ref drops); drops++; drops += 2; }
                public static long Drops => drops;
            }
            """);
        Assert.Equal("wwwr", Assert.Single(diagnostics).Properties["SiteKinds"]);
    }

    [Fact]
    public async Task EventSites_SubscribeIsWriteRaiseIsRead()
    {
        var diagnostics = await AnalyzerRunner.RunAsync("""
            using System;
            static class Link
            {
                public static event Action? Up;
                public static void Raise() => Up?.Invoke();
                static Link() { }
                public static void Watch(Action a) { Up += a; Up -= a; }
            }
            """);
        var d = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticIds.StaticEvent, d.Id);
        Assert.Equal("rww", d.Properties["SiteKinds"]);
    }

    [Fact]
    public async Task SitesOutsideDeclaringType_NotAdditionalLocations()
    {
        var diagnostics = await AnalyzerRunner.RunAsync("""
            public static class Sysctl { public static int Ttl = 64; }
            public static class Ip { public static int Ttl() => Sysctl.Ttl; }
            """);
        Assert.Empty(Assert.Single(diagnostics).AdditionalLocations);
    }

    [Fact]
    public async Task PartialParts_SitesFromEveryFile()
    {
        var diagnostics = await AnalyzerRunner.RunAsync(
            "static partial class Icmp { static int seq; }",
            "static partial class Icmp { public static int Next() => ++seq; }",
            "static partial class Icmp { public static int Peek() => seq; }");
        var d = Assert.Single(diagnostics);
        Assert.Equal(new[] { "/src/File1.cs", "/src/File2.cs" }, d.AdditionalLocations.Select(l => l.SourceTree!.FilePath));
    }
}
