using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PerNet.Analyzers;

/// <summary>
/// Where this compilation's code casts or tests a value to a type (<c>(T)o</c>, <c>o as T</c>, <c>o is T t</c>,
/// <c>case T t:</c>): a value handed on as <c>object</c> can be changed only by code that gets a type back this way.
/// Collected once per compilation, on the first question.
/// </summary>
internal static class CastsBack
{
    private static readonly ConditionalWeakTable<Compilation, List<(ITypeSymbol Target, SyntaxNode Site)>> s_sites = new();

    /// <summary>
    /// The casts and type tests in <paramref name="compilation"/> that could give <paramref name="type"/> back through a
    /// type it is or derives from (a base class, an interface, by generic definition) other than <c>object</c> and the
    /// read-only views. The site is the cast expression or the pattern. Casts to a type parameter are not counted: the
    /// caller names the type, and such a call is a cast of its own.
    /// </summary>
    public static IEnumerable<SyntaxNode> Sites(ITypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
    {
        if (!s_sites.TryGetValue(compilation, out var sites))
        {
            var collected = Collect(compilation, cancellationToken);
            sites = s_sites.GetValue(compilation, _ => collected); // a race keeps the first list
        }

        return sites.Where(s => s.Target.SpecialType is not (SpecialType.System_Object or SpecialType.System_Collections_IEnumerable) &&
                                !MutabilityJudge.IsOpenReadOnlyView(s.Target) && IsOrDerives(type, s.Target))
            .Select(s => s.Site);
    }

    /// <summary><paramref name="type"/> is <paramref name="target"/>, or a base class or interface of it has <paramref name="target"/>'s definition.</summary>
    private static bool IsOrDerives(ITypeSymbol type, ITypeSymbol target)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, target.OriginalDefinition))
                return true;
        }

        return type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, target.OriginalDefinition));
    }

    private static List<(ITypeSymbol Target, SyntaxNode Site)> Collect(Compilation compilation, CancellationToken cancellationToken)
    {
        var found = new List<(ITypeSymbol, SyntaxNode)>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            SemanticModel? model = null;
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                var typeSyntax = node switch
                {
                    CastExpressionSyntax cast => cast.Type,
                    BinaryExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.AsExpression or (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.IsExpression, Right: TypeSyntax right } => right,
                    DeclarationPatternSyntax declaration => declaration.Type,
                    RecursivePatternSyntax { Type: { } recursive } => recursive,
                    _ => null,
                };
                if (typeSyntax is null || typeSyntax is PredefinedTypeSyntax)
                    continue; // (int)x, x is string: no reference type of ours comes back that way
                model ??= SemanticModels.For(compilation, tree);
                if (model.GetTypeInfo(typeSyntax, cancellationToken).Type is { TypeKind: not (TypeKind.TypeParameter or TypeKind.Error or TypeKind.Enum or TypeKind.Struct) } target)
                    found.Add((target, node));
            }
        }

        return found;
    }
}
