using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PerNet.Analyzers;

/// <summary>
/// The members of a class of this project that change an instance after it is built: those that write one of its
/// fields (or change what a field holds, by the analyzers' own classification), or call a member of the same instance
/// that does. The state model follows values by the names of the members called on them (<c>Add</c> changes,
/// <c>Find</c> reads); a type whose every mutator is a method named as one can be judged that way, and one with a
/// mutator that reads like a query (a <c>NextId</c> getter that counts) cannot.
/// </summary>
internal static class Mutators
{
    /// <summary>Whether every member of <paramref name="type"/> (and its bases of this project) that changes an instance is a method whose name says so.</summary>
    public static bool AreNamedAsSuch(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
    {
        var changing = new Dictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
        for (var current = type; current is not null && current.Locations.Any(l => l.IsInSource); current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                var accessors = member switch
                {
                    IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.UserDefinedOperator or MethodKind.Conversion } method => new[] { method },
                    IPropertySymbol property => new[] { property.GetMethod, property.SetMethod }.Where(a => a is not null).Select(a => a!).ToArray(),
                    IEventSymbol @event => new[] { @event.AddMethod, @event.RemoveMethod }.Where(a => a is not null).Select(a => a!).ToArray(),
                    _ => System.Array.Empty<IMethodSymbol>(),
                };
                foreach (var accessor in accessors)
                {
                    if (accessor.IsStatic || !Changes(accessor, compilation, changing, cancellationToken))
                        continue;
                    if (accessor.MethodKind != MethodKind.Ordinary || StaticMemberTracker.IsReadOnlyCall(accessor, type))
                        return false; // a getter, an operator or a query-named method that changes the instance
                }
            }
        }

        return true;
    }

    private static bool Changes(IMethodSymbol method, Compilation compilation, Dictionary<ISymbol, bool> known, CancellationToken cancellationToken)
    {
        if (known.TryGetValue(method, out var result))
            return result;
        known[method] = false; // a cycle: its other statements decide
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax(cancellationToken);
            if (!compilation.ContainsSyntaxTree(syntax.SyntaxTree))
                return known[method] = true; // not bound here: assume it changes
            var model = SemanticModels.For(compilation, syntax.SyntaxTree);
            foreach (var node in syntax.DescendantNodes())
            {
                switch (model.GetOperation(node, cancellationToken))
                {
                    case IMemberReferenceOperation { Instance: IInstanceReferenceOperation, Member: IFieldSymbol or IPropertySymbol } member when
                        !member.Member.IsStatic && StaticMemberTracker.Classify(member) != SiteKind.Read:
                        return known[method] = true;
                    case IInvocationOperation { Instance: IInstanceReferenceOperation, TargetMethod: var called } when
                        !SymbolEqualityComparer.Default.Equals(called, method) && Changes(called, compilation, known, cancellationToken):
                        return known[method] = true;
                    case IPropertyReferenceOperation { Instance: IInstanceReferenceOperation, Property.GetMethod: { } getter } when
                        getter.DeclaringSyntaxReferences.Length > 0 && Changes(getter, compilation, known, cancellationToken):
                        return known[method] = true;
                }
            }
        }

        return false;
    }
}
