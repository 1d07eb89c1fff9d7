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
