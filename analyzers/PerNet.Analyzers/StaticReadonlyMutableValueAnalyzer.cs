using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerNet.Analyzers;

/// <summary>
/// PN0002: a <c>static readonly</c> field (or get-only static auto-property) whose value can change:
/// a collection, builder, <c>Random</c>, or a class with writable state. <c>readonly</c> fixes the
/// reference, not what it points to. Immutable values, constant lookup arrays and private lookup
/// collections filled only at initialization are not reported.
/// Builds and the IDE run it through <see cref="StateAnalyzer"/> with the other state rules, in one
/// pass over the code; this class runs the rule alone (tests, hosts that want only this rule).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("MicrosoftCodeAnalysisCorrectness", "RS1001:Missing diagnostic analyzer attribute", Justification = "Not loaded by compilers: StateAnalyzer ships this rule.")]
public sealed class StaticReadonlyMutableValueAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticIds.StaticReadonlyMutableValue,
        title: "Static readonly field holds a mutable value",
        messageFormat: "Static {0} '{1}' is readonly but its {2} value is state shared by every context; move it into per-context state{3}",
        category: DiagnosticIds.StateCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "readonly only fixes which object a static field points to. A collection, builder or other mutable object behind it is still one process-wide value that every network context changes.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.StaticReadonlyMutableValue));

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
        context.RegisterCompilationStartAction(start => StateRule.Register(start, DiagnosticIds.StaticReadonlyMutableValue, Report));
    }

    /// <summary>Reports a member this rule speaks for (also for <see cref="StateAnalyzer"/>, which runs every state rule in one pass).</summary>
    internal static void Report(StateReport context, MemberUsage usage, StateVerdict verdict)
    {
        if (verdict.Kind != VerdictKind.State)
            return;
        var kind = SymbolFacts.MemberKind(usage.Member);
        context.ReportDiagnostic(StateRule.Create(
            Rule, usage, verdict, kind, SymbolFacts.DisplayName(usage.Member), verdict.Value ?? string.Empty,
            MigrationBlockers.Note(usage.Member.ContainingType)));
    }
}
