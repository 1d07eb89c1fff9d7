using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PerNet.CodeFixes.Migration;

/// <summary>
/// The <c>#if</c> conditions a moved member sits in that its new home, the state class at the top of its
/// type, does not: the member moves inside the same conditions. A member in an <c>#elif</c> or
/// <c>#else</c> branch within its type is not moved (its condition is not one expression to repeat).
/// </summary>
internal static class ConditionalDirectives
{
    /// <summary>The <c>#if</c> conditions to repeat around the moved member, or why it cannot move.</summary>
    public sealed class Conditions
    {
        public Conditions(IReadOnlyList<string> opens, string? problem)
        {
            Opens = opens;
            Problem = problem;
        }

        public IReadOnlyList<string> Opens { get; }

        public string? Problem { get; }
    }

    private static readonly Conditions s_none = new(System.Array.Empty<string>(), null);

    /// <summary>The conditions around <paramref name="member"/>'s declaration that do not also enclose <paramref name="host"/>'s members.</summary>
    public static Conditions Extra(ISymbol member, TypeDeclarationSyntax host)
    {
        var reference = member.DeclaringSyntaxReferences.FirstOrDefault();
        if (reference is null || !reference.SyntaxTree.GetRoot().ContainsDirectives)
            return s_none;
        var declaration = reference.GetSyntax();
        var declared = Stack(reference.SyntaxTree.GetRoot(), declaration.SpanStart);
        var hosted = host.SyntaxTree == reference.SyntaxTree ? Stack(host.SyntaxTree.GetRoot(), host.OpenBraceToken.Span.End) : new List<DirectiveTriviaSyntax>();
        if (declared.Count == 0)
            return hosted.Count == 0 ? s_none : new Conditions(System.Array.Empty<string>(), "a type part whose state class sits inside #if");
        if (hosted.Count > declared.Count || hosted.Where((d, i) => d != declared[i]).Any())
            return new Conditions(System.Array.Empty<string>(), "#if conditions that do not enclose its type");
        var extra = declared.Skip(hosted.Count).ToList();
        if (extra.Any(d => d is not IfDirectiveTriviaSyntax))
            return new Conditions(System.Array.Empty<string>(), "an #elif or #else branch");
        return extra.Count == 0 ? s_none : new Conditions(extra.Cast<IfDirectiveTriviaSyntax>().Select(d => d.Condition.ToString()).ToList(), null);
    }

    /// <summary><paramref name="member"/> inside <c>#if</c> lines for <paramref name="opens"/>, closed by as many <c>#endif</c> lines.</summary>
    public static MemberDeclarationSyntax Wrap(MemberDeclarationSyntax member, IReadOnlyList<string> opens)
    {
        if (opens.Count == 0)
            return member;
        var open = SyntaxFactory.ParseLeadingTrivia(string.Concat(opens.Select(c => "#if " + c + "\n")));
        var close = SyntaxFactory.ParseLeadingTrivia(string.Concat(Enumerable.Repeat("#endif\n", opens.Count)));
        var trailing = member.GetTrailingTrivia();
        if (!trailing.Any(SyntaxKind.EndOfLineTrivia))
            trailing = trailing.Add(SyntaxFactory.EndOfLine("\n"));
        return member.WithLeadingTrivia(open.AddRange(member.GetLeadingTrivia())).WithTrailingTrivia(trailing.AddRange(close));
    }

    /// <summary>True when <paramref name="node"/> is inside an <c>#if</c> (or <c>#elif</c>/<c>#else</c>) branch of its file.</summary>
    public static bool IsConditional(SyntaxNode node) =>
        node.SyntaxTree.GetRoot().ContainsDirectives && Stack(node.SyntaxTree.GetRoot(), node.SpanStart).Count > 0;

    /// <summary>The open <c>#if</c>/<c>#elif</c>/<c>#else</c> branches at <paramref name="position"/>, outermost first.</summary>
    private static List<DirectiveTriviaSyntax> Stack(SyntaxNode node, int position)
    {
        var stack = new List<DirectiveTriviaSyntax>();
        foreach (var trivia in node.DescendantTrivia())
        {
            if (!trivia.IsDirective || trivia.GetStructure() is not DirectiveTriviaSyntax directive)
                continue;
            if (directive.SpanStart >= position)
                break;
            switch (directive)
            {
                case IfDirectiveTriviaSyntax:
                    stack.Add(directive);
                    break;
                case ElifDirectiveTriviaSyntax or ElseDirectiveTriviaSyntax when stack.Count > 0:
                    stack[stack.Count - 1] = directive;
                    break;
                case EndIfDirectiveTriviaSyntax when stack.Count > 0:
                    stack.RemoveAt(stack.Count - 1);
                    break;
            }
        }

        return stack;
    }
}
