using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerNet.Analyzers;

/// <summary>
/// PN0104: <c>NetContext.Initial</c> standing in for a context at a migration boundary — passed as a
/// source method's first <c>NetContext</c> parameter (the shape the explicit migration adds) or
/// to <c>State.Of</c>, where no context is in scope. The explicit migration emits these where a caller
/// cannot change shape (entry points, delegates handed to code it does not own): the kernel's
/// "only the initial namespace" phase. Each one is a place the migration can be pushed further.
/// Where a context is in scope, choosing Initial is deliberate (moving a device back to the initial
/// context), so it is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InitialContextBoundaryAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticIds.InitialContextBoundary,
        title: "NetContext.Initial at a migration boundary",
        messageFormat: "'{0}' passes NetContext.Initial to '{1}' because no context reaches it yet; pass a context in to finish the migration here",
        category: DiagnosticIds.ContextCategory,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "Code that has no context to pass uses the initial context, as the kernel did while only init_net worked. It is correct for a single-context program; once several contexts run, this place must receive the right one.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.InitialContextBoundary));

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        AmbientReads.RegisterPropertyReads(context, "Initial", Analyze);
    }

    private static void Analyze(SemanticModelAnalysisContext context, IPropertyReferenceOperation reference, INamedTypeSymbol netContext)
    {
        if (reference.Property is not { Name: "Initial", IsStatic: true } property ||
            !SymbolEqualityComparer.Default.Equals(property.ContainingType, netContext) ||
            reference.Parent is not IArgumentOperation { Parameter: { ContainingSymbol: IMethodSymbol method } parameter })
            return;
        var isStateOf = method is { Name: "Of", IsStatic: true } && method.ContainingType is { } owner && PerContextTypes.IsPerNetBase(owner);
        if (!isStateOf && !(parameter.Ordinal == 0 && PerContextTypes.IsNetContext(parameter.Type) && !method.Locations.IsEmpty && method.Locations[0].IsInSource))
            return;
        if (reference.SemanticModel is not { } model || ContextSources.Find(reference.Syntax, model) is not null)
            return;
        var callee = isStateOf ? method.ContainingType!.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + ".Of" : SymbolFacts.DisplayName(method.MethodKind == MethodKind.Constructor ? method.ContainingType : method);
        var enclosing = model.GetEnclosingSymbol(reference.Syntax.SpanStart, context.CancellationToken);
        var member = enclosing is IMethodSymbol { AssociatedSymbol: { } associated } ? associated : enclosing;
        context.ReportDiagnostic(Diagnostic.Create(Rule, reference.Syntax.GetLocation(), member is null ? "top-level code" : SymbolFacts.DisplayName(member), callee));
    }
}
