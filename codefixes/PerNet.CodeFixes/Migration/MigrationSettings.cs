using System.Linq;
using Microsoft.CodeAnalysis;

namespace PerNet.CodeFixes.Migration;

/// <summary>
/// The <c>pernet.*</c> settings the migration reads (.editorconfig / .globalconfig), as they apply to
/// one file: its own section first, then the global ones. Trimmed; null when not set.
/// </summary>
internal static class MigrationSettings
{
    public static string? For(Document document, string key)
    {
        var provider = document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider;
        var options = document.TryGetSyntaxTree(out var tree) ? provider.GetOptions(tree) : provider.GlobalOptions;
        return options.TryGetValue(key, out var value) || provider.GlobalOptions.TryGetValue(key, out value) ? value.Trim() : null;
    }

    /// <summary>The setting as it applies to the file that declares <paramref name="type"/>.</summary>
    public static string? For(Solution solution, INamedTypeSymbol? type, string key) =>
        type?.Locations.FirstOrDefault(l => l.IsInSource)?.SourceTree is { } tree && solution.GetDocument(tree) is { } document ? For(document, key) : null;
}
