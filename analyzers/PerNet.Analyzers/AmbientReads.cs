using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace PerNet.Analyzers;

/// <summary>
/// Reads of the ambient context (<c>NetContext.Current</c>, <c>PerNet&lt;T&gt;.Current</c>) and of
/// <c>NetContext.Initial</c>, found cheaply: only compilations that reference the runtime, only trees
/// whose text names the property, only at those positions. The context rules never ask the driver for
/// every method's operation tree, which would cost a third of a build (docs/benchmarks.md).
/// </summary>
internal static class AmbientReads
{
    /// <summary>The compilation's <c>PerNet.NetContext</c>; null when it does not reference the runtime (then the context rules have nothing to check).</summary>
    public static INamedTypeSymbol? NetContextType(Compilation compilation) =>
        PerContextTypes.RuntimeAvailable(compilation.Assembly) ? compilation.GetTypeByMetadataName(PerContextTypes.Namespace + ".NetContext") : null;

    /// <summary>
    /// Runs <paramref name="analyze"/> on every reference to a property named <paramref name="propertyName"/>
    /// in compilations that reference the runtime.
    /// </summary>
    public static void RegisterPropertyReads(
        AnalysisContext context,
        string propertyName,
        Action<SemanticModelAnalysisContext, IPropertyReferenceOperation, INamedTypeSymbol> analyze)
    {
        context.RegisterCompilationStartAction(start =>
        {
            if (NetContextType(start.Compilation) is { } netContext)
                RegisterPropertyReads(start, netContext, propertyName, analyze);
        });
    }

    /// <summary>The same, inside a compilation start action that already found <paramref name="netContext"/>.</summary>
    public static void RegisterPropertyReads(
        CompilationStartAnalysisContext start,
        INamedTypeSymbol netContext,
        string propertyName,
        Action<SemanticModelAnalysisContext, IPropertyReferenceOperation, INamedTypeSymbol> analyze)
    {
        start.RegisterSemanticModelAction(context =>
        {
            var model = context.SemanticModel;
            var root = model.SyntaxTree.GetRoot(context.CancellationToken);
            foreach (var position in Occurrences(model.SyntaxTree.GetText(context.CancellationToken), propertyName))
            {
                if (root.FindToken(position).Parent is not IdentifierNameSyntax name || name.Identifier.ValueText != propertyName || name.SpanStart != position)
                    continue;
                ExpressionSyntax expression = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                if (model.GetOperation(expression, context.CancellationToken) is IPropertyReferenceOperation reference)
                    analyze(context, reference, netContext);
            }
        });
    }

    /// <summary>Whether any tree of the compilation contains one of <paramref name="words"/>.</summary>
    public static bool Mentions(Compilation compilation, params string[] words) =>
        compilation.SyntaxTrees.Any(tree => words.Any(word => Occurrences(tree.GetText(), word).Any()));

    /// <summary>Start positions of <paramref name="word"/> in <paramref name="text"/>, read in chunks.</summary>
    public static IEnumerable<int> Occurrences(SourceText text, string word)
    {
        const int Chunk = 16 * 1024;
        var buffer = new char[Chunk + word.Length];
        for (var start = 0; start < text.Length; start += Chunk)
        {
            var count = Math.Min(Chunk + word.Length - 1, text.Length - start);
            text.CopyTo(start, buffer, 0, count);
            // Matches that begin in the overlap belong to the next chunk.
            for (var i = IndexOf(buffer, count, word, 0); i >= 0 && i < Chunk; i = IndexOf(buffer, count, word, i + 1))
                yield return start + i;
        }
    }

    private static int IndexOf(char[] buffer, int count, string word, int from) =>
        from >= count ? -1 : IndexOfSpan(new ReadOnlySpan<char>(buffer, from, count - from), word) is var i and >= 0 ? from + i : -1;

    private static int IndexOfSpan(ReadOnlySpan<char> window, string word) => window.IndexOf(word.AsSpan(), StringComparison.Ordinal);

    public static bool IsCurrent(IPropertySymbol property, INamedTypeSymbol netContext) =>
        property is { Name: "Current", IsStatic: true } &&
        (SymbolEqualityComparer.Default.Equals(property.ContainingType, netContext) || PerContextTypes.IsPerNetBase(property.ContainingType));
}
