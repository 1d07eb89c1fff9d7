using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerNet.Analyzers;

/// <summary>
/// PN0003: a static auto-property with a setter — the sysctl pattern (<c>public static bool
/// IpForward { get; set; }</c>). The compiler-made field behind it is process-wide state. Properties
/// with hand-written accessors hold nothing themselves: the fields they use are reported instead.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MutableStaticPropertyAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticIds.MutableStaticProperty,
        title: "Settable static property",
        messageFormat: "Static property '{0}' has a setter; its value is state shared by every context; move it into per-context state",
        category: DiagnosticIds.StateCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A settable static auto-property is a global variable with accessors: one value for the whole process, set by one context and seen by all.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.MutableStaticProperty));

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
        context.RegisterCompilationStartAction(start => StaticMemberTracker.Register(start, SelectCandidates, (end, usages) =>
        {
            foreach (var usage in usages)
                end.ReportDiagnostic(StateCandidates.Create(Rule, usage, SymbolFacts.DisplayName(usage.Member)));
        }));
    }

    private static IReadOnlyCollection<ISymbol> SelectCandidates(INamedTypeSymbol type, AnalyzerOptions options)
    {
        var candidates = new List<ISymbol>();
        foreach (var property in type.GetMembers().OfType<IPropertySymbol>())
        {
            if (property is not { IsStatic: true, SetMethod: not null, IsIndexer: false } || SymbolFacts.BackingField(property) is null)
                continue;
            if (StateCandidates.IsExempt(property, property.Type, PerNetOptions.For(options, property)))
                continue;
            candidates.Add(property);
        }

        return candidates;
    }
}
