using System.Collections.Immutable;
using System.Linq;
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

    /// <summary>
    /// The same boundary kept for compatibility: an <c>[Obsolete]</c> member that keeps an old signature
    /// (<c>pernet.keep_api</c>) and forwards with <c>NetContext.Current</c> to the one that takes a context.
    /// </summary>
    internal static readonly DiagnosticDescriptor ForwarderRule = new(
        DiagnosticIds.InitialContextBoundary,
        title: "NetContext.Initial at a migration boundary",
        messageFormat: "'{0}' keeps its old signature and passes NetContext.Current to '{1}'; callers that have a context should call '{1}' with it, then this forwarder can go",
        category: DiagnosticIds.ContextCategory,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "The migration keeps a public signature it changed as an [Obsolete] forwarder that uses the ambient context (the initial one outside NetContext.Enter), so callers compile unchanged. Each is a place where the migration can be pushed further.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.InitialContextBoundary));

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule, ForwarderRule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (AmbientReads.NetContextType(start.Compilation) is not { } netContext)
                return;
            AmbientReads.RegisterPropertyReads(start, netContext, "Initial", Analyze);
            if (start.Compilation.GetTypeByMetadataName("System.ObsoleteAttribute") is { } obsolete)
                AmbientReads.RegisterPropertyReads(start, netContext, "Current", (c, r, n) => AnalyzeForwarder(c, r, n, obsolete));
        });
    }

    /// <summary><c>NetContext.Current</c> passed as the context by an [Obsolete] member to a source member that takes one.</summary>
    private static void AnalyzeForwarder(SemanticModelAnalysisContext context, IPropertyReferenceOperation reference, INamedTypeSymbol netContext, INamedTypeSymbol obsolete)
    {
        if (reference.Property is not { Name: "Current", IsStatic: true } property ||
            !SymbolEqualityComparer.Default.Equals(property.ContainingType, netContext) ||
            reference.Parent is not IArgumentOperation { Parameter: { ContainingSymbol: IMethodSymbol method } parameter } ||
            !PerContextTypes.IsNetContext(parameter.Type) || method.Locations.IsEmpty || !method.Locations[0].IsInSource ||
            reference.SemanticModel is not { } model)
            return;
        var enclosing = model.GetEnclosingSymbol(reference.Syntax.SpanStart, context.CancellationToken);
        var member = enclosing is IMethodSymbol { AssociatedSymbol: { } associated } ? associated : enclosing;
        if (member is null || !member.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, obsolete)))
            return;
        var callee = SymbolFacts.DisplayName(method.MethodKind == MethodKind.Constructor ? method.ContainingType : method);
        var kept = member is IMethodSymbol { MethodKind: MethodKind.Constructor } ? member.ContainingType : member;
        context.ReportDiagnostic(Diagnostic.Create(ForwarderRule, reference.Syntax.GetLocation(), SymbolFacts.DisplayName(kept), callee));
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
