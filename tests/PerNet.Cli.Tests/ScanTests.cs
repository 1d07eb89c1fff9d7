using System.Text.Json;
using PerNet.Tests.Shared;

namespace PerNet.Cli.Tests;

/// <summary><c>pernet scan</c> over the bundled samples, in every format.</summary>
public class ScanTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("pernet-scan-").FullName;
    private readonly string _repository = DotNetCli.RepositoryRoot();

    public void Dispose()
    {
        try { Directory.Delete(_out, recursive: true); } catch (IOException) { }
    }

    private JsonElement ScanTo(string sample, string format)
    {
        var file = Path.Combine(_out, sample + "." + format);
        var (exit, output) = Pernet.Run(_repository, "scan", Path.Combine("samples", sample), "--format", format, "--output", file);
        Assert.True(exit == 0, output);
        return format is "json" or "sarif" ? JsonDocument.Parse(File.ReadAllText(file)).RootElement.Clone() : default;
    }

    [Fact]
    public void Explain_LegacyStack_VerdictsMatchWhatIsReported()
    {
        var file = Path.Combine(_out, "explain.json");
        var (exit, output) = Pernet.Run(_repository, "scan", Path.Combine("samples", "LegacyStack"), "--format", "json", "--explain", "--output", file);
        Assert.True(exit == 0, output);
        var json = JsonDocument.Parse(File.ReadAllText(file)).RootElement;

        var verdicts = json.GetProperty("verdicts").EnumerateArray().ToList();
        string[] Members(string list) => json.GetProperty(list).EnumerateArray().Select(s => s.GetProperty("member").GetString()!).Order(StringComparer.Ordinal).ToArray();
        string[] Judged(string value) => verdicts.Where(v => v.GetProperty("value").GetString() == value).Select(v => v.GetProperty("member").GetString()!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(Members("state"), Judged("state"));
        Assert.Equal(Members("readonly"), Judged("readonly"));
        Assert.Contains(verdicts, v => v.GetProperty("value").GetString() == "not-state" && v.GetProperty("reason").GetString()!.Length > 0);
        foreach (var item in json.GetProperty("state").EnumerateArray())
        {
            Assert.Equal("state", item.GetProperty("verdict").GetString());
            Assert.False(string.IsNullOrEmpty(item.GetProperty("reason").GetString()));
            if (item.GetProperty("reason").GetString() == "mutated")
                Assert.True(item.GetProperty("writes").GetInt32() > 0, $"{item.GetProperty("member")}: a change through it (table[i] = x) is a write");
        }

        // The table explains too, and --explain is a scan option only.
        var (tableExit, table) = Pernet.Run(_repository, "scan", Path.Combine("samples", "LegacyStack"), "--explain");
        Assert.True(tableExit == 0, table);
        Assert.Contains("verdicts (", table);
        var (migrateExit, _) = Pernet.Run(_repository, "migrate", Path.Combine("samples", "LegacyStack"), "--explain");
        Assert.Equal(2, migrateExit);
    }

    [Fact]
    public void Json_LegacyStack_EveryPieceOfStateWithSitesAndOutsideTypes()
    {
        var json = ScanTo("LegacyStack", "json");

        Assert.Equal(33, json.GetProperty("remaining").GetInt32());
        Assert.Equal(0, json.GetProperty("migrated").GetInt32());
        var state = json.GetProperty("state").EnumerateArray().ToList();
        Assert.Equal(33, state.Count);
        foreach (var item in state)
        {
            foreach (var property in new[] { "rule", "kind", "namespace", "type", "name", "member", "message", "file", "line", "reads", "writes", "sites", "externalTypes" })
                Assert.True(item.TryGetProperty(property, out _), $"{property} missing in {item}");
            Assert.Matches("^PN000[1-5]$", item.GetProperty("rule").GetString());
            Assert.Equal(item.GetProperty("reads").GetInt32() + item.GetProperty("writes").GetInt32(), item.GetProperty("sites").GetArrayLength());
        }

        var received = state.Single(s => s.GetProperty("member").GetString() == "LegacyStack.Snmp.IpInReceives");
        Assert.Equal("PN0001", received.GetProperty("rule").GetString());
        Assert.Equal("Snmp.cs", received.GetProperty("file").GetString());
        Assert.Contains("LegacyStack.Ipv4", received.GetProperty("externalTypes").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains(received.GetProperty("sites").EnumerateArray(), s => s.GetProperty("file").GetString() == "Ipv4.cs" && s.GetProperty("kind").GetString() == "write");
        var forward = state.Single(s => s.GetProperty("member").GetString() == "LegacyStack.Sysctl.IpForward");
        Assert.Equal("PN0003", forward.GetProperty("rule").GetString());
        Assert.True(forward.GetProperty("reads").GetInt32() >= 1);
    }

    [Fact]
    public void Sarif_LegacyStack_Valid210Log()
    {
        var sarif = ScanTo("LegacyStack", "sarif");

        Assert.Equal("2.1.0", sarif.GetProperty("version").GetString());
        Assert.Contains("sarif-2.1.0", sarif.GetProperty("$schema").GetString());
        var run = Assert.Single(sarif.GetProperty("runs").EnumerateArray());
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Equal("PerNet", driver.GetProperty("name").GetString());
        // One version everywhere: the tool's, its reports', the packages' (Directory.Build.props).
        var (_, version) = Pernet.Run(DotNetCli.RepositoryRoot(), "--version");
        Assert.Equal(version.Trim(), driver.GetProperty("version").GetString());
        Assert.Equal(version.Trim(), driver.GetProperty("semanticVersion").GetString());
        Assert.Matches(@"^\d+\.\d+\.\d+$", version.Trim());
        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        Assert.Contains(rules, r => r.GetProperty("id").GetString() == "PN0001");
        Assert.All(rules, r => Assert.EndsWith($"/docs/rules/{r.GetProperty("id").GetString()}.md", r.GetProperty("helpUri").GetString()));
        // Paths are relative to SRCROOT, the repository's root, so a code-scanning service can place them.
        var root = new Uri(run.GetProperty("originalUriBaseIds").GetProperty("SRCROOT").GetProperty("uri").GetString()!);
        Assert.Equal(new Uri(Path.TrimEndingDirectorySeparator(_repository) + "/"), root);
        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(33, results.Count);
        Assert.All(results.SelectMany(r => r.GetProperty("locations").EnumerateArray().Concat(r.TryGetProperty("relatedLocations", out var related) ? related.EnumerateArray() : Enumerable.Empty<JsonElement>())), location =>
        {
            var uri = location.GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()!;
            Assert.StartsWith("samples/LegacyStack/", uri, StringComparison.Ordinal);
            Assert.True(File.Exists(new Uri(root, uri).LocalPath), uri);
        });
        foreach (var result in results)
        {
            var ruleId = result.GetProperty("ruleId").GetString();
            Assert.Equal(ruleId, rules[result.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString());
            Assert.Contains(result.GetProperty("level").GetString(), new[] { "error", "warning", "note" });
            Assert.False(string.IsNullOrWhiteSpace(result.GetProperty("message").GetProperty("text").GetString()));
            var physical = result.GetProperty("locations")[0].GetProperty("physicalLocation");
            Assert.EndsWith(".cs", physical.GetProperty("artifactLocation").GetProperty("uri").GetString());
            Assert.True(physical.GetProperty("region").GetProperty("startLine").GetInt32() >= 1);
        }
    }

    /// <summary>The log validates against the OASIS SARIF 2.1.0 schema; outside a git repository SRCROOT is the solution's folder.</summary>
    [Fact]
    public async Task Sarif_ValidAgainstTheSchema_OutsideARepositoryRootedAtTheSolution()
    {
        var schema = await NJsonSchema.JsonSchema.FromFileAsync(Path.Combine(AppContext.BaseDirectory, "Schemas", "sarif-schema-2.1.0.json"));
        Assert.Empty(schema.Validate(JsonSerializer.Serialize(ScanTo("LegacyStack", "sarif"))).Select(e => e.ToString()));

        using var copy = new StackCopy(git: false);
        var file = Path.Combine(_out, "copy.sarif");
        var (exit, output) = Pernet.Run(copy.Root, "scan", "LegacyStack", "--format", "sarif", "--output", file);
        Assert.True(exit == 0, output);
        var text = File.ReadAllText(file);
        Assert.Empty(schema.Validate(text).Select(e => e.ToString()));
        var run = JsonDocument.Parse(text).RootElement.GetProperty("runs")[0];
        Assert.Equal(new Uri(copy.Project + "/"), new Uri(run.GetProperty("originalUriBaseIds").GetProperty("SRCROOT").GetProperty("uri").GetString()!));
        Assert.Equal("Arp.cs", run.GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
    }

    /// <summary>
    /// The picture of a code base with dozens of types: no arrow runs under a box it does not connect, each starts at
    /// the bottom of the type that touches and ends at the left side of the type touched, arrows stay out of each
    /// other's lanes, and a type the migration will not move shows why. The Markdown and the page end with the next steps.
    /// </summary>
    [Fact]
    public void Html_DozensOfTypes_EveryArrowCanBeFollowed()
    {
        var root = Path.Combine(_out, "Many");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "Many.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>");
        const int Types = 30;
        var code = new System.Text.StringBuilder("namespace Many;\n");
        for (var i = 0; i < Types; i++)
        {
            // Each type counts, and bumps the counters of two others: dozens of arrows, across rows and columns.
            code.Append($"public static class T{i:00} {{ public static int Count; public static void Touch() {{ Count++; T{(i * 7 + 3) % Types:00}.Count++; T{(i * 11 + 5) % Types:00}.Count++; }} }}\n");
        }

        code.Append("public static class Mixed { static int moved; static readonly int[] kept; static Mixed() { kept = new int[moved = 4]; } public static int Get() => moved++ + kept[0]; }\n");
        File.WriteAllText(Path.Combine(root, "Many.cs"), code.ToString());
        var file = Path.Combine(_out, "many.html");
        var (exit, output) = Pernet.Run(root, "scan", "Many.csproj", "--format", "html", "--output", file);
        Assert.True(exit == 0, output);
        var html = File.ReadAllText(file);

        var boxes = System.Text.RegularExpressions.Regex.Matches(html, "<g class=\"type[^\"]*\" data-type=\"([^\"]+)\"[^>]*>\\s*<rect class=\"frame\" x=\"(\\d+)\" y=\"(\\d+)\" width=\"(\\d+)\" height=\"(\\d+)\"")
            .ToDictionary(m => m.Groups[1].Value, m => (X: int.Parse(m.Groups[2].Value), Y: int.Parse(m.Groups[3].Value), W: int.Parse(m.Groups[4].Value), H: int.Parse(m.Groups[5].Value)));
        Assert.Equal(Types + 1, boxes.Count);
        var edges = System.Text.RegularExpressions.Regex.Matches(html, "<path class=\"edge\" data-from=\"([^\"]+)\" data-to=\"([^\"]+)\" d=\"([^\"]+)\"").ToList();
        Assert.True(edges.Count >= 2 * Types - 5, $"{edges.Count} arrows");
        var segments = new List<(string Edge, int X1, int Y1, int X2, int Y2)>();
        foreach (var edge in edges)
        {
            var (from, to, d) = (edge.Groups[1].Value, edge.Groups[2].Value, edge.Groups[3].Value);
            var points = Points(d);
            var (a, z) = (boxes[from], boxes[to]);
            Assert.True(points[0].Y == a.Y + a.H && points[0].X > a.X && points[0].X < a.X + a.W, $"{from} -> {to} starts at the bottom of {from}: {d}");
            Assert.True(points[^1].X == z.X && points[^1].Y > z.Y && points[^1].Y < z.Y + z.H, $"{from} -> {to} ends at the left side of {to}: {d}");
            for (var i = 1; i < points.Count; i++)
            {
                var (p, q) = (points[i - 1], points[i]);
                segments.Add((from + "->" + to, p.X, p.Y, q.X, q.Y));
                foreach (var (name, box) in boxes)
                {
                    // A segment may touch the box it leaves (the first) or enters (the last) only at its border.
                    Assert.False(Crosses(p, q, box), $"{from} -> {to} runs under {name}: {d}");
                }
            }
        }

        // No two arrows share a stretch of a lane: each can be followed on its own.
        foreach (var s1 in segments)
        {
            Assert.DoesNotContain(segments, s2 => s2.Edge != s1.Edge && Overlap(s1, s2));
        }

        Assert.Contains("class=\"type refused\" data-type=\"Many.Mixed\"", html);
        Assert.Contains("<li><code>Many.Mixed</code>: a statement of its static constructor sets both state and statics that stay; split it first</li>", html);
        Assert.Contains("class=\"legend\"", html);
        Assert.Contains("<pre id=\"next\">next:\n  pernet migrate Many.csproj --dry-run", html);
    }

    private static List<(int X, int Y)> Points(string d)
    {
        var tokens = d.Split(' ');
        var points = new List<(int X, int Y)> { (int.Parse(tokens[1]), int.Parse(tokens[2])) };
        for (var i = 3; i < tokens.Length; i += 2)
        {
            var value = int.Parse(tokens[i + 1]);
            points.Add(tokens[i] == "H" ? (value, points[^1].Y) : (points[^1].X, value));
        }

        return points;
    }

    /// <summary>An axis-parallel segment passes through the inside of the box (its border excluded).</summary>
    private static bool Crosses((int X, int Y) p, (int X, int Y) q, (int X, int Y, int W, int H) box) =>
        Math.Max(p.X, q.X) > box.X && Math.Min(p.X, q.X) < box.X + box.W && Math.Max(p.Y, q.Y) > box.Y && Math.Min(p.Y, q.Y) < box.Y + box.H;

    private static bool Overlap((string Edge, int X1, int Y1, int X2, int Y2) a, (string Edge, int X1, int Y1, int X2, int Y2) b) =>
        (a.Y1 == a.Y2 && b.Y1 == b.Y2 && a.Y1 == b.Y1 && Math.Max(Math.Min(a.X1, a.X2), Math.Min(b.X1, b.X2)) < Math.Min(Math.Max(a.X1, a.X2), Math.Max(b.X1, b.X2))) ||
        (a.X1 == a.X2 && b.X1 == b.X2 && a.X1 == b.X1 && Math.Max(Math.Min(a.Y1, a.Y2), Math.Min(b.Y1, b.Y2)) < Math.Min(Math.Max(a.Y1, a.Y2), Math.Max(b.Y1, b.Y2)));

    [Fact]
    public void HtmlAndMarkdown_LegacyStack_PictureAndTables()
    {
        ScanTo("LegacyStack", "html");
        ScanTo("LegacyStack", "md");
        var html = File.ReadAllText(Path.Combine(_out, "LegacyStack.html"));
        var md = File.ReadAllText(Path.Combine(_out, "LegacyStack.md"));

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<svg", html);
        Assert.Contains("aria-valuenow=\"0\"", html); // nothing migrated yet
        Assert.Equal(7, System.Text.RegularExpressions.Regex.Matches(html, "<g class=\"type\" ").Count); // the seven types with state (not Checksum: its scratch buffer is per-thread scratch)
        Assert.Contains("data-from=\"LegacyStack.Ipv4\" data-to=\"LegacyStack.Snmp\"", html);
        Assert.Contains("## `LegacyStack.Udp`", md);
        Assert.Contains("| PN0002 | `ports` |", md);
        Assert.Contains("| Udp.cs:", md); // places are file:line:column
        Assert.Matches(@"\| Udp\.cs:\d+:\d+ \|", md);
        Assert.Contains("## Next steps", md);
        Assert.Contains("pernet migrate samples/LegacyStack --dry-run", md);
    }

    [Fact]
    public void Json_PerNetStack_AllMigrated()
    {
        var json = ScanTo("PerNetStack", "json");

        Assert.Equal(0, json.GetProperty("remaining").GetInt32());
        Assert.True(json.GetProperty("migrated").GetInt32() >= 30, json.ToString());
    }

    [Fact]
    public void Table_LegacyStack_GroupedByNamespaceAndType()
    {
        var (exit, output) = Pernet.Run(_repository, "scan", "samples/LegacyStack", "--no-restore");

        Assert.True(exit == 0, output);
        Assert.Contains("33 piece(s) of per-context state to migrate", output);
        Assert.Contains("namespace LegacyStack", output);
        Assert.Contains("  LegacyStack.Snmp (16)", output);
        Assert.Matches(@"PN0003\s+IpForward\s+settable static property", output);
        // It ends with what to do next, with the path scanned.
        Assert.Contains("next:\n  pernet migrate samples/LegacyStack --dry-run", output);
        Assert.Contains("pernet scan samples/LegacyStack --explain", output);
        Assert.Contains("[SharedAcrossContexts(\"why\")]", output);
    }
}
