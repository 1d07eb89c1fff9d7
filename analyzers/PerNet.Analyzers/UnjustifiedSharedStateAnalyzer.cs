using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerNet.Analyzers;

/// <summary>
/// PN0006: <c>[SharedAcrossContexts]</c> without a reason. The attribute switches the state rules off
/// for what it marks, so it must say why the state is truly process-wide; a reviewer reads that reason.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnjustifiedSharedStateAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticIds.UnjustifiedSharedState,
        title: "[SharedAcrossContexts] needs a justification",
        messageFormat: "'{0}' is marked [SharedAcrossContexts] without saying why it is safe to share between contexts",
        category: DiagnosticIds.UsageCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "[SharedAcrossContexts] exempts state from the PerNet rules. Give the reason as its argument, so a reviewer can check that the state really is process-wide.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.UnjustifiedSharedState));

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSymbolAction(Analyze, SymbolKind.Field, SymbolKind.Property, SymbolKind.Event, SymbolKind.NamedType);
    }

    private static void Analyze(SymbolAnalysisContext context)
    {
        if (SymbolFacts.FindSharedAttribute(context.Symbol) is not { } attribute || HasJustification(attribute))
            return;
        var location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation()
            ?? (context.Symbol.Locations.IsEmpty ? Location.None : context.Symbol.Locations[0]);
        context.ReportDiagnostic(Diagnostic.Create(Rule, location, SymbolFacts.DisplayName(context.Symbol)));
    }

    /// <summary>A non-blank string argument, positional or named.</summary>
    private static bool HasJustification(AttributeData attribute)
    {
        foreach (var argument in attribute.ConstructorArguments)
        {
            if (argument.Kind == TypedConstantKind.Primitive && argument.Value is string text && !string.IsNullOrWhiteSpace(text))
                return true;
        }

        foreach (var named in attribute.NamedArguments)
        {
            if (named.Value.Value is string text && !string.IsNullOrWhiteSpace(text))
                return true;
        }

        return false;
    }
}
