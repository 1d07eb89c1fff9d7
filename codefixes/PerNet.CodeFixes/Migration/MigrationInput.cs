using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PerNet.Analyzers;

namespace PerNet.CodeFixes.Migration;

/// <summary>
/// What the migration takes from the analyzers: the static members whose diagnostics carry the state
/// model's <c>state</c> verdict. The code fixes, the FixAll, the CLI and the tests all read it here.
/// </summary>
public static class MigrationInput
{
    /// <summary>The static members the diagnostics name (not those that only need "make readonly").</summary>
    public static async Task<IReadOnlyCollection<ISymbol>> MembersAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var members = new List<ISymbol>();
        if (root is null || model is null)
            return members;
        foreach (var diagnostic in diagnostics)
        {
            if (StateVerdict.From(diagnostic.Properties) is not { Kind: VerdictKind.State } || !diagnostic.Location.IsInSource)
                continue; // only the state model's "state" moves; "readonly" is made readonly, "not state" stays
            if (DeclaredMember(root, model, diagnostic, cancellationToken) is { } symbol && !members.Contains(symbol, SymbolEqualityComparer.Default))
                members.Add(symbol);
        }

        return members;
    }

    /// <summary>
    /// <paramref name="members"/> without the settings with their own accessors that would move alone: such a setting holds
    /// nothing, it moves with the state of its type that moves in the same request (any part of the type; its accessors
    /// become the state's code, its readers read their own context's setting). Applied to the whole request.
    /// </summary>
    public static IReadOnlyCollection<ISymbol> WithSettingsThatFollow(IReadOnlyCollection<ISymbol> members) =>
        members.Where(m => !SymbolFacts.IsSettingWithAccessors(m) ||
                           members.Any(o => !SymbolFacts.IsSettingWithAccessors(o) && SymbolEqualityComparer.Default.Equals(o.ContainingType.OriginalDefinition, m.ContainingType.OriginalDefinition))).ToList();

    /// <summary>The static member a state diagnostic (PN0000–PN0005) is about, whatever its verdict.</summary>
    public static async Task<ISymbol?> DeclaredMemberAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return root is null || model is null || !diagnostic.Location.IsInSource ? null : DeclaredMember(root, model, diagnostic, cancellationToken);
    }

    private static ISymbol? DeclaredMember(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan);
        var symbol = node is VariableDeclaratorSyntax or PropertyDeclarationSyntax ? model.GetDeclaredSymbol(node, cancellationToken) : null;
        return symbol is { IsStatic: true } ? symbol : null;
    }
}
