using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PerNet.CodeFixes.Migration;

/// <summary>
/// The usings pass: <c>using PerNet;</c> where a migrated file now names runtime types and cannot see
/// them yet, placed where the file keeps its usings — among those of the compilation unit, or of its
/// namespace when the file keeps them there; in order when they are sorted (<c>System</c> first), else
/// after the last one; after a license header, never above it. Nothing when a <c>global using PerNet;</c>
/// or the file's own namespace already brings the runtime in.
/// </summary>
internal static class UsingsPass
{
    private const string Namespace = "PerNet";

    /// <param name="globalUsing">The project has <c>global using PerNet;</c> (see <see cref="HasGlobalUsing"/>, asked once per project).</param>
    public static SyntaxNode Apply(SyntaxNode root, bool globalUsing)
    {
        if (root is not CompilationUnitSyntax unit || globalUsing || !NamesRuntimeTypes(unit) || Sees(unit))
            return root;
        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(Namespace).WithLeadingTrivia(SyntaxFactory.Space));
        var namespaceWithUsings = unit.Usings.Count == 0 ? unit.Members.OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault(n => n.Usings.Count > 0) : null;
        if (namespaceWithUsings is not null)
            return unit.ReplaceNode(namespaceWithUsings, namespaceWithUsings.WithUsings(Insert(namespaceWithUsings.Usings, directive)));
        if (unit.Usings.Count > 0)
            return unit.WithUsings(Insert(unit.Usings, directive));

        // No usings yet: the header (comments up to the first blank line) stays first, then the using.
        var first = unit.GetFirstToken(includeZeroWidth: true);
        var (header, rest) = SplitHeader(first.LeadingTrivia);
        var eol = SyntaxFactory.EndOfLine("\n");
        var placed = directive.WithLeadingTrivia(header).WithTrailingTrivia(eol);
        var updated = unit.ReplaceToken(first, first.WithLeadingTrivia(SyntaxFactory.TriviaList(eol).AddRange(rest)));
        return updated.WithUsings(SyntaxFactory.SingletonList(placed));
    }

    /// <summary>
    /// The usings with <paramref name="directive"/>: in its sorted place among the plain namespace usings
    /// that no <c>#if</c> encloses, else right after the last of them — never inside a conditional block;
    /// first, after the header, when every using is conditional.
    /// </summary>
    private static SyntaxList<UsingDirectiveSyntax> Insert(SyntaxList<UsingDirectiveSyntax> usings, UsingDirectiveSyntax directive)
    {
        var plain = usings.Where(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.GlobalKeyword.IsKind(SyntaxKind.None) && !ConditionalDirectives.IsConditional(u)).ToList();
        var eol = usings[0].GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        if (!eol.IsKind(SyntaxKind.EndOfLineTrivia))
            eol = SyntaxFactory.EndOfLine("\n");
        if (plain.Count == 0)
        {
            var (header, remainder) = SplitHeader(usings[0].GetLeadingTrivia());
            var indentation = SyntaxFactory.TriviaList(remainder.Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse());
            return usings.Replace(usings[0], usings[0].WithLeadingTrivia(remainder)).Insert(0, directive.WithLeadingTrivia(header.AddRange(indentation)).WithTrailingTrivia(eol));
        }

        var names = plain.Select(u => u.Name!.ToString()).ToList();
        var sorted = names.Zip(names.Skip(1), (x, y) => Compare(x, y) <= 0).All(x => x);
        var before = sorted ? plain.FirstOrDefault(u => Compare(u.Name!.ToString(), Namespace) > 0) : null;
        if (before is not null && before.GetLeadingTrivia().Any(t => t.IsDirective))
            before = null;
        var anchor = before ?? plain[plain.Count - 1];
        var indent = SyntaxFactory.TriviaList(anchor.GetLeadingTrivia().Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse());
        var placed = directive.WithLeadingTrivia(indent).WithTrailingTrivia(eol);
        if (before is null)
            return usings.Insert(usings.IndexOf(anchor) + 1, placed); // the next using keeps its trivia (and any #if) after ours
        var index = usings.IndexOf(before);
        if (index == 0)
        {
            // The first using carries the file header: it moves to the new first line.
            placed = placed.WithLeadingTrivia(before.GetLeadingTrivia());
            usings = usings.Replace(before, before.WithLeadingTrivia(indent));
        }

        return usings.Insert(index, placed);
    }

    /// <summary><c>System</c> namespaces first, then ordinal, ignoring case (what IDE sorting produces).</summary>
    private static int Compare(string a, string b)
    {
        var systemA = a == "System" || a.StartsWith("System.", System.StringComparison.Ordinal);
        var systemB = b == "System" || b.StartsWith("System.", System.StringComparison.Ordinal);
        if (systemA != systemB)
            return systemA ? -1 : 1;
        return string.Compare(a, b, System.StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The header (up to and including the first blank line after comments, before any doc comment or directive) and the rest.</summary>
    private static (SyntaxTriviaList Header, SyntaxTriviaList Remainder) SplitHeader(SyntaxTriviaList trivia)
    {
        var end = -1;
        for (var i = 0; i < trivia.Count; i++)
        {
            var t = trivia[i];
            if (t.IsDirective || t.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) || t.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia) || t.IsKind(SyntaxKind.DisabledTextTrivia))
                break;
            // A blank line: an end of line that follows another (whitespace between).
            if (t.IsKind(SyntaxKind.EndOfLineTrivia) && i > 0)
            {
                var j = i - 1;
                while (j >= 0 && trivia[j].IsKind(SyntaxKind.WhitespaceTrivia))
                    j--;
                if (j >= 0 && trivia[j].IsKind(SyntaxKind.EndOfLineTrivia) && trivia.Take(j).Any(x => x.IsKind(SyntaxKind.SingleLineCommentTrivia) || x.IsKind(SyntaxKind.MultiLineCommentTrivia)))
                {
                    end = i;
                    break;
                }
            }
        }

        return end < 0
            ? (SyntaxFactory.TriviaList(), trivia)
            : (SyntaxFactory.TriviaList(trivia.Take(end + 1)), SyntaxFactory.TriviaList(trivia.Skip(end + 1).SkipWhile(t => t.IsKind(SyntaxKind.EndOfLineTrivia))));
    }

    private static bool NamesRuntimeTypes(CompilationUnitSyntax unit) =>
        unit.DescendantNodes().OfType<SimpleNameSyntax>().Any(i => i.Identifier.ValueText is "NetContext" || i is GenericNameSyntax { Identifier.ValueText: Namespace });

    /// <summary>The file already imports the runtime, or is inside its namespace.</summary>
    private static bool Sees(CompilationUnitSyntax unit) =>
        unit.Usings.Concat(unit.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().SelectMany(n => n.Usings)).Any(u => u.Alias is null && u.Name?.ToString() == Namespace) ||
        unit.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().Any(n => n.Name.ToString() == Namespace || n.Name.ToString().StartsWith(Namespace + ".", System.StringComparison.Ordinal));

    public static bool HasGlobalUsing(Compilation compilation) =>
        compilation.SyntaxTrees.Any(t => t.GetRoot() is CompilationUnitSyntax u &&
            u.Usings.Any(d => !d.GlobalKeyword.IsKind(SyntaxKind.None) && d.Alias is null && d.StaticKeyword.IsKind(SyntaxKind.None) && d.Name?.ToString() is Namespace or "global::" + Namespace));
}
