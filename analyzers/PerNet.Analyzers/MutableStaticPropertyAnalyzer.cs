using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerNet.Analyzers;

/// <summary>
/// PN0003: a static auto-property with a setter — the sysctl pattern (<c>public static bool
/// IpForward { get; set; }</c>). The compiler-made field behind it is process-wide state. A setting with
/// hand-written accessors that others can set is reported too (it is a setting users see), though it holds
/// nothing itself: the fields its setter changes are reported and move, and it becomes per-context with them.
/// Builds and the IDE run it through <see cref="StateAnalyzer"/> with the other state rules, in one
/// pass over the code; this class runs the rule alone (tests, hosts that want only this rule).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("MicrosoftCodeAnalysisCorrectness", "RS1001:Missing diagnostic analyzer attribute", Justification = "Not loaded by compilers: StateAnalyzer ships this rule.")]
public sealed class MutableStaticPropertyAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticIds.MutableStaticProperty,
        title: "Settable static property",
        messageFormat: "Static property '{0}' has a setter; its value is state shared by every context; move it into per-context state{1}",
        category: DiagnosticIds.StateCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A settable static auto-property is a global variable with accessors: one value for the whole process, set by one context and seen by all. A setting with hand-written accessors whose setter changes static state is one too; it becomes per-context with the state it changes.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.MutableStaticProperty));

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
        context.RegisterCompilationStartAction(start => StateRule.Register(start, DiagnosticIds.MutableStaticProperty, Report));
    }

    /// <summary>Reports a member this rule speaks for (also for <see cref="StateAnalyzer"/>, which runs every state rule in one pass).</summary>
    internal static void Report(StateReport end, MemberUsage usage, StateVerdict verdict)
    {
        if (verdict.Kind != VerdictKind.State)
            return;
        var note = SymbolFacts.IsSettingWithAccessors(usage.Member)
            ? " (its accessors hold nothing: it moves with the state its setter changes)"
            : MigrationBlockers.Note(usage.Member.ContainingType);
        end.ReportDiagnostic(StateRule.Create(Rule, usage, verdict, SymbolFacts.DisplayName(usage.Member), note));
    }

    /// <summary>Static auto-properties with a setter (a compiler-made field holds their value).</summary>
    private static ITypeSymbol? StoredType(IPropertySymbol property) =>
        property is { IsStatic: true, SetMethod: not null, IsIndexer: false } && SymbolFacts.BackingField(property) is not null
            ? property.Type
            : null;
}
