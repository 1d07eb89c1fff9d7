using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace PerNet.CodeFixes.Migration;

/// <summary>
/// Which types carry the context: the kernel finds a packet's namespace "by examining the network device
/// or the socket the packet is traversing" (<c>dev_net</c>, <c>sock_net</c>), and only paths that have
/// neither take the pointer. From the sites that found no context in scope, the carrier types in reach
/// (through <c>this</c>, parameters, and <c>this</c>'s fields) are chosen greedily: the type that covers
/// most sites not yet covered, until none covers one. <c>pernet.context_carriers</c> names them instead
/// (type names, full or simple, comma-separated), or <c>none</c>.
/// </summary>
internal sealed class CarrierChoice
{
    /// <summary>The property a carrier gets: <c>INetContextBound.Net</c>.</summary>
    public const string PropertyName = "Net";

    private CarrierChoice()
    {
    }

    /// <summary>The chosen carriers (hierarchy roots) by key.</summary>
    public Dictionary<string, INamedTypeSymbol> Chosen { get; } = new();

    /// <summary>Types named by <c>pernet.context_carriers</c> that cannot carry the context, with why.</summary>
    public List<string> Rejected { get; } = new();

    /// <summary>True when <c>pernet.context_carriers</c> made the choice.</summary>
    public bool Configured { get; private set; }

    public static CarrierChoice Choose(
        IReadOnlyList<(SyntaxNode Node, SemanticModel Model)> uncovered,
        Func<SyntaxNode, SemanticModel, IEnumerable<(ContextSource Source, INamedTypeSymbol? Type)>> inReach,
        Func<INamedTypeSymbol, string?> verdict,
        IEnumerable<INamedTypeSymbol> sourceTypes,
        string? configured)
    {
        var choice = new CarrierChoice();
        var reach = uncovered.Select(u => new HashSet<string>(inReach(u.Node, u.Model).Where(c => c.Type is not null).Select(c => SymbolKeys.Of(c.Type!)))).ToList();
        var types = new Dictionary<string, INamedTypeSymbol>();
        foreach (var type in sourceTypes)
            types[SymbolKeys.Of(type.OriginalDefinition)] = type.OriginalDefinition;

        if (!string.IsNullOrWhiteSpace(configured))
        {
            choice.Configured = true;
            foreach (var name in configured!.Split(new[] { ',', ';', ' ' }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (name.Equals("none", StringComparison.OrdinalIgnoreCase))
                    continue;
                var matches = types.Where(t => t.Value.ToDisplayString() == name || t.Value.Name == name).ToList();
                if (matches.Count == 0)
                    choice.Rejected.Add($"{name}: no such type in the solution");
                foreach (var match in matches)
                {
                    if (verdict(match.Value) is { } why)
                        choice.Rejected.Add($"{match.Value.ToDisplayString()}: {why}");
                    else
                        choice.Chosen[match.Key] = match.Value;
                }
            }

            return choice;
        }

        var covered = new bool[reach.Count];
        while (true)
        {
            var counts = new Dictionary<string, int>();
            for (var i = 0; i < reach.Count; i++)
            {
                if (covered[i])
                    continue;
                foreach (var key in reach[i])
                    counts[key] = counts.TryGetValue(key, out var n) ? n + 1 : 1;
            }

            if (counts.Count == 0)
                break;
            var best = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).First();
            if (!types.TryGetValue(best.Key, out var bestType))
                break;
            choice.Chosen[best.Key] = bestType;
            for (var i = 0; i < reach.Count; i++)
                covered[i] |= reach[i].Contains(best.Key);
        }

        return choice;
    }
}
