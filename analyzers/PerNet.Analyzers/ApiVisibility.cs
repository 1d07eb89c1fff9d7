using System.Linq;
using Microsoft.CodeAnalysis;

namespace PerNet.Analyzers;

/// <summary>
/// Who outside its assembly can reach a symbol: the one visibility rule of the analyzers, the migration and the CLI.
/// Two questions, one walk: whether it is the library's public API (what its users may rely on), and whether code of
/// another assembly compiles against it (what a changed signature breaks).
/// </summary>
internal static class ApiVisibility
{
    /// <summary>
    /// The library's public API: public (or protected) all the way out, and not in a namespace named <c>Internal</c> —
    /// the .NET convention for types that are public only for the library's own assemblies
    /// (<c>Microsoft.AspNetCore.*.Internal</c>), not for its users.
    /// </summary>
    public static bool IsPublicApi(ISymbol symbol)
    {
        if (!VisibleAllTheWayOut(symbol, internalCounts: false))
            return false;
        for (var ns = symbol.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            if (ns.Name == "Internal")
                return false;
        }

        return true;
    }

    /// <summary>
    /// Code of another assembly compiles against it: public or protected all the way out, or internal where the
    /// assembly names friends (<c>InternalsVisibleTo</c>: its test project, its other assemblies) — an <c>Internal</c>
    /// namespace included, since those friends use it. A signature of such a member that changes keeps a forwarder
    /// (<c>pernet.keep_api</c>), or that code breaks (CS7036).
    /// </summary>
    public static bool IsReachableFromOtherAssemblies(ISymbol symbol) =>
        VisibleAllTheWayOut(symbol, internalCounts: HasFriends(symbol.ContainingAssembly));

    private static bool VisibleAllTheWayOut(ISymbol symbol, bool internalCounts)
    {
        for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
        {
            switch (current.DeclaredAccessibility)
            {
                case Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal:
                    continue;
                case Accessibility.Internal or Accessibility.ProtectedAndInternal when internalCounts:
                    continue;
                default:
                    return false;
            }
        }

        return true;
    }

    private static bool HasFriends(IAssemblySymbol? assembly) =>
        assembly?.GetAttributes().Any(a => a.AttributeClass is { Name: "InternalsVisibleToAttribute" } c && c.ContainingNamespace?.ToDisplayString() == "System.Runtime.CompilerServices") == true;
}
