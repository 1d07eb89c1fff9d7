using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace PerNet.Analyzers;

/// <summary>
/// One semantic model per tree for the state model's on-demand binding (a name hit outside a
/// member's type, a table followed into our own code), so a method body is bound once, not once per
/// question. Held as long as the compilation is.
/// </summary>
internal static class SemanticModels
{
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxTree, SemanticModel>> s_models = new();

    public static SemanticModel For(Compilation compilation, SyntaxTree tree) =>
        s_models.GetValue(compilation, _ => new ConcurrentDictionary<SyntaxTree, SemanticModel>())
            .GetOrAdd(tree, t => compilation.GetSemanticModel(t));
}
