using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace PerNet.Analyzers;

/// <summary>
/// Where names are assigned anywhere in a compilation (<c>x = ..</c>, <c>T.x += ..</c>, <c>x++</c>,
/// <c>ref x</c>, <c>out x</c>), read from syntax once, on first demand. A type's symbol-end sees only
/// its own code; a field that other types may assign is state unless no assignment of its name exists
/// outside its declaring type. Names are matched, not bound, so a same-named local only makes a
/// field look written: the model errs towards "state", never towards a wrong "make readonly".
/// </summary>
internal sealed class CompilationWrites
{
    private readonly Compilation _compilation;
    private readonly object _gate = new();
    private Dictionary<string, List<(SyntaxTree Tree, TextSpan Span, bool InInitializer)>>? _byName;

    public CompilationWrites(Compilation compilation)
    {
        _compilation = compilation;
    }

    /// <summary>The index, built by the first caller; a cancelled build leaves nothing half-made behind.</summary>
    private Dictionary<string, List<(SyntaxTree Tree, TextSpan Span, bool InInitializer)>> ByName(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _byName) is { } built)
            return built;
        lock (_gate)
        {
            if (_byName is null)
                Volatile.Write(ref _byName, Index(cancellationToken));
            return _byName!;
        }
    }

    /// <summary>
    /// Whether code outside <paramref name="member"/>'s declaring type assigns its name other than in
    /// an object or <c>with</c> initializer (<c>new Packet { Reason = r }</c> is construction).
    /// </summary>
    public bool IsAssignedOutsideInitializers(ISymbol member, CancellationToken cancellationToken) => IsWrittenOutsideDeclaringType(member, countInitializers: false, cancellationToken);

    /// <summary>Whether code outside <paramref name="member"/>'s declaring type (and its nested types) assigns its name.</summary>
    public bool IsWrittenOutsideDeclaringType(ISymbol member, CancellationToken cancellationToken) => IsWrittenOutsideDeclaringType(member, countInitializers: true, cancellationToken);

    private bool IsWrittenOutsideDeclaringType(ISymbol member, bool countInitializers, CancellationToken cancellationToken)
    {
        if (!ByName(cancellationToken).TryGetValue(member.Name, out var sites))
            return false;
        var type = member.ContainingType;
        var declarations = type.DeclaringSyntaxReferences;
        foreach (var (tree, span, inInitializer) in sites)
        {
            if ((countInitializers || !inInitializer) && !declarations.Any(d => d.SyntaxTree == tree && d.Span.Contains(span)))
                return true;
        }

        return false;
    }

    private Dictionary<string, List<(SyntaxTree, TextSpan, bool)>> Index(CancellationToken cancellationToken)
    {
        var byName = new Dictionary<string, List<(SyntaxTree, TextSpan, bool)>>(StringComparer.Ordinal);
        foreach (var tree in _compilation.SyntaxTrees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                var target = node switch
                {
                    AssignmentExpressionSyntax assignment => assignment.Left,
                    PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression) => prefix.Operand,
                    PostfixUnaryExpressionSyntax postfix when postfix.IsKind(SyntaxKind.PostIncrementExpression) || postfix.IsKind(SyntaxKind.PostDecrementExpression) => postfix.Operand,
                    ArgumentSyntax argument when argument.RefKindKeyword.IsKind(SyntaxKind.RefKeyword) || argument.RefKindKeyword.IsKind(SyntaxKind.OutKeyword) => argument.Expression,
                    RefExpressionSyntax reference => reference.Expression,
                    _ => null,
                };
                var inInitializer = node is AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax initializer } &&
                    (initializer.IsKind(SyntaxKind.ObjectInitializerExpression) || initializer.IsKind(SyntaxKind.WithInitializerExpression));
                foreach (var name in Names(target))
                {
                    if (!byName.TryGetValue(name.Identifier.ValueText, out var list))
                        byName[name.Identifier.ValueText] = list = new List<(SyntaxTree, TextSpan, bool)>();
                    list.Add((tree, name.Span, inInitializer));
                }
            }
        }

        return byName;
    }

    /// <summary>The names a target assigns: <c>x</c>, <c>a.b.x</c>, each element of a deconstruction.</summary>
    private static IEnumerable<SimpleNameSyntax> Names(ExpressionSyntax? target)
    {
        switch (target)
        {
            case null:
                yield break;
            case SimpleNameSyntax name:
                yield return name;
                break;
            case MemberAccessExpressionSyntax access:
                yield return access.Name;
                break;
            case ParenthesizedExpressionSyntax parenthesized:
                foreach (var name in Names(parenthesized.Expression))
                    yield return name;
                break;
            case TupleExpressionSyntax tuple:
                foreach (var argument in tuple.Arguments)
                {
                    foreach (var name in Names(argument.Expression))
                        yield return name;
                }

                break;
        }
    }
}
