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
    /// <paramref name="members"/> with the settings with their own accessors moved exactly when what they change moves: such a
    /// setting holds nothing, it moves with the state of its type that moves in the same request (any part of the type; its
    /// accessors become the state's code, its readers read their own context's setting). One that would move alone is
    /// left out; one whose accessors name state that moves is added (a single fix on the state, which brings no diagnostic
    /// of the setting, moves it too), unless it is marked <c>[SharedAcrossContexts]</c>. Applied to the whole request.
    /// </summary>
    public static IReadOnlyCollection<ISymbol> WithSettingsThatFollow(IReadOnlyCollection<ISymbol> members, CancellationToken cancellationToken = default)
    {
        var state = members.Where(m => !SymbolFacts.IsSettingWithAccessors(m)).ToList();
        var result = members.Where(m => !SymbolFacts.IsSettingWithAccessors(m) ||
                                        state.Any(o => SymbolEqualityComparer.Default.Equals(o.ContainingType.OriginalDefinition, m.ContainingType.OriginalDefinition))).ToList();
        foreach (var type in state.Select(m => m.ContainingType.OriginalDefinition).Distinct<INamedTypeSymbol>(SymbolEqualityComparer.Default))
        {
            var names = new HashSet<string>(state.Where(m => SymbolEqualityComparer.Default.Equals(m.ContainingType.OriginalDefinition, type)).Select(m => m.Name), System.StringComparer.Ordinal);
            foreach (var setting in type.GetMembers().OfType<IPropertySymbol>())
            {
                if (setting is { IsStatic: true, SetMethod: not null, IsIndexer: false } && SymbolFacts.IsSettingWithAccessors(setting) && !SymbolFacts.IsMarkedShared(setting) &&
                    !result.Contains(setting, SymbolEqualityComparer.Default) &&
                    setting.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken).DescendantNodes().OfType<IdentifierNameSyntax>().Any(i => names.Contains(i.Identifier.ValueText))))
                    result.Add(setting);
            }
        }

        return result;
    }

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
