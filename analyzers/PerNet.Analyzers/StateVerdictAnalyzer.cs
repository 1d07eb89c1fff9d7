using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerNet.Analyzers;

/// <summary>
/// PN0000 (off by default): the state model's verdict on every static member the state rules look
/// at, reported or not — state, readonly, or not state with the reason — so a user can see why a
/// member is not flagged. <c>pernet scan --explain</c> turns it on; so does
/// <c>dotnet_diagnostic.PN0000.severity = suggestion</c> in an .editorconfig.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StateVerdictAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticIds.StateVerdict,
        title: "State verdict",
        messageFormat: "Static {0} '{1}': {2} ({3}): {4}",
        category: DiagnosticIds.StateCategory,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: false,
        description: "Why PerNet does or does not report a static member: the verdict of its state model, with the reason.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.StateVerdict));

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
        context.RegisterCompilationStartAction(start => StateRule.Register(
            start,
            ruleId: null,
            (end, usage, verdict) =>
            {
                var kind = SymbolFacts.MemberKind(usage.Member);
                end.ReportDiagnostic(StateRule.Create(Rule, usage, verdict, kind, SymbolFacts.DisplayName(usage.Member), verdict.KindText, verdict.Reason, verdict.Explanation));
            },
            keepCleared: true));
    }
}
