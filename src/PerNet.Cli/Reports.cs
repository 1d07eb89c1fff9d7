using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PerNet.Analyzers;

namespace PerNet.Cli;

/// <summary>The inventory written as a console table, JSON, SARIF 2.1.0, Markdown or an HTML picture.</summary>
public static class Reports
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <param name="scanned">The path as the user gave it, for the next steps the table ends with.</param>
    public static string Render(Inventory inventory, string format, string? scanned = null) => format switch
    {
        "json" => JsonSerializer.Serialize(inventory, s_json),
        "sarif" => Sarif(inventory),
        "md" => Markdown(inventory, scanned),
        "html" => Html(inventory, scanned),
        _ => Table(inventory, scanned),
    };

    private static IEnumerable<IGrouping<string, StateItem>> ByType(Inventory inventory) =>
        inventory.State.OrderBy(s => s.Namespace, StringComparer.Ordinal).ThenBy(s => s.Type, StringComparer.Ordinal).ThenBy(s => s.Line).GroupBy(s => s.Type);

    public static string Table(Inventory inventory, string? scanned = null)
    {
        var b = new StringBuilder();
        b.AppendLine($"{inventory.Path}: {inventory.Remaining} piece(s) of per-context state to migrate, {inventory.Readonly.Count} to make readonly, {inventory.Migrated} migrated, {inventory.Findings.Count} other finding(s)");
        foreach (var ns in ByType(inventory).GroupBy(g => g.First().Namespace))
        {
            b.AppendLine();
            b.AppendLine($"namespace {(ns.Key.Length == 0 ? "(global)" : ns.Key)}");
            foreach (var type in ns)
            {
                b.AppendLine($"  {type.Key} ({type.Count()})");
                var nameWidth = Math.Max(6, type.Max(s => s.Name.Length));
                var kindWidth = type.Max(s => s.Kind.Length);
                foreach (var item in type)
                {
                    var outside = item.ExternalTypes.Count == 0 ? string.Empty : "  from " + string.Join(", ", item.ExternalTypes.Select(Short));
                    b.AppendLine($"    {item.Rule}  {item.Name.PadRight(nameWidth)}  {item.Kind.PadRight(kindWidth)}  {item.Reads,3} r {item.Writes,3} w  {Place(item.File, item.Line, item.Column)}{outside}");
                }
            }
        }

        if (inventory.Readonly.Count > 0)
        {
            b.AppendLine();
            b.AppendLine("make readonly (never written after initialization, the value cannot change)");
            foreach (var item in inventory.Readonly)
                b.AppendLine($"  {item.Rule}  {item.Member}  {Place(item.File, item.Line, item.Column)}");
        }

        if (inventory.Verdicts is { } verdicts)
        {
            b.AppendLine();
            b.AppendLine($"verdicts ({verdicts.Count} static members considered)");
            var width = verdicts.Count == 0 ? 0 : verdicts.Max(v => v.Member.Length);
            foreach (var verdict in verdicts.OrderBy(v => v.Member, StringComparer.Ordinal))
                b.AppendLine($"  {verdict.Member.PadRight(width)}  {verdict.Value,-9}  {verdict.Reason,-22}  {verdict.Explanation}  ({Place(verdict.File, verdict.Line, verdict.Column)})");
        }

        if (inventory.Findings.Count > 0)
        {
            b.AppendLine();
            b.AppendLine("other findings");
            foreach (var finding in inventory.Findings)
                b.AppendLine($"  {finding.Rule}  {Place(finding.File, finding.Line, finding.Column)}  {finding.Message}");
        }

        b.AppendLine();
        b.Append(NextSteps(inventory, scanned ?? inventory.Path));
        return b.ToString();
    }

    /// <summary>What to do with what the scan found: the commands, with the path scanned.</summary>
    private static string NextSteps(Inventory inventory, string scanned)
    {
        var path = scanned.Contains(' ', StringComparison.Ordinal) ? "\"" + scanned + "\"" : scanned;
        var b = new StringBuilder("next:\n");
        if (inventory.Remaining > 0 || inventory.Readonly.Count > 0)
        {
            b.AppendLine($"  pernet migrate {path} --dry-run  — what the migration would do; then without --dry-run (--style ambient: no signature changes)");
            b.AppendLine("  [SharedAcrossContexts(\"why\")] on a member  — keeps it shared on purpose, with the reason (PN0006 asks for one)");
        }

        if (inventory.Verdicts is null)
            b.AppendLine($"  pernet scan {path} --explain  — why each static was, or was not, reported");
        b.AppendLine($"  pernet check {path} --baseline pernet.baseline --update-baseline  — a CI ratchet against new state");
        return b.ToString();
    }

    private static string Short(string type) => HtmlPicture.Short(type);

    /// <summary>A place as every command prints it: <c>file:line:column</c>, 1-based.</summary>
    private static string Place(string file, int line, int column) => $"{file}:{line}:{column}";

    public static string Markdown(Inventory inventory, string? scanned = null)
    {
        var b = new StringBuilder();
        b.AppendLine($"# PerNet inventory: {inventory.Path}");
        b.AppendLine();
        b.AppendLine($"{inventory.Remaining} piece(s) of per-context state to migrate, {inventory.Migrated} migrated, {inventory.Findings.Count} other finding(s).");
        foreach (var type in ByType(inventory))
        {
            b.AppendLine();
            b.AppendLine($"## `{type.Key}`");
            b.AppendLine();
            b.AppendLine("| Rule | Member | Kind | Reads | Writes | Declared | Touched from |");
            b.AppendLine("|---|---|---|---:|---:|---|---|");
            foreach (var item in type)
                b.AppendLine($"| {item.Rule} | `{item.Name}` | {item.Kind} | {item.Reads} | {item.Writes} | {Place(item.File, item.Line, item.Column)} | {string.Join(", ", item.ExternalTypes.Select(t => "`" + Short(t) + "`"))} |");
        }

        if (inventory.Readonly.Count > 0)
        {
            b.AppendLine();
            b.AppendLine("## Make readonly");
            b.AppendLine();
            b.AppendLine("Never written after initialization; the value cannot change.");
            b.AppendLine();
            b.AppendLine("| Rule | Member | Declared |");
            b.AppendLine("|---|---|---|");
            foreach (var item in inventory.Readonly)
                b.AppendLine($"| {item.Rule} | `{item.Member}` | {Place(item.File, item.Line, item.Column)} |");
        }

        if (inventory.Findings.Count > 0)
        {
            b.AppendLine();
            b.AppendLine("## Other findings");
            b.AppendLine();
            b.AppendLine("| Rule | Where | Message |");
            b.AppendLine("|---|---|---|");
            foreach (var finding in inventory.Findings)
                b.AppendLine($"| {finding.Rule} | {Place(finding.File, finding.Line, finding.Column)} | {finding.Message.Replace("|", "\\|", StringComparison.Ordinal)} |");
        }

        b.AppendLine();
        b.AppendLine("## Next steps");
        b.AppendLine();
        b.AppendLine("```text");
        b.Append(NextSteps(inventory, scanned ?? inventory.Path));
        b.AppendLine("```");
        return b.ToString();
    }

    /// <summary>SARIF 2.1.0: one run, the rules with help links, a result per item with its sites as related locations.</summary>
    public static string Sarif(Inventory inventory)
    {
        var descriptors = PerNet.CodeFixes.Migration.SolutionMigration.Analyzers.SelectMany(a => a.SupportedDiagnostics).GroupBy(d => d.Id).Select(g => g.First()).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        var rules = new JsonArray(descriptors.Select(d => (JsonNode)new JsonObject
        {
            ["id"] = d.Id,
            ["name"] = d.Title.ToString(CultureInfo.InvariantCulture).Replace(" ", string.Empty, StringComparison.Ordinal),
            ["shortDescription"] = new JsonObject { ["text"] = d.Title.ToString(CultureInfo.InvariantCulture) },
            ["fullDescription"] = new JsonObject { ["text"] = d.Description.ToString(CultureInfo.InvariantCulture) },
            ["helpUri"] = d.HelpLinkUri,
            ["defaultConfiguration"] = new JsonObject { ["level"] = Level(d.DefaultSeverity.ToString()) },
        }).ToArray());
        var ruleIndex = descriptors.Select((d, i) => (d.Id, i)).ToDictionary(p => p.Id, p => p.i);

        JsonObject Location(string file, int line, int column, string? message = null)
        {
            var location = new JsonObject
            {
                ["physicalLocation"] = new JsonObject
                {
                    ["artifactLocation"] = new JsonObject { ["uri"] = UriPath(inventory, file), ["uriBaseId"] = "SRCROOT" },
                    ["region"] = new JsonObject { ["startLine"] = line, ["startColumn"] = column },
                },
            };
            if (message is not null)
                location["message"] = new JsonObject { ["text"] = message };
            return location;
        }

        var results = new JsonArray();
        foreach (var item in inventory.State.Concat(inventory.Readonly))
        {
            results.Add(new JsonObject
            {
                ["ruleId"] = item.Rule,
                ["ruleIndex"] = ruleIndex.GetValueOrDefault(item.Rule),
                ["level"] = "warning",
                ["properties"] = new JsonObject { ["verdict"] = item.Verdict, ["reason"] = item.Reason, ["explanation"] = item.Explanation },
                ["message"] = new JsonObject { ["text"] = item.Message },
                ["locations"] = new JsonArray(Location(item.File, item.Line, item.Column)),
                ["relatedLocations"] = new JsonArray(item.Sites.Select(s => (JsonNode)Location(s.File, s.Line, s.Column, $"{s.Kind} in {s.Type}")).ToArray()),
                ["partialFingerprints"] = new JsonObject { ["pernetMember/v1"] = item.Rule + ":" + item.Member },
            });
        }

        foreach (var finding in inventory.Findings)
        {
            results.Add(new JsonObject
            {
                ["ruleId"] = finding.Rule,
                ["ruleIndex"] = ruleIndex.GetValueOrDefault(finding.Rule),
                ["level"] = Level(finding.Severity),
                ["message"] = new JsonObject { ["text"] = finding.Message },
                ["locations"] = new JsonArray(Location(finding.File, finding.Line, finding.Column)),
            });
        }

        var log = new JsonObject
        {
            ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject
                {
                    ["driver"] = new JsonObject
                    {
                        ["name"] = "PerNet",
                        ["version"] = inventory.Version,
                        ["semanticVersion"] = inventory.Version,
                        ["informationUri"] = "https://github.com/pernet/pernet",
                        ["rules"] = rules,
                    },
                },
                ["originalUriBaseIds"] = new JsonObject { ["SRCROOT"] = SourceRoot(inventory) },
                ["results"] = results,
            }),
        };
        return log.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>SARIF's <c>SRCROOT</c>: the repository's root as a <c>file:</c> URI ending in a slash, so that code-scanning services place the results.</summary>
    private static JsonObject SourceRoot(Inventory inventory)
    {
        var root = new JsonObject { ["description"] = new JsonObject { ["text"] = "The root of the repository that holds " + inventory.Path + " (its folder outside a git repository)" } };
        if (inventory.SourceRoot.Length > 0)
            root["uri"] = new Uri(System.IO.Path.TrimEndingDirectorySeparator(inventory.SourceRoot) + "/").AbsoluteUri;
        return root;
    }

    /// <summary>A path relative to the solution, made relative to <c>SRCROOT</c> and written as a URI reference: each segment escaped (a space is <c>%20</c>), the slashes kept.</summary>
    private static string UriPath(Inventory inventory, string file)
    {
        if (inventory.SourceRoot.Length == 0)
            return file;
        var relative = System.IO.Path.GetRelativePath(inventory.SourceRoot, System.IO.Path.GetFullPath(System.IO.Path.Combine(inventory.SolutionRoot, file)));
        return string.Join("/", relative.Replace('\\', '/').Split('/').Select(Uri.EscapeDataString));
    }

    private static string Level(string severity) => severity.ToLowerInvariant() switch
    {
        "error" => "error",
        "warning" => "warning",
        _ => "note",
    };

    /// <summary>
    /// One self-contained page: a progress bar (migrated vs remaining), a legend, then each type with state as a
    /// box whose height grows with its state and an arrow from every type that touches another type's state to
    /// that type (<see cref="HtmlPicture"/>), the types the migration will not move and why, the full table and
    /// the next steps.
    /// </summary>
    public static string Html(Inventory inventory, string? scanned = null)
    {
        var types = ByType(inventory).Select(g => (Name: g.Key, Items: g.ToList())).ToList();
        var total = inventory.Migrated + inventory.Remaining;
        var percent = total == 0 ? 100 : (int)Math.Round(100.0 * inventory.Migrated / total);

        var b = new StringBuilder();
        b.AppendLine("<!DOCTYPE html>");
        b.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\"><title>PerNet inventory: " + E(inventory.Path) + "</title>");
        b.AppendLine("""
            <style>
              body { font-family: system-ui, sans-serif; margin: 24px; color: #1d2330; }
              .bar { width: 640px; height: 22px; background: #f3d1cf; border-radius: 4px; overflow: hidden; }
              .done { height: 100%; background: #3c9a5f; }
              svg text { font-family: ui-monospace, monospace; font-size: 12px; }
              .type rect.frame, .key.type { fill: #eef3fb; stroke: #4a6fa5; stroke-width: 1.5; }
              .type.touching rect.frame, .key.touching { fill: #f7f7f7; stroke: #999; stroke-dasharray: 4 3; }
              .type.refused rect.frame, .key.refused { fill: #fdf0e6; stroke: #d9822b; stroke-width: 2.5; }
              .type text.title { font-weight: bold; }
              .type text.reason { fill: #a0521a; }
              path.edge { fill: none; stroke-opacity: 0.85; stroke-linejoin: round; }
              path.edge:hover { stroke-opacity: 1; stroke-width: 5; }
              .legend { display: flex; flex-wrap: wrap; gap: 8px 24px; margin: 8px 0 12px; font-size: 13px; }
              .legend span { display: inline-flex; align-items: center; gap: 6px; }
              table { border-collapse: collapse; margin-top: 16px; }
              td, th { border: 1px solid #ccd; padding: 2px 8px; font-size: 13px; text-align: left; }
              pre { background: #f5f6f8; padding: 8px 12px; }
            </style></head><body>
            """);
        b.AppendLine($"<h1>PerNet inventory: {E(inventory.Path)}</h1>");
        b.AppendLine($"<p id=\"progress-text\">{inventory.Migrated} of {total} pieces of per-context state migrated ({percent}%); {inventory.Remaining} remaining; {inventory.Readonly.Count} to make readonly; {inventory.Findings.Count} other finding(s).</p>");
        b.AppendLine($"<div class=\"bar\" role=\"progressbar\" aria-valuenow=\"{percent}\" aria-valuemin=\"0\" aria-valuemax=\"100\"><div class=\"done\" style=\"width:{percent}%\"></div></div>");
        b.AppendLine("<h2>State by type</h2>");
        b.Append(HtmlPicture.Legend());
        HtmlPicture.Write(b, types, inventory.State);
        var refused = types.Select(t => (t.Name, Reason: HtmlPicture.RefusedBecause(t.Items))).Where(t => t.Reason is not null).ToList();
        if (refused.Count > 0)
        {
            b.AppendLine("<h2>Not migrated automatically</h2><ul id=\"refused\">");
            foreach (var (name, reason) in refused)
                b.AppendLine($"<li><code>{E(name)}</code>: {E(reason!)}</li>");
            b.AppendLine("</ul>");
        }

        b.AppendLine("<h2>All state</h2><table><tr><th>Rule</th><th>Member</th><th>Kind</th><th>Reads</th><th>Writes</th><th>Declared</th><th>Touched from</th></tr>");
        foreach (var item in inventory.State)
            b.AppendLine($"<tr><td>{E(item.Rule)}</td><td>{E(item.Member)}</td><td>{E(item.Kind)}</td><td>{item.Reads}</td><td>{item.Writes}</td><td>{E(Place(item.File, item.Line, item.Column))}</td><td>{E(string.Join(", ", item.ExternalTypes.Select(Short)))}</td></tr>");
        b.AppendLine("</table>");
        b.AppendLine("<h2>Next steps</h2><pre id=\"next\">" + E(NextSteps(inventory, scanned ?? inventory.Path)) + "</pre>");
        b.AppendLine("</body></html>");
        return b.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
