using System.Collections.Immutable;
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
        messageFormat: "Static field '{0}' is {1} storage: threads are not contexts; move it into per-context state{2}",
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
        context.RegisterCompilationStartAction(start => StaticMemberTracker.Register(
            start,
            (type, options) => StateCandidates.Select<IFieldSymbol>(type, options, StoredType),
            StateCandidates.ReportEach(Rule, usage =>
            {
                var field = (IFieldSymbol)usage.Member;
                return new object[] { SymbolFacts.DisplayName(field), SymbolFacts.IsThreadStatic(field) ? "[ThreadStatic]" : field.Type.Name, MigrationBlockers.Note(field.ContainingType) };
            })));
    }

    /// <summary>What a thread-local field stores: T of ThreadLocal/AsyncLocal&lt;T&gt;, or a [ThreadStatic] field's own type.</summary>
    private static ITypeSymbol? StoredType(IFieldSymbol field)
    {
        if (!SymbolFacts.IsDeclaredStaticField(field) || !StateCandidates.IsThreadLocalStorage(field))
            return null;
        return field.Type is INamedTypeSymbol { Arity: 1 } local && SymbolFacts.IsThreadOrAsyncLocal(local)
            ? local.TypeArguments[0]
            : field.Type;
    }
}
