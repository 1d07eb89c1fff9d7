using System.Linq;
using Microsoft.CodeAnalysis;

namespace PerNet.Analyzers;

/// <summary>Facts about members that several rules ask.</summary>
internal static class SymbolFacts
{
    public const string SharedAcrossContextsAttributeName = "SharedAcrossContextsAttribute";

    /// <summary>
    /// <c>[SharedAcrossContexts]</c> on the member or any containing type. Recognised by name in
    /// any namespace, so the analyzers need no reference to the runtime.
    /// </summary>
    public static bool IsMarkedShared(ISymbol symbol)
    {
        for (var current = symbol; current is not null; current = current.ContainingType)
        {
            if (FindSharedAttribute(current) is not null)
                return true;
        }

        return false;
    }

    public static AttributeData? FindSharedAttribute(ISymbol symbol) =>
        symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass?.Name == SharedAcrossContextsAttributeName);

    public static bool IsThreadStatic(IFieldSymbol field) =>
        field.GetAttributes().Any(a =>
            a.AttributeClass is { Name: "ThreadStaticAttribute" } c && c.ContainingNamespace?.ToDisplayString() == "System");

    /// <summary><c>ThreadLocal&lt;T&gt;</c> or <c>AsyncLocal&lt;T&gt;</c> from System.Threading.</summary>
    public static bool IsThreadOrAsyncLocal(ITypeSymbol type) =>
        type is INamedTypeSymbol { Arity: 1, Name: "ThreadLocal" or "AsyncLocal" } named &&
        named.ContainingNamespace?.ToDisplayString() == "System.Threading";

    /// <summary>Thread- or async-local storage: PN0005's, not the field rules'.</summary>
    public static bool IsThreadLocalStorage(IFieldSymbol field) => IsThreadStatic(field) || IsThreadOrAsyncLocal(field.Type);

    /// <summary>The compiler-made field behind an auto-property, if any.</summary>
    public static IFieldSymbol? BackingField(ISymbol member) =>
        member.ContainingType?.GetMembers().OfType<IFieldSymbol>()
            .FirstOrDefault(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, member));

    /// <summary>
    /// A property with its own accessors and no storage (<c>static int Max { get =&gt; s_max - 8; set =&gt; Resize(value); }</c>):
    /// a setting over state held elsewhere, which moves with that state.
    /// </summary>
    public static bool IsSettingWithAccessors(ISymbol member) => member is IPropertySymbol property && BackingField(property) is null;

    /// <summary>
    /// A field-like event (<c>event Action? E;</c>): its accessors are compiler-made and a hidden
    /// field holds the subscribers. Events with hand-written add/remove hold nothing themselves.
    /// </summary>
    public static bool IsFieldLikeEvent(IEventSymbol @event) =>
        @event is { IsAbstract: false, IsExtern: false, AddMethod.IsImplicitlyDeclared: true } &&
        @event.ContainingType?.TypeKind != TypeKind.Interface;

    /// <summary>Explicitly declared static field that can hold state (not const, not compiler-made).</summary>
    public static bool IsDeclaredStaticField(IFieldSymbol field) =>
        field is { IsStatic: true, IsConst: false, IsImplicitlyDeclared: false, AssociatedSymbol: null };

    public static bool IsError(ITypeSymbol? type) =>
        type is null or IErrorTypeSymbol || (type is INamedTypeSymbol named && named.TypeArguments.Any(IsError));

    /// <summary><c>field</c>, <c>property</c> or <c>event</c>: how messages and the CLI name a static member's kind.</summary>
    public static string MemberKind(ISymbol member) => member switch { IPropertySymbol => "property", IEventSymbol => "event", _ => "field" };

    public static string DisplayName(ISymbol member) => member.ContainingType is { } type
        ? type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + "." + member.Name
        : member.Name;

    /// <summary>The value a field's declarator or an auto-property's declaration is initialized with, or null (also for several declarations).</summary>
    public static Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionSyntax? Initializer(ISymbol member) =>
        member.DeclaringSyntaxReferences.Length == 1
            ? member.DeclaringSyntaxReferences[0].GetSyntax() switch
            {
                Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
                Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax property => property.Initializer?.Value,
                _ => null,
            }
            : null;
}
