using Microsoft.CodeAnalysis;

namespace PerNet.CodeFixes.Migration;

/// <summary>
/// Identifies a symbol across the compilations of a solution (each project sees the others' symbols
/// through its own compilation): assembly name plus documentation id.
/// </summary>
internal static class SymbolKeys
{
    public static string Of(ISymbol symbol)
    {
        var definition = symbol.OriginalDefinition;
        if (definition is IMethodSymbol { ReducedFrom: { } reduced })
            definition = reduced;
        return (definition.ContainingAssembly?.Name ?? string.Empty) + "|" +
               (definition.GetDocumentationCommentId() ?? definition.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
    }
}
