using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerNet.Analyzers;

/// <summary>
/// PN0005: <c>[ThreadStatic]</c> fields and static <c>ThreadLocal&lt;T&gt;</c> / <c>AsyncLocal&lt;T&gt;</c>.
/// Per-thread is not per-context: two contexts on one thread share the value, one context's work
/// hopping threads loses it. Reported on its own so that it is not mistaken for ordinary statics.
/// Builds and the IDE run it through <see cref="StateAnalyzer"/> with the other state rules, in one
/// pass over the code; this class runs the rule alone (tests, hosts that want only this rule).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("MicrosoftCodeAnalysisCorrectness", "RS1001:Missing diagnostic analyzer attribute", Justification = "Not loaded by compilers: StateAnalyzer ships this rule.")]
public sealed class ThreadStaticStateAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticIds.ThreadStaticState,
        title: "Thread-local static state",
        messageFormat: "Static member '{0}' is {1} storage: threads are not contexts; move it into per-context state{2}",
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
        context.RegisterCompilationStartAction(start => StateRule.Register(start, DiagnosticIds.ThreadStaticState, Report));
    }

    /// <summary>Reports a member this rule speaks for (also for <see cref="StateAnalyzer"/>, which runs every state rule in one pass).</summary>
    internal static void Report(StateReport end, MemberUsage usage, StateVerdict verdict)
    {
        if (verdict.Kind != VerdictKind.State)
            return;
        var kind = usage.Member is IFieldSymbol field && SymbolFacts.IsThreadStatic(field)
            ? "[ThreadStatic]"
            : ((usage.Member as IFieldSymbol)?.Type ?? ((IPropertySymbol)usage.Member).Type).Name;
        end.ReportDiagnostic(StateRule.Create(Rule, usage, verdict, SymbolFacts.DisplayName(usage.Member), kind, MigrationBlockers.Note(usage.Member.ContainingType)));
    }
}
