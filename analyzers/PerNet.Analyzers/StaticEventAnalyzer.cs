using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerNet.Analyzers;

/// <summary>
/// PN0004: a field-like static event (<c>public static event EventHandler? LinkChanged;</c>). Its
/// subscriber list is process-wide: a handler added for one context hears every context's events.
/// Events with explicit add/remove hold nothing themselves; the field they use is reported instead.
/// Builds and the IDE run it through <see cref="StateAnalyzer"/> with the other state rules, in one
/// pass over the code; this class runs the rule alone (tests, hosts that want only this rule).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("MicrosoftCodeAnalysisCorrectness", "RS1001:Missing diagnostic analyzer attribute", Justification = "Not loaded by compilers: StateAnalyzer ships this rule.")]
public sealed class StaticEventAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticIds.StaticEvent,
        title: "Static event",
        messageFormat: "Static event '{0}' keeps one subscriber list for every context; move it into per-context state{1}",
        category: DiagnosticIds.StateCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A static event's subscribers are shared by the whole process: a handler registered for one network context is called for link changes in every other one, and keeps its subscriber alive forever.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.StaticEvent));

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
        context.RegisterCompilationStartAction(start => StateRule.Register(start, DiagnosticIds.StaticEvent, Report));
    }

    /// <summary>Reports a member this rule speaks for (also for <see cref="StateAnalyzer"/>, which runs every state rule in one pass).</summary>
    internal static void Report(StateReport end, MemberUsage usage, StateVerdict verdict)
    {
        if (verdict.Kind == VerdictKind.State)
            end.ReportDiagnostic(StateRule.Create(Rule, usage, verdict, SymbolFacts.DisplayName(usage.Member), MigrationBlockers.Note(usage.Member.ContainingType)));
    }
}
