using Microsoft.CodeAnalysis;

namespace PerNet.Analyzers;

/// <summary>
/// The runtime's types that belong to one context, recognised by name (like <c>[SharedAcrossContexts]</c>)
/// so the state rules need no reference to PerNet.Runtime: <c>NetContext</c>, <c>PerNet&lt;TSelf&gt;</c>
/// state classes and <c>INetContextBound</c> objects.
/// </summary>
internal static class PerContextTypes
{
    public const string Namespace = "PerNet";

    /// <summary>The runtime's assembly (and package) name.</summary>
    public const string RuntimeAssembly = "PerNet.Runtime";

    public static bool IsNetContext(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "NetContext", Arity: 0 } named && IsInRuntimeNamespace(named);

    public static bool IsBound(ITypeSymbol type)
    {
        foreach (var iface in type.AllInterfaces)
        {
            if (iface is { Name: "INetContextBound", Arity: 0 } && IsInRuntimeNamespace(iface))
                return true;
        }

        return type is INamedTypeSymbol { Name: "INetContextBound", TypeKind: TypeKind.Interface } self && IsInRuntimeNamespace(self);
    }

    /// <summary>A class deriving from <c>PerNet&lt;TSelf&gt;</c>, or that base itself.</summary>
    public static bool IsState(ITypeSymbol type)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (IsPerNetBase(current))
                return true;
        }

        return false;
    }

    public static bool IsPerNetBase(INamedTypeSymbol type) =>
        type.OriginalDefinition is { Name: "PerNet", Arity: 1 } definition && IsInRuntimeNamespace(definition);

    /// <summary>A value that belongs to one context: a NetContext, a state object, a bound object.</summary>
    public static bool IsPerContext(ITypeSymbol type) => IsNetContext(type) || IsState(type) || IsBound(type);

    private static bool IsInRuntimeNamespace(INamedTypeSymbol type) =>
        type.ContainingType is null &&
        type.ContainingNamespace is { Name: Namespace } ns && ns.ContainingNamespace is { IsGlobalNamespace: true };
}
