using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PerNet.CodeFixes.Migration;

/// <summary>
/// Moved code as the state's own: moved members by their bare names; in the explicit style, a call
/// that needs a context passes the state's (<c>Net</c>, the context that creates the state).
/// </summary>
internal sealed class InStateRewriter : CSharpSyntaxRewriter
{
    private readonly IReadOnlyCollection<SyntaxNode> _insideState;
    private readonly IReadOnlyCollection<SyntaxNode>? _ownContextCalls;
    private readonly IReadOnlyCollection<string> _perThread;
    private readonly IReadOnlyDictionary<SyntaxNode, string> _shadowed;
    private readonly IReadOnlyDictionary<SyntaxNode, ISymbol> _otherState;
    private readonly StateMoves _states;

    /// <param name="ownContextCalls">The calls that pass the state's own context (explicit style), else null.</param>
    /// <param name="shadowed">Names the state class would bind to its own inherited members, with the type that qualifies each.</param>
    /// <param name="otherState">Reads of another type's moved state, with the member read: read for the context being set up.</param>
    public InStateRewriter(IReadOnlyCollection<SyntaxNode> insideState, IReadOnlyCollection<SyntaxNode>? ownContextCalls, IReadOnlyCollection<string> perThread,
        IReadOnlyDictionary<SyntaxNode, string> shadowed, IReadOnlyDictionary<SyntaxNode, ISymbol> otherState, StateMoves states)
    {
        _insideState = insideState;
        _ownContextCalls = ownContextCalls;
        _perThread = perThread;
        _shadowed = shadowed;
        _otherState = otherState;
        _states = states;
    }

    public override SyntaxNode? VisitMemberAccessExpression(MemberAccessExpressionSyntax node) =>
        _insideState.Contains(node.Name) ? Value(node.Name.WithTriviaFrom(node), node.Name)
        : _otherState.TryGetValue(node.Name, out var target) ? OtherState((ExpressionSyntax)Visit(node.Expression)!, node.Name, target).WithTriviaFrom(node)
        : base.VisitMemberAccessExpression(node);

    public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node) =>
        _insideState.Contains(node) ? Value(node, node)
        : _otherState.TryGetValue(node, out var target) ? OtherState(SyntaxFactory.ParseExpression(target.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)), node, target).WithTriviaFrom(node)
        : _shadowed.TryGetValue(node, out var owner) ? SyntaxFactory.ParseExpression(owner + "." + node.Identifier.ValueText).WithTriviaFrom(node)
        : node;

    /// <summary><c>Octets.State.Of(Net).Empty</c>: another type's state, of the context this state is being set up for.</summary>
    private ExpressionSyntax OtherState(ExpressionSyntax owner, SimpleNameSyntax name, ISymbol target)
    {
        var stateOf = SyntaxBuilders.StateOf(SyntaxBuilders.Member(owner.WithoutTrivia(), SyntaxFactory.IdentifierName(_states.NameOf(target.ContainingType))),
            ContextSource.Value("Net"), _states.HidesAccessor(target.ContainingType));
        var access = SyntaxBuilders.Member(stateOf, name.WithoutTrivia());
        return _states.IsPerThread(target) ? SyntaxBuilders.Member(access, SyntaxFactory.IdentifierName("Value")) : access;
    }

    /// <summary>A per-thread member read through its <c>ThreadLocal</c>.</summary>
    private ExpressionSyntax Value(ExpressionSyntax expression, SimpleNameSyntax name) =>
        _perThread.Contains(name.Identifier.ValueText)
            ? SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, expression.WithoutTrivia(), SyntaxFactory.IdentifierName("Value")).WithTriviaFrom(expression)
            : expression;

    public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
    {
        var visited = (InvocationExpressionSyntax)base.VisitInvocationExpression(node)!;
        return _ownContextCalls?.Contains(node) == true ? visited.WithArgumentList(visited.ArgumentList.WithArguments(SyntaxBuilders.Insert(visited.ArgumentList.Arguments, 0, Own()))) : visited;
    }

    public override SyntaxNode? VisitObjectCreationExpression(ObjectCreationExpressionSyntax node)
    {
        var visited = (ObjectCreationExpressionSyntax)base.VisitObjectCreationExpression(node)!;
        if (_ownContextCalls?.Contains(node) != true)
            return visited;
        return visited.ArgumentList is { } list
            ? visited.WithArgumentList(list.WithArguments(SyntaxBuilders.Insert(list.Arguments, 0, Own())))
            : visited.WithType(visited.Type.WithoutTrailingTrivia()).WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(Own())));
    }

    public override SyntaxNode? VisitImplicitObjectCreationExpression(ImplicitObjectCreationExpressionSyntax node)
    {
        var visited = (ImplicitObjectCreationExpressionSyntax)base.VisitImplicitObjectCreationExpression(node)!;
        return _ownContextCalls?.Contains(node) == true ? visited.WithArgumentList(visited.ArgumentList.WithArguments(SyntaxBuilders.Insert(visited.ArgumentList.Arguments, 0, Own()))) : visited;
    }

    private static ArgumentSyntax Own() => SyntaxFactory.Argument(SyntaxFactory.IdentifierName("Net"));
}
