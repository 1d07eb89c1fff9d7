using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerNet.Analyzers;

/// <summary>
/// The state rules PN0001–PN0005 in one analyzer: one pass over each type's code collects the uses
/// of every static member any of them speaks for, and each member is reported by its own rule
/// (<see cref="StateModel.RuleFor"/>). One analyzer instead of five, because the compiler's driver
/// pays for a symbol-start analyzer on every member symbol of the compilation — five of them cost
/// a 47k-line library 8 % of the compiler's thread time, before any of their code ran.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StateAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        MutableStaticFieldAnalyzer.Rule,
        StaticReadonlyMutableValueAnalyzer.Rule,
        MutableStaticPropertyAnalyzer.Rule,
        StaticEventAnalyzer.Rule,
        ThreadStaticStateAnalyzer.Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // Analyze generated code (writes there matter for "make readonly") but report nothing in it.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
        context.RegisterCompilationStartAction(start => StateRule.Register(start, ruleId: null, Report));
    }

    private static void Report(StateReport context, MemberUsage usage, StateVerdict verdict)
    {
        switch (StateModel.RuleFor(usage.Member)?.RuleId)
        {
            case DiagnosticIds.MutableStaticField:
                MutableStaticFieldAnalyzer.Report(context, usage, verdict);
                break;
            case DiagnosticIds.StaticReadonlyMutableValue:
                StaticReadonlyMutableValueAnalyzer.Report(context, usage, verdict);
                break;
            case DiagnosticIds.MutableStaticProperty:
                MutableStaticPropertyAnalyzer.Report(context, usage, verdict);
                break;
            case DiagnosticIds.StaticEvent:
                StaticEventAnalyzer.Report(context, usage, verdict);
                break;
            case DiagnosticIds.ThreadStaticState:
                ThreadStaticStateAnalyzer.Report(context, usage, verdict);
                break;
        }
    }
}
