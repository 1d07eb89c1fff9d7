using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerNet.Analyzers;

/// <summary>
/// PN0001: a static field that is neither <c>const</c> nor <c>readonly</c>. Its value is shared by
/// every context. When the state model finds it never written after initialization and holding a
/// value that cannot change it is only an unfinished declaration: the diagnostic says so and the
/// "Make readonly" fix is offered.
/// Builds and the IDE run it through <see cref="StateAnalyzer"/> with the other state rules, in one
/// pass over the code; this class runs the rule alone (tests, hosts that want only this rule).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("MicrosoftCodeAnalysisCorrectness", "RS1001:Missing diagnostic analyzer attribute", Justification = "Not loaded by compilers: StateAnalyzer ships this rule.")]
public sealed class MutableStaticFieldAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property set with a readonly verdict (the verdict itself is in <see cref="StateVerdict.KindProperty"/>).</summary>
    public const string MakeReadonlyProperty = "MakeReadonly";

    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticIds.MutableStaticField,
        title: "Mutable static field",
        messageFormat: "Static field '{0}' {1}",
        category: DiagnosticIds.StateCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A static field that is not readonly holds one value for the whole process, so every network context sees and changes the same value. Move it into per-context state, or make it readonly if it never changes.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.MutableStaticField));

    private const string StateMessage = "is mutable state shared by every context; move it into per-context state";
    private const string ReadonlyMessage = "is never written after initialization; make it readonly";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // Analyze generated code (writes there matter for "make readonly") but report nothing in it.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
        context.RegisterCompilationStartAction(start => StateRule.Register(start, DiagnosticIds.MutableStaticField, Report));
    }

    /// <summary>Reports a member this rule speaks for (also for <see cref="StateAnalyzer"/>, which runs every state rule in one pass).</summary>
    internal static void Report(StateReport context, MemberUsage usage, StateVerdict verdict)
    {
        var name = SymbolFacts.DisplayName(usage.Member);
        if (verdict.Kind == VerdictKind.Readonly)
            context.ReportDiagnostic(StateRule.Create(Rule, usage, verdict, name, ReadonlyMessage));
        else if (verdict.Kind == VerdictKind.State)
            context.ReportDiagnostic(StateRule.Create(Rule, usage, verdict, name, StateMessage + MigrationBlockers.Note(usage.Member.ContainingType)));
    }
}
