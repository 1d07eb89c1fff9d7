using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerNet.Analyzers;

/// <summary>
/// PN0005: <c>[ThreadStatic]</c> fields and static <c>ThreadLocal&lt;T&gt;</c> / <c>AsyncLocal&lt;T&gt;</c>.
/// Per-thread is not per-context: two contexts on one thread share the value, one context's work
/// hopping threads loses it. Reported on its own so that it is not mistaken for ordinary statics.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ThreadStaticStateAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticIds.ThreadStaticState,
        title: "Thread-local static state",
        messageFormat: "Static field '{0}' is {1} storage: threads are not contexts; move it into per-context state",
        category: DiagnosticIds.StateCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Thread-static and thread- or async-local storage is keyed by thread or async flow, not by network context: contexts that share a thread share the value, and one context's work that moves between threads sees different values.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.ThreadStaticState));

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
        context.RegisterCompilationStartAction(start => StaticMemberTracker.Register(start, SelectCandidates, (end, usages) =>
        {
            foreach (var usage in usages)
            {
                var field = (IFieldSymbol)usage.Member;
                var kind = SymbolFacts.IsThreadStatic(field) ? "[ThreadStatic]" : field.Type.Name;
                end.ReportDiagnostic(StateCandidates.Create(Rule, usage, SymbolFacts.DisplayName(field), kind));
            }
        }));
    }

    private static IReadOnlyCollection<ISymbol> SelectCandidates(INamedTypeSymbol type, AnalyzerOptions options)
    {
        var candidates = new List<ISymbol>();
        foreach (var field in type.GetMembers().OfType<IFieldSymbol>())
        {
            if (!SymbolFacts.IsDeclaredStaticField(field) || !StateCandidates.IsThreadLocalStorage(field))
                continue;
            var stored = field.Type is INamedTypeSymbol { Arity: 1 } local && SymbolFacts.IsThreadOrAsyncLocal(local)
                ? local.TypeArguments[0]
                : field.Type;
            if (StateCandidates.IsExempt(field, stored, PerNetOptions.For(options, field)))
                continue;
            candidates.Add(field);
        }

        return candidates;
    }
}
