using Microsoft.CodeAnalysis;

namespace PerNet.Analyzers;

/// <summary>Reads of the ambient context: <c>NetContext.Current</c> and <c>PerNet&lt;T&gt;.Current</c> (<c>State.Current</c>).</summary>
internal static class AmbientReads
{
    public static bool IsCurrent(IPropertySymbol property, INamedTypeSymbol netContext) =>
        property is { Name: "Current", IsStatic: true } &&
        (SymbolEqualityComparer.Default.Equals(property.ContainingType, netContext) || PerContextTypes.IsPerNetBase(property.ContainingType));
}
