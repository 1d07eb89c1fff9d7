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
    /// What a state diagnostic adds to its message about the fix that moves the member: why its type cannot be
    /// migrated as it stands (<see cref="TypeNote"/>), else how to get the fix when the compilation does not reference
    /// PerNet.Runtime (migrated code names its types, so the fix is not offered without it); else nothing.
    /// </summary>
    public static string Note(INamedTypeSymbol type) =>
        TypeNote(type) is { Length: > 0 } blocked ? blocked
        : PerContextTypes.RuntimeAvailable(type.ContainingAssembly) ? string.Empty
        : RuntimeNote;

    /// <summary>The note of a compilation without the runtime: the fix that moves state is offered once it is referenced.</summary>
    public const string RuntimeNote = " (to get the fix that moves it, reference the runtime: dotnet add package " + PerContextTypes.RuntimeAssembly + ")";

    /// <summary>
    /// " (no automatic migration: ...)" or an empty string: the note a diagnostic adds when its type's static
    /// constructor cannot be split (<see cref="FirstUnsplittable"/>, with this analyzer's estimate of what moves).
    /// </summary>
    public static string TypeNote(INamedTypeSymbol type) =>
        StaticConstructorBody(type) is { } body && FirstUnsplittable(type, body, s => Assignments(type, s).Any(IsStateLike), m => !IsStateLike(m)) is not null
            ? " (no automatic migration: a statement of its static constructor sets both state and statics that stay; split it first)"
            : string.Empty;

    /// <summary>The block body of <paramref name="type"/>'s explicit static constructor, if it has one.</summary>
    public static BlockSyntax? StaticConstructorBody(INamedTypeSymbol type) =>
        (type.StaticConstructors.FirstOrDefault(c => !c.IsImplicitlyDeclared)?.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() as ConstructorDeclarationSyntax)?.Body;

    /// <summary>
    /// How a static constructor splits, the one rule of the analyzers and the fix: a statement that initializes moved
    /// state (<paramref name="moves"/>) moves into the state's constructor, where it runs once per context; the others
    /// stay. Returns the first statement that would have to do both — it moves and sets a static that stays
    /// (<paramref name="stays"/>), or uses a local declared by a statement that stays — or null when every statement
    /// splits. Statements <paramref name="skip"/> names are neither (they are removed).
    /// </summary>
    public static StatementSyntax? FirstUnsplittable(INamedTypeSymbol type, BlockSyntax body, Func<StatementSyntax, bool> moves, Func<ISymbol, bool> stays, Func<StatementSyntax, bool>? skip = null)
    {
        var keptLocals = new HashSet<string>(StringComparer.Ordinal);
        foreach (var statement in body.Statements)
        {
            if (skip?.Invoke(statement) == true)
                continue;
            if (!moves(statement))
            {
                foreach (var local in statement.DescendantNodesAndSelf().OfType<VariableDeclaratorSyntax>())
                    keptLocals.Add(local.Identifier.ValueText);
                continue;
            }

            if (Assignments(type, statement).Any(stays) || statement.DescendantNodes().OfType<IdentifierNameSyntax>().Any(i => keptLocals.Contains(i.Identifier.ValueText)))
                return statement;
        }

        return null;
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
