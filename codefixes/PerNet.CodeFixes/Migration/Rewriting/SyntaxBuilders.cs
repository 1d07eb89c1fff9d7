using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PerNet.CodeFixes.Migration;

/// <summary>Syntax that more than one rewriting pass builds, built one way.</summary>
internal static class SyntaxBuilders
{
    /// <summary>
    /// <paramref name="item"/> inserted at <paramref name="index"/>, laid out like the list: before an item
    /// that starts a line it gets a line of its own with that item's indentation; elsewhere it goes on the
    /// same line, followed by ", ". The other items keep their trivia, so only one line changes.
    /// </summary>
    public static SeparatedSyntaxList<T> Insert<T>(SeparatedSyntaxList<T> list, int index, T item)
        where T : SyntaxNode
    {
        var nodes = list.ToList();
        var separators = list.GetSeparators().ToList();
        if (index >= list.Count)
        {
            if (list.Count == 0)
                return list.Add(item);
            var last = nodes[nodes.Count - 1];
            nodes[nodes.Count - 1] = last.WithoutTrailingTrivia();
            nodes.Add(item.WithTrailingTrivia(last.GetTrailingTrivia()));
            separators.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
            return SyntaxFactory.SeparatedList(nodes, separators);
        }

        var displaced = list[index];
        var startsLine = displaced.GetFirstToken().GetPreviousToken().TrailingTrivia.Any(SyntaxKind.EndOfLineTrivia);
        nodes.Insert(index, item.WithLeadingTrivia(displaced.GetLeadingTrivia()));
        if (!startsLine)
            nodes[index + 1] = displaced.WithLeadingTrivia();
        separators.Insert(index, SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(startsLine ? SyntaxFactory.EndOfLine("\n") : SyntaxFactory.Space));
        return SyntaxFactory.SeparatedList(nodes, separators);
    }

    /// <summary><c>expression.name</c>.</summary>
    public static MemberAccessExpressionSyntax Member(ExpressionSyntax expression, SimpleNameSyntax name) =>
        SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, expression, name);

    /// <summary>
    /// <c>State.Of(source)</c>, or <c>State.Current</c> in the ambient style; through its base,
    /// <c>PerNet&lt;State&gt;.Current</c>, when <paramref name="accessorHidden"/>: the state class has a moved member of that
    /// name (a static <c>Current</c> that moved), which hides the inherited accessor.
    /// </summary>
    public static ExpressionSyntax StateOf(ExpressionSyntax stateType, ContextSource source, bool accessorHidden = false)
    {
        var owner = accessorHidden ? GeneratedNames.PerNetOf(SyntaxFactory.ParseTypeName(stateType.ToString())) : stateType;
        return source.ToExpression() is { } context
            ? SyntaxFactory.InvocationExpression(Member(owner, SyntaxFactory.IdentifierName("Of")), SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(context))))
            : Member(owner, SyntaxFactory.IdentifierName("Current"));
    }
}
