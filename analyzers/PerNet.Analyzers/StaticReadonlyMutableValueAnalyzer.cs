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
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
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
        context.RegisterCompilationStartAction(start =>
        {
            var judges = new MutabilityJudges();
            StaticMemberTracker.Register(
                start,
                (type, options) => StateCandidates.Select<ISymbol>(type, options, ValueType, (stored, o) => !judges.For(o).IsSurelyImmutable(stored)),
                (end, usages) =>
                {
                    foreach (var usage in usages)
                        Report(end, usage, judges.For(PerNetOptions.For(end.Options, usage.Member)));
                });
        });
    }

    /// <summary>The stored type of a readonly static field or a get-only static auto-property; null for anything else.</summary>
    private static ITypeSymbol? ValueType(ISymbol member) => member switch
    {
        IFieldSymbol field when SymbolFacts.IsDeclaredStaticField(field) && field.IsReadOnly && !StateCandidates.IsThreadLocalStorage(field) => field.Type,
        IPropertySymbol { IsStatic: true, SetMethod: null, IsIndexer: false } property when SymbolFacts.BackingField(property) is not null &&
            !SymbolFacts.IsThreadOrAsyncLocal(property.Type) => property.Type,
        _ => null,
    };

    /// <summary>A collection, declared as one or (for interfaces) holding only collections.</summary>
    private static bool IsCollectionValue(ITypeSymbol declared, IReadOnlyCollection<ITypeSymbol> assigned) =>
        MutabilityJudge.IsCollection(declared) || (assigned.Count > 0 && assigned.All(MutabilityJudge.IsCollection));

    private static void Report(SymbolAnalysisContext context, MemberUsage usage, MutabilityJudge judge)
    {
        var valueType = ValueType(usage.Member)!;
        if (judge.IsImmutableValue(valueType, usage.AssignedTypes))
            return;
        if (valueType is IArrayTypeSymbol && (usage.HoldsOnlyEmptyArrays || usage.IsConstantTable))
            return;
        if (usage.IsPrivateLookupTable && IsCollectionValue(valueType, usage.AssignedTypes))
            return;

        var kind = usage.Member is IPropertySymbol ? "property" : "field";
        var shown = usage.AssignedTypes.FirstOrDefault(t => !judge.IsImmutable(t)) ?? valueType;
        context.ReportDiagnostic(StateCandidates.Create(
            Rule, usage, kind, SymbolFacts.DisplayName(usage.Member), shown.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
            MigrationBlockers.Note(usage.Member.ContainingType)));
    }
}
