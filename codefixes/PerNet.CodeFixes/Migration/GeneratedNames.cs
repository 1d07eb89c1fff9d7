using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace PerNet.CodeFixes.Migration;

/// <summary>
/// The names of the types migrated code introduces, bound wherever the code lives: written fully qualified
/// (<c>global::System.Obsolete</c>, <c>global::PerNet.NetContext</c>) and annotated for Roslyn's simplifier, which
/// shortens each only where the short name binds the same (<c>Obsolete</c> under <c>using System;</c>, but never
/// <c>System.Obsolete</c> inside a namespace <c>Xyz.System</c>, where <c>System</c> means <c>Xyz.System</c>).
/// </summary>
internal static class GeneratedNames
{
    /// <summary>A type or namespace of the runtime: <c>global::PerNet.NetContext</c>.</summary>
    public static NameSyntax Runtime(string name) => Global("PerNet." + name);

    /// <summary><c>global::PerNet.PerNet&lt;state&gt;</c>, the base of a state class.</summary>
    public static NameSyntax PerNetOf(string state) =>
        Annotated(SyntaxFactory.QualifiedName(GlobalPrefix("PerNet"),
            SyntaxFactory.GenericName(SyntaxFactory.Identifier("PerNet"), SyntaxFactory.TypeArgumentList(SyntaxFactory.SingletonSeparatedList<TypeSyntax>(SyntaxFactory.IdentifierName(state))))));

    /// <summary>A BCL type: <c>global::System.Obsolete</c>.</summary>
    public static NameSyntax Global(string qualifiedName)
    {
        var dot = qualifiedName.LastIndexOf('.');
        return Annotated(SyntaxFactory.QualifiedName(GlobalPrefix(qualifiedName.Substring(0, dot)), SyntaxFactory.IdentifierName(qualifiedName.Substring(dot + 1))));
    }

    /// <summary>A generic BCL type of one argument: <c>global::System.Lazy&lt;T&gt;</c>.</summary>
    public static NameSyntax Global(string qualifiedName, TypeSyntax argument)
    {
        var dot = qualifiedName.LastIndexOf('.');
        return Annotated(SyntaxFactory.QualifiedName(GlobalPrefix(qualifiedName.Substring(0, dot)),
            SyntaxFactory.GenericName(SyntaxFactory.Identifier(qualifiedName.Substring(dot + 1)), SyntaxFactory.TypeArgumentList(SyntaxFactory.SingletonSeparatedList(argument)))));
    }

    /// <summary>A type of the program, as the compiler names it fully (<c>global::Ns.Outer.Inner&lt;int&gt;</c>), to be shortened where it binds the same.</summary>
    public static TypeSyntax Of(ITypeSymbol type) =>
        Annotated(SyntaxFactory.ParseTypeName(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithMiscellaneousOptions(
            SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier))));

    /// <summary><c>global::A.B</c> for <c>A.B</c>.</summary>
    private static NameSyntax GlobalPrefix(string @namespace)
    {
        var parts = @namespace.Split('.');
        NameSyntax name = SyntaxFactory.AliasQualifiedName(SyntaxFactory.IdentifierName(SyntaxFactory.Token(SyntaxKind.GlobalKeyword)), SyntaxFactory.IdentifierName(parts[0]));
        for (var i = 1; i < parts.Length; i++)
            name = SyntaxFactory.QualifiedName(name, SyntaxFactory.IdentifierName(parts[i]));
        return name;
    }

    private static T Annotated<T>(T node)
        where T : SyntaxNode => node.WithAdditionalAnnotations(Simplifier.Annotation);
}
