using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PerNet.Analyzers;

/// <summary>
/// Why the "Move to NetContext" fix will not be offered for a type's state, when that is visible from
/// the type alone, so the diagnostic can say it (the fix itself is not offered in those cases).
/// </summary>
internal static class MigrationBlockers
{
    /// <summary>" (no automatic migration: ...)" or an empty string. The fix checks the same two things, exactly.</summary>
    public static string Note(INamedTypeSymbol type)
    {
        if (HasForeignStateType(type))
            return " (no automatic migration: the type already has a nested type named State)";
        var assigned = StaticConstructorAssignments(type);
        if (assigned.Any(IsStateLike) && assigned.Any(m => !IsStateLike(m)))
            return " (no automatic migration: its static constructor also initializes statics that stay; split it first)";
        return string.Empty;
    }

    /// <summary>A nested type named State that is not per-context state: the migration's state class cannot go there.</summary>
    public static bool HasForeignStateType(INamedTypeSymbol type) =>
        type.GetTypeMembers("State").Any(t => t.BaseType?.Name != "PerNet");

    /// <summary>The static fields and properties of <paramref name="type"/> its static constructor assigns.</summary>
    public static IReadOnlyList<ISymbol> StaticConstructorAssignments(INamedTypeSymbol type)
    {
        var constructor = type.StaticConstructors.FirstOrDefault(c => !c.IsImplicitlyDeclared);
        if (constructor?.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not ConstructorDeclarationSyntax syntax)
            return Array.Empty<ISymbol>();
        return syntax.DescendantNodes().OfType<AssignmentExpressionSyntax>()
            .Select(a => a.Left is MemberAccessExpressionSyntax access ? access.Name.Identifier.ValueText : (a.Left as IdentifierNameSyntax)?.Identifier.ValueText)
            .Where(n => n is not null)
            .Select(n => type.GetMembers(n!).FirstOrDefault(m => m.IsStatic && m is IFieldSymbol or IPropertySymbol))
            .OfType<ISymbol>()
            .ToList();
    }

    /// <summary>The analyzer's estimate (the fix knows exactly): readonly arrays and primitives stay, the rest move.</summary>
    private static bool IsStateLike(ISymbol member) => member switch
    {
        IFieldSymbol field => !field.IsReadOnly || field.Type is not (IArrayTypeSymbol or { SpecialType: not SpecialType.None }),
        IPropertySymbol property => property.SetMethod is not null,
        _ => false,
    };
}
