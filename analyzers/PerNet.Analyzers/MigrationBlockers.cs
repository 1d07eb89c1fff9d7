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
    /// <summary>
    /// " (no automatic migration: ...)" or an empty string. The fix splits a static constructor by
    /// statement (what initializes moved state moves into the state's constructor); one statement that
    /// sets both state and statics that stay cannot be split, and the fix is not offered.
    /// </summary>
    public static string Note(INamedTypeSymbol type)
    {
        var constructor = type.StaticConstructors.FirstOrDefault(c => !c.IsImplicitlyDeclared);
        if (constructor?.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not ConstructorDeclarationSyntax { Body: { } body })
            return string.Empty;
        foreach (var statement in body.Statements)
        {
            var assigned = Assignments(type, statement);
            if (assigned.Any(IsStateLike) && assigned.Any(m => !IsStateLike(m)))
                return " (no automatic migration: a statement of its static constructor sets both state and statics that stay; split it first)";
        }

        return string.Empty;
    }

    /// <summary>The static fields and properties of <paramref name="type"/> its static constructor assigns.</summary>
    public static IReadOnlyList<ISymbol> StaticConstructorAssignments(INamedTypeSymbol type)
    {
        var constructor = type.StaticConstructors.FirstOrDefault(c => !c.IsImplicitlyDeclared);
        if (constructor?.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not ConstructorDeclarationSyntax syntax)
            return Array.Empty<ISymbol>();
        return Assignments(type, syntax);
    }

    private static IReadOnlyList<ISymbol> Assignments(INamedTypeSymbol type, SyntaxNode syntax) =>
        syntax.DescendantNodesAndSelf().OfType<AssignmentExpressionSyntax>()
            .Select(a => a.Left is MemberAccessExpressionSyntax access ? access.Name.Identifier.ValueText : (a.Left as IdentifierNameSyntax)?.Identifier.ValueText)
            .Where(n => n is not null)
            .Select(n => type.GetMembers(n!).FirstOrDefault(m => m.IsStatic && m is IFieldSymbol or IPropertySymbol))
            .OfType<ISymbol>()
            .ToList();

    /// <summary>The analyzer's estimate (the fix knows exactly): readonly arrays and primitives stay, the rest move.</summary>
    private static bool IsStateLike(ISymbol member) => member switch
    {
        IFieldSymbol field => !field.IsReadOnly || field.Type is not (IArrayTypeSymbol or { SpecialType: not SpecialType.None }),
        IPropertySymbol property => property.SetMethod is not null,
        _ => false,
    };
}
