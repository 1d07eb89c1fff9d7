using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerNet.Analyzers;

/// <summary>
/// PN0001: a static field that is neither <c>const</c> nor <c>readonly</c>. Its value is shared by
/// every context. When a private field is never written after initialization and holds an immutable
/// value it is only an unfinished declaration: the diagnostic says so and the "Make readonly" fix is offered.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MutableStaticFieldAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property set when making the field readonly is safe and enough.</summary>
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
        context.RegisterCompilationStartAction(start =>
        {
            var judges = new MutabilityJudges();
            StaticMemberTracker.Register(
                start,
                (type, options) => StateCandidates.Select<IFieldSymbol>(type, options, field =>
                    SymbolFacts.IsDeclaredStaticField(field) && !field.IsReadOnly && !StateCandidates.IsThreadLocalStorage(field) ? field.Type : null),
                (end, usages) =>
                {
                    foreach (var usage in usages)
                        Report(end, usage, judges.For(PerNetOptions.For(end.Options, usage.Member)));
                });
        });
    }

    private static void Report(SymbolAnalysisContext context, MemberUsage usage, MutabilityJudge judge)
    {
        var field = (IFieldSymbol)usage.Member;
        var name = SymbolFacts.DisplayName(field);
        if (CanMakeReadonly(field, usage, judge))
        {
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(MakeReadonlyProperty, "true")
                .Add("SiteKinds", usage.SiteKinds());
            context.ReportDiagnostic(StateCandidates.Create(Rule, field, usage.Sites.Select(s => s.Location).ToImmutableArray(), properties, name, ReadonlyMessage));
        }
        else
        {
            context.ReportDiagnostic(StateCandidates.Create(Rule, usage, name, StateMessage + MigrationBlockers.Note(field.ContainingType)));
        }
    }

    /// <summary>
    /// Only private fields: anything wider may be written where this type cannot see. Volatile
    /// fields cannot be readonly. The value must not change through the field either.
    /// </summary>
    private static bool CanMakeReadonly(IFieldSymbol field, MemberUsage usage, MutabilityJudge judge)
    {
        if (field.DeclaredAccessibility != Accessibility.Private || field.IsVolatile || usage.IsMutatedAfterInitialization)
            return false;
        if (field.Type is IArrayTypeSymbol)
            return usage.HoldsOnlyEmptyArrays || usage.IsConstantTable;
        return judge.IsImmutableValue(field.Type, usage.AssignedTypes);
    }
}
