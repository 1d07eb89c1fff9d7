using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerNet.Analyzers;

/// <summary>Reads of the ambient context: <c>NetContext.Current</c> and <c>PerNet&lt;T&gt;.Current</c> (<c>State.Current</c>).</summary>
internal static class AmbientReads
{
    /// <summary>The compilation's <c>PerNet.NetContext</c>; null when it does not reference the runtime (then the context rules have nothing to check).</summary>
    public static INamedTypeSymbol? NetContextType(Compilation compilation) =>
        compilation.GetTypeByMetadataName(PerContextTypes.Namespace + ".NetContext");

    /// <summary>Runs <paramref name="analyze"/> on every property reference of compilations that reference the runtime.</summary>
    public static void RegisterPropertyReferences(AnalysisContext context, Action<OperationAnalysisContext, INamedTypeSymbol> analyze)
    {
        context.RegisterCompilationStartAction(start =>
        {
            if (NetContextType(start.Compilation) is { } netContext)
                start.RegisterOperationAction(ctx => analyze(ctx, netContext), OperationKind.PropertyReference);
        });
    }

    public static bool IsCurrent(IPropertySymbol property, INamedTypeSymbol netContext) =>
        property is { Name: "Current", IsStatic: true } &&
        (SymbolEqualityComparer.Default.Equals(property.ContainingType, netContext) || PerContextTypes.IsPerNetBase(property.ContainingType));
}
