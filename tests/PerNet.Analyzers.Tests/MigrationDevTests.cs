namespace PerNet.Analyzers.Tests;

public class MigrationDevTests
{
    [Fact]
    public async Task Show()
    {
        var solution = MigrationHarness.CreateSolution("""
            using System.Collections.Generic;
            using System.Net;
            static class Arp
            {
                static Dictionary<IPAddress, string> cache = new();
                static int lookups;
                public static string? Lookup(IPAddress ip) { lookups++; return cache.TryGetValue(ip, out var mac) ? mac : null; }
                public static void Learn(IPAddress ip, string mac) => cache[ip] = mac;
                public static int Count => cache.Count;
            }
            static class Ip
            {
                public static string? Resolve(IPAddress ip) => Arp.Lookup(ip) ?? (Arp.Count > 0 ? "x" : null);
                public static void Main() { Resolve(IPAddress.Loopback); }
            }
            """);
        var result = await MigrationHarness.MigrateAllAsync(solution);
        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        var text = await MigrationHarness.TextAsync(result.Solution!, "App");
        var errors = await MigrationHarness.ErrorsAsync(result.Solution!);
        Assert.Fail(text + "\n----\n" + string.Join("\n", errors) + "\n---- added: " + string.Join(", ", result.AddedParameters));
    }
}
