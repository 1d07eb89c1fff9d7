using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace PerNet.CodeFixes.Migration;

/// <summary>
/// The documentation pass: a <c>cref</c> to a moved member (<c>&lt;see cref="cache"/&gt;</c>, <c>Arp.cache</c>) names it
/// where it now lives, <c>State.cache</c> / <c>Arp.State.cache</c>; left as it was, it would name nothing (CS1574, an
/// error in a library built with <c>TreatWarningsAsErrors</c> and documentation on).
/// </summary>
internal sealed class CrefPass
{
    private readonly StateMoves _states;
    private readonly HashSet<string> _moved;

    public CrefPass(MigrationPlan plan)
    {
        _states = plan.States;
        _moved = new HashSet<string>(plan.States.Moves.SelectMany(m => m.Members).Select(SymbolKeys.Of), System.StringComparer.Ordinal);
    }

    /// <summary>
    /// The documents that may name a moved member in a <c>cref</c> (the last name of one of their <c>cref</c> values is a
    /// moved member's), so that a file the other passes leave alone (documentation of another type) is rewritten too.
    /// One pass over each file's text, run once per plan.
    /// </summary>
    public IEnumerable<DocumentId> DocumentsToRead(IEnumerable<KeyValuePair<DocumentId, SemanticModel>> models)
    {
        var names = new HashSet<string>(_states.Moves.SelectMany(m => m.Members).Select(m => m.Name), System.StringComparer.Ordinal);
        if (names.Count == 0)
            yield break;
        foreach (var pair in models)
        {
            var text = pair.Value.SyntaxTree.GetText().ToString();
            if (text.IndexOf("cref", System.StringComparison.Ordinal) >= 0 &&
                s_crefValue.Matches(text).Cast<System.Text.RegularExpressions.Match>().Any(m => names.Contains(m.Groups[1].Value)))
                yield return pair.Key;
        }
    }

    /// <summary>A <c>cref</c> value's last simple name: <c>cref="Arp.cache"</c> gives <c>cache</c>.</summary>
    private static readonly System.Text.RegularExpressions.Regex s_crefValue =
        new(@"cref\s*=\s*[""'](?:[^""'(]*\.)?([A-Za-z_@][A-Za-z0-9_]*)", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>
    /// Rewrites the document's crefs to moved members; returns each rewrite by the type it is in and the cref's text, for
    /// <see cref="RewriteCopies"/> (a kept overload's documentation is a copy of the original, made by another pass).
    /// </summary>
    public Dictionary<(string Type, string Cref), CrefSyntax> Apply(DocumentEditor editor, SemanticModel model)
    {
        var done = new Dictionary<(string Type, string Cref), CrefSyntax>();
        if (_moved.Count == 0)
            return done;
        foreach (var cref in model.SyntaxTree.GetRoot().DescendantNodes(descendIntoTrivia: true).OfType<MemberCrefSyntax>())
        {
            if (cref is not NameMemberCrefSyntax { Parameters: null } name)
                continue;
            var whole = (CrefSyntax?)(name.Parent as QualifiedCrefSyntax) ?? name;
            if (model.GetSymbolInfo(whole).Symbol is not { } symbol || !_moved.Contains(SymbolKeys.Of(symbol.OriginalDefinition)))
                continue;
            var state = SyntaxFactory.IdentifierName(_states.NameOf(symbol.ContainingType));
            if (whole is QualifiedCrefSyntax { Container: not NameSyntax })
                continue;
            CrefSyntax moved = whole is QualifiedCrefSyntax qualified
                ? qualified.WithContainer(SyntaxFactory.QualifiedName(((NameSyntax)qualified.Container).WithoutTrivia(), state))
                : SyntaxFactory.QualifiedCref(Inside(symbol.ContainingType, model, cref.SpanStart) ? state : SyntaxFactory.QualifiedName(SyntaxFactory.IdentifierName(symbol.ContainingType.Name), state), name.WithoutTrivia());
            editor.ReplaceNode(whole, moved.WithTriviaFrom(whole));
            if (whole.FirstAncestorOrSelf<BaseTypeDeclarationSyntax>(ascendOutOfTrivia: true) is { } type)
                done[(type.Identifier.ValueText, whole.ToString())] = moved;
        }

        return done;
    }

    /// <summary>The same crefs in documentation copied from the original declarations (kept overloads, forwarders).</summary>
    public static SyntaxNode RewriteCopies(SyntaxNode root, Dictionary<(string Type, string Cref), CrefSyntax> done)
    {
        if (done.Count == 0)
            return root;
        var copies = root.DescendantNodes(descendIntoTrivia: true).OfType<CrefSyntax>()
            .Where(c => c is NameMemberCrefSyntax { Parent: not QualifiedCrefSyntax } or QualifiedCrefSyntax)
            .Select(c => (Cref: c, Key: (c.FirstAncestorOrSelf<BaseTypeDeclarationSyntax>(ascendOutOfTrivia: true)?.Identifier.ValueText ?? string.Empty, c.ToString())))
            .Where(c => done.ContainsKey(c.Key))
            .ToList();
        var replacements = copies.ToDictionary(c => (SyntaxNode)c.Cref, c => done[c.Key]);
        return copies.Count == 0 ? root : root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original].WithTriviaFrom(original));
    }

    private static bool Inside(INamedTypeSymbol owner, SemanticModel model, int position)
    {
        for (var type = model.GetEnclosingSymbol(position) as INamedTypeSymbol ?? model.GetEnclosingSymbol(position)?.ContainingType; type is not null; type = type.ContainingType)
        {
            if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, owner.OriginalDefinition))
                return true;
        }

        return false;
    }
}
