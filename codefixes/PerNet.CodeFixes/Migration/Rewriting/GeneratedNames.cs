using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PerNet.CodeFixes.Migration;

/// <summary>
/// The names of the types migrated code introduces, bound wherever the code lives. Each is built fully qualified
/// (<c>global::System.Obsolete</c>, <c>global::PerNet.NetContext</c>) and marked; when the text is written
/// (<see cref="Shorten"/>) it takes the short form wherever that binds the same in its project: <c>System.Obsolete</c>
/// unless the project declares a namespace or type named <c>System</c> below the root (<c>Acme.System</c>, where
/// <c>System</c> means <c>Acme.System</c>) or an alias of that name; <c>NetContext</c> (with <c>using PerNet;</c>) unless
/// the project declares a type or namespace of the runtime's names. Decided once per project from its declarations,
/// not per name by speculative binding (Roslyn's simplifier made a 25k-line migration 2.5 times slower).
/// </summary>
internal static class GeneratedNames
{
    /// <summary>A type or namespace of the runtime: <c>global::PerNet.NetContext</c>.</summary>
    public static NameSyntax Runtime(string name) => Global("PerNet." + name);

    /// <summary>The members every state class inherits from <c>PerNet&lt;T&gt;</c> that moved code may name: its context and the accessors.</summary>
    public static readonly string[] InheritedByState = { "Net", "Of", "Current" };

    /// <summary>A name a state class's member would hide from what it inherits from <c>PerNet&lt;T&gt;</c> (<see cref="InheritedByState"/>).</summary>
    public static bool IsInheritedByState(string name) => System.Array.IndexOf(InheritedByState, name) >= 0;

    /// <summary>The accessors the two styles reach a state by (<c>State.Of(net)</c>, <c>State.Current</c>).</summary>
    public static bool IsStateAccessor(string name) => name is "Of" or "Current";

    /// <summary><c>global::PerNet.PerNet&lt;state&gt;</c>, the base of a state class.</summary>
    public static NameSyntax PerNetOf(string state) => PerNetOf(SyntaxFactory.IdentifierName(state));

    /// <inheritdoc cref="PerNetOf(string)"/>
    public static NameSyntax PerNetOf(TypeSyntax state) =>
        Annotated(SyntaxFactory.QualifiedName(GlobalPrefix("PerNet"),
            SyntaxFactory.GenericName(SyntaxFactory.Identifier("PerNet"), SyntaxFactory.TypeArgumentList(SyntaxFactory.SingletonSeparatedList(state)))));

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

    private static readonly SyntaxAnnotation Marker = new("PerNet.GeneratedName");

    private static T Annotated<T>(T node)
        where T : SyntaxNode => node.WithAdditionalAnnotations(Marker);

    /// <summary>Which short forms bind the same in a project: computed once from its declarations.</summary>
    internal sealed class Scope
    {
        public Scope(Compilation compilation)
        {
            var clashes = compilation.GetSymbolsWithName(n => n is "System" or "PerNet" or "NetContext" or "INetContextBound", SymbolFilter.TypeAndMember | SymbolFilter.Namespace).ToList();
            var aliases = compilation.SyntaxTrees.SelectMany(t => t.GetRoot().DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<UsingDirectiveSyntax>())
                .Where(u => u.Alias is not null).Select(u => u.Alias!.Name.Identifier.ValueText).ToList();
            // A namespace System declared at the root is the BCL's own; one below it (Acme.System), a type or member named
            // System, or an alias of that name would take the plain System.
            SystemBindsPlainly = !aliases.Contains("System") &&
                !clashes.Any(s => s.Name == "System" && !(s is INamespaceSymbol { ContainingNamespace.IsGlobalNamespace: true }));
            RuntimeBindsPlainly = !aliases.Any(a => a is "PerNet" or "NetContext" or "INetContextBound") &&
                !clashes.Any(s => s.Name is "NetContext" or "INetContextBound" || s.Name == "PerNet" && !(s is INamespaceSymbol { ContainingNamespace.IsGlobalNamespace: true }));
        }

        public bool SystemBindsPlainly { get; }

        public bool RuntimeBindsPlainly { get; }
    }

    /// <summary>The generated names of <paramref name="root"/> in the shortest form that binds the same in its project.</summary>
    public static SyntaxNode Shorten(SyntaxNode root, Scope scope) =>
        root.ReplaceNodes(root.GetAnnotatedNodes(Marker).OfType<NameSyntax>(), (_, rewritten) => Shortened(rewritten, scope).WithTriviaFrom(rewritten)); // a generated name inside another is shortened too

    private static NameSyntax Shortened(NameSyntax name, Scope scope)
    {
        // global::A.B.C: the leftmost part is the alias-qualified global::A.
        var parts = new System.Collections.Generic.List<SimpleNameSyntax>();
        NameSyntax current = name;
        while (current is QualifiedNameSyntax qualified)
        {
            parts.Insert(0, qualified.Right);
            current = qualified.Left;
        }

        if (current is not AliasQualifiedNameSyntax { Name: { } root })
            return name;
        parts.Insert(0, root);
        var first = root.Identifier.ValueText;
        if (first == "System" && scope.SystemBindsPlainly)
            return Join(parts);
        if (first == "PerNet" && scope.RuntimeBindsPlainly && parts.Count > 1)
            return Join(parts.Skip(1).ToList()); // `using PerNet;` is added where the runtime is named
        return name;
    }

    private static NameSyntax Join(System.Collections.Generic.IReadOnlyList<SimpleNameSyntax> parts)
    {
        NameSyntax name = parts[0];
        for (var i = 1; i < parts.Count; i++)
            name = SyntaxFactory.QualifiedName(name, parts[i]);
        return name;
    }
}
