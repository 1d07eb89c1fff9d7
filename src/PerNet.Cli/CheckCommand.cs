using System.Text;

namespace PerNet.Cli;

/// <summary>
/// <c>pernet check --baseline FILE</c>: the CI ratchet. Fails when the code has per-context state or
/// findings the baseline does not list; <c>--update-baseline</c> writes the current list. Entries name
/// members (<c>PN0002 LegacyStack.Udp.ports</c>), not lines, so edits elsewhere do not disturb them.
/// </summary>
public static class CheckCommand
{
    public static async Task<int> RunAsync(Options options, TextWriter output, TextWriter progress, CancellationToken cancellationToken)
    {
        var baselinePath = Path.GetFullPath(options.Baseline!);
        // Said before loading the solution, which takes the most time.
        if (!options.UpdateBaseline && !File.Exists(baselinePath))
            throw new CliError(ExitCodes.Usage, $"baseline '{options.Baseline}' does not exist; create it with: pernet check {options.Path} --baseline {options.Baseline} --update-baseline");
        using var loaded = await WorkspaceLoader.LoadAsync(options.Path, options.Restore, progress, cancellationToken);
        var inventory = await InventoryBuilder.BuildAsync(loaded, progress, cancellationToken);
        var current = Entries(inventory);
        if (options.UpdateBaseline)
        {
            var text = new StringBuilder();
            text.AppendLine("# pernet baseline: per-context state and findings accepted for now, one per line.");
            text.AppendLine("# Regenerate with: pernet check <path> --baseline <this file> --update-baseline");
            foreach (var (entry, _) in current.OrderBy(e => e.Entry, StringComparer.Ordinal))
                text.AppendLine(entry);
            await File.WriteAllTextAsync(baselinePath, text.ToString(), cancellationToken);
            output.WriteLine($"baseline written: {current.Count} entr{(current.Count == 1 ? "y" : "ies")} to {options.Baseline}");
            return ExitCodes.Ok;
        }

        var baseline = (await File.ReadAllLinesAsync(baselinePath, cancellationToken))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

        // Multisets: the same entry twice (two boundaries in one method) counts twice.
        var remaining = baseline.GroupBy(e => e, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var added = new List<(string Entry, string Where)>();
        foreach (var (entry, where) in current)
        {
            if (remaining.TryGetValue(entry, out var count) && count > 0)
                remaining[entry] = count - 1;
            else
                added.Add((entry, where));
        }

        var gone = remaining.Where(p => p.Value > 0).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        if (added.Count > 0)
        {
            output.WriteLine($"{added.Count} new piece(s) of per-context state or finding(s) not in the baseline {options.Baseline}:");
            foreach (var (entry, where) in added)
                output.WriteLine($"  {where}: {entry}");
            output.WriteLine("Move new state into per-context state (pernet migrate, or the IDE fix), or, if it is accepted for now, run with --update-baseline.");
        }
        else
        {
            output.WriteLine($"ok: nothing beyond the baseline ({current.Count} known entr{(current.Count == 1 ? "y" : "ies")}).");
        }

        if (gone.Count > 0)
            output.WriteLine($"{gone.Count} baseline entr{(gone.Count == 1 ? "y is" : "ies are")} gone; run --update-baseline to ratchet: {string.Join("; ", gone)}");
        return added.Count > 0 ? ExitCodes.Findings : ExitCodes.Ok;
    }

    private static List<(string Entry, string Where)> Entries(Inventory inventory) =>
        inventory.State.Select(s => ($"{s.Rule} {s.Member}", $"{s.File}:{s.Line}:{s.Column}"))
            .Concat(inventory.Findings.Select(f => ($"{f.Rule} {f.Member}", $"{f.File}:{f.Line}:{f.Column}")))
            .ToList();
}
