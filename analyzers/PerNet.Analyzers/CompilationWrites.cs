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
/// field look written: the model errs towards "state", never towards a wrong "make readonly"; a hit
/// outside the member's type is bound before it counts.
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

    /// <summary>The compilation indexed, for questions that bind its code on demand (<see cref="ValueFlow"/>).</summary>
    public Compilation Compilation => _compilation;

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
    /// Whether code outside <paramref name="member"/>'s declaring type assigns it other than while
    /// building an instance: in an object or <c>with</c> initializer (<c>new Packet { Reason = r }</c>),
    /// or on a local just made with <c>new</c> (<c>var p = new Packet(); p.Reason = r;</c>).
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
            if ((countInitializers || !inInitializer) && !declarations.Any(d => d.SyntaxTree == tree && d.Span.Contains(span)) &&
                (countInitializers || !BuildsFreshInstance(tree, span, cancellationToken)) && MayBind(member, tree, span, cancellationToken))
                return true;
        }

        return false;
    }

    /// <summary>
    /// <c>packet.Reason = r</c> on an object this code made and owns: a local the member made with
    /// <c>new</c>, or a builder's <c>readonly</c> field initialized with <c>new</c>. Building it, like an
    /// object initializer — it cannot be the object some other member holds.
    /// </summary>
    private static bool BuildsFreshInstance(SyntaxTree tree, TextSpan span, CancellationToken cancellationToken)
    {
        if (tree.GetRoot(cancellationToken).FindNode(span, getInnermostNodeForTie: true).Parent is not MemberAccessExpressionSyntax access ||
            access.Parent is not AssignmentExpressionSyntax assignment || assignment.Left != access)
            return false;
        var receiver = access.Expression switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var name } => name.Identifier.ValueText,
            _ => null,
        };
        if (receiver is null || access.FirstAncestorOrSelf<MemberDeclarationSyntax>() is not { } member)
            return false;
        return (access.Expression is IdentifierNameSyntax && InstanceFieldUse.IsFreshLocal(member, receiver)) || IsOwnedField(member.Parent as TypeDeclarationSyntax, receiver);
    }

    /// <summary>A <c>readonly</c> instance field of the type declared <c>= new ..</c>: the object is the type's own.</summary>
    private static bool IsOwnedField(TypeDeclarationSyntax? type, string name) =>
        type is not null && type.Members.OfType<FieldDeclarationSyntax>().Any(field =>
            field.Modifiers.Any(SyntaxKind.ReadOnlyKeyword) && !field.Modifiers.Any(SyntaxKind.StaticKeyword) &&
            field.Declaration.Variables.Any(v => v.Identifier.ValueText == name && v.Initializer?.Value is ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax));

    /// <summary>
    /// Whether the name assigned at <paramref name="span"/> is <paramref name="member"/>: bound, only for
    /// sites outside the member's type whose name matched. A name that binds to nothing certain counts.
    /// </summary>
    private bool MayBind(ISymbol member, SyntaxTree tree, TextSpan span, CancellationToken cancellationToken)
    {
        var node = tree.GetRoot(cancellationToken).FindNode(span, getInnermostNodeForTie: true);
        var info = SemanticModels.For(_compilation, tree).GetSymbolInfo(node, cancellationToken);
        var bound = info.Symbol ?? (info.CandidateSymbols.Length == 1 ? info.CandidateSymbols[0] : null);
        if (bound is null)
            return true;
        var target = (member as IFieldSymbol)?.AssociatedSymbol ?? member;
        return SameSlot(bound, target) || SameSlot(target, bound) ||
               (bound.ContainingType is { TypeKind: TypeKind.Interface } && member.ContainingType.FindImplementationForInterfaceMember(bound) is { } implementation &&
                SymbolEqualityComparer.Default.Equals(implementation.OriginalDefinition, target.OriginalDefinition));
    }

    /// <summary>The same member, or <paramref name="derived"/> overrides <paramref name="member"/>.</summary>
    private static bool SameSlot(ISymbol derived, ISymbol member)
    {
        for (ISymbol? current = derived; current is not null; current = (current as IPropertySymbol)?.OverriddenProperty)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, member.OriginalDefinition))
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
