using System.Linq;
using System.Runtime.CompilerServices;
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

    private static readonly ConditionalWeakTable<IAssemblySymbol, StrongBox<bool>> s_runtimeAvailable = new();

    /// <summary>
    /// Whether code of <paramref name="assembly"/> (a compilation's own) can name the runtime's types: it is the
    /// runtime, references it, or compiles its sources. Asked once per compilation.
    /// </summary>
    /// <remarks>
    /// Most compilations do not use the runtime: asking the referenced assemblies' names first spares
    /// them a search of the global namespace (the first lookup of a compilation builds its merged
    /// namespaces, measured at a tenth of a second on a 47k-line library).
    /// </remarks>
    public static bool RuntimeAvailable(IAssemblySymbol assembly) =>
        s_runtimeAvailable.GetValue(assembly, a => new StrongBox<bool>(
            a.Name == RuntimeAssembly ||
            a.Modules.Any(m => m.ReferencedAssemblies.Any(r => r.Name == RuntimeAssembly)) ||
            a.GlobalNamespace.GetNamespaceMembers().Any(n => n.Name == Namespace && n.GetTypeMembers("NetContext").Length > 0))).Value;

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
