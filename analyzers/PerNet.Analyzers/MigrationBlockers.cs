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
    /// <summary>" (no automatic migration: ...)" or an empty string.</summary>
    public static string Note(INamedTypeSymbol type, ISymbol member)
    {
        if (type.GetTypeMembers("State").Any(t => t.BaseType?.Name != "PerNet"))
            return " (no automatic migration: the type already has a nested type named State)";
        if (MixedStaticConstructor(type))
            return " (no automatic migration: its static constructor also initializes statics that stay; split it first)";
        return string.Empty;
    }

    /// <summary>A static constructor that assigns both statics that are state and statics that are not.</summary>
    private static bool MixedStaticConstructor(INamedTypeSymbol type)
    {
        var constructor = type.StaticConstructors.FirstOrDefault(c => !c.IsImplicitlyDeclared);
        if (constructor?.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not ConstructorDeclarationSyntax syntax)
            return false;
        var assigned = syntax.DescendantNodes().OfType<AssignmentExpressionSyntax>()
            .Select(a => a.Left is MemberAccessExpressionSyntax access ? access.Name.Identifier.ValueText : (a.Left as IdentifierNameSyntax)?.Identifier.ValueText)
            .Where(n => n is not null)
            .Select(n => type.GetMembers(n!).FirstOrDefault(m => m.IsStatic && m is IFieldSymbol or IPropertySymbol))
            .Where(m => m is not null)
            .ToList();
        return assigned.Any(IsStateLike) && assigned.Any(m => !IsStateLike(m!));
    }

    /// <summary>Kept statics are readonly fields of immutable-looking types and constants; the rest move.</summary>
    private static bool IsStateLike(ISymbol? member) => member switch
    {
        IFieldSymbol field => !field.IsReadOnly || field.Type is not (IArrayTypeSymbol or { SpecialType: not SpecialType.None }),
        IPropertySymbol property => property.SetMethod is not null,
        _ => false,
    };
}
