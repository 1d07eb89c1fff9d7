using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace PerNet.CodeFixes.Migration;

/// <summary>
/// How visible a state class is: as visible as its most visible moved member was (public, internal, else private), and
/// never visible where one of the moved members' types is not — the compiler's accessibility domains, not a ranking of
/// keywords: a state class nested in a private class may be public (it is seen only where that class is), while one
/// that holds a private nested <c>Entry</c> of a public type must be private (CS0052 otherwise).
/// </summary>
internal static class StateAccessibility
{
    /// <summary>Where a declaration can be seen: everywhere, in its assembly, or inside one type's body (<see cref="Within"/>).</summary>
    private readonly struct Domain
    {
        public static readonly Domain Everywhere = new(2, null);
        public static readonly Domain Assembly = new(1, null);

        public Domain(int rank, INamedTypeSymbol? within)
        {
            Rank = rank;
            Within = within;
        }

        /// <summary>2 everywhere, 1 the assembly, 0 inside <see cref="Within"/>.</summary>
        public int Rank { get; }

        public INamedTypeSymbol? Within { get; }
    }

    public static string Of(INamedTypeSymbol host, IReadOnlyList<ISymbol> members)
    {
        var wanted = members.Any(MovedDeclarations.IsPublic) ? "public"
            : members.Any(m => m.DeclaredAccessibility != Microsoft.CodeAnalysis.Accessibility.Private) ? "internal"
            : "private";
        var types = members.Select(m => m switch { IFieldSymbol f => f.Type, IPropertySymbol p => p.Type, IEventSymbol e => e.Type, _ => null }).OfType<ITypeSymbol>().ToList();
        foreach (var candidate in new[] { "public", "internal" }.SkipWhile(a => a != wanted))
        {
            var state = Intersect(DomainOf(host), Declared(candidate, host));
            if (types.All(t => Contains(DomainOf(t), state)))
                return candidate;
        }

        return "private"; // seen inside the host only, where every moved member's type was seen already
    }

    private static Domain Declared(string accessibility, INamedTypeSymbol container) => accessibility switch
    {
        "public" => Domain.Everywhere,
        "internal" => Domain.Assembly,
        _ => new Domain(0, container),
    };

    /// <summary>A type's domain: the intersection of its own and its containing types', elements' and type arguments'.</summary>
    private static Domain DomainOf(ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return DomainOf(array.ElementType);
            case IPointerTypeSymbol pointer:
                return DomainOf(pointer.PointedAtType);
            case INamedTypeSymbol named:
                var domain = Domain.Everywhere;
                for (var current = named; current is not null; current = current.ContainingType)
                {
                    domain = Intersect(domain, current.DeclaredAccessibility switch
                    {
                        Microsoft.CodeAnalysis.Accessibility.Public => Domain.Everywhere,
                        Microsoft.CodeAnalysis.Accessibility.Internal or Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => Domain.Assembly,
                        // private, and (conservatively) protected: inside the containing type
                        _ => current.ContainingType is { } container ? new Domain(0, container) : Domain.Assembly,
                    });
                }

                foreach (var argument in named.TypeArguments)
                    domain = Intersect(domain, DomainOf(argument));
                return domain;
            default:
                return Domain.Everywhere;
        }
    }

    private static Domain Intersect(Domain a, Domain b) =>
        a.Rank == 0 && b.Rank == 0 ? (IsInside(b.Within!, a.Within!) ? b : a)
        : a.Rank <= b.Rank ? a : b;

    /// <summary>Whether <paramref name="outer"/> includes all of <paramref name="inner"/>.</summary>
    private static bool Contains(Domain outer, Domain inner) =>
        outer.Rank > inner.Rank || (outer.Rank == inner.Rank && (outer.Rank > 0 || IsInside(inner.Within!, outer.Within!)));

    private static bool IsInside(INamedTypeSymbol type, INamedTypeSymbol container)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, container.OriginalDefinition))
                return true;
        }

        return false;
    }
}
