using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerNet.Analyzers;

/// <summary>
/// PN0102: <c>NetContext.Current</c> or <c>State.Current</c> read where an explicit context is in
/// scope — a <c>NetContext</c> parameter or local, or a value, <c>this</c> or field that exposes one
/// (the sources the explicit migration uses, in its order). The two can differ: code called with
/// context B while A is entered reads A. Not reported where the code enters some other context
/// itself (then Current is deliberately not the one in scope) or compares Current with a context.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AmbientWithExplicitInScopeAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the context expression in scope, for the fix.</summary>
    internal const string ContextProperty = "Context";

    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticIds.AmbientWithExplicitInScope,
        title: "Ambient context read where an explicit context is in scope",
        messageFormat: "'{0}' reads the ambient context although '{1}' is in scope; use '{1}'",
        category: DiagnosticIds.ContextCategory,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "When code is given a context, it should use that one: the ambient context is whatever the caller entered, which is not necessarily the context this code was handed.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.AmbientWithExplicitInScope));

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        AmbientReads.RegisterPropertyReads(context, "Current", Analyze);
    }

    private static void Analyze(SemanticModelAnalysisContext context, IPropertyReferenceOperation reference, INamedTypeSymbol netContext)
    {
        if (!AmbientReads.IsCurrent(reference.Property, netContext) || IsComparison(reference) || reference.SemanticModel is not { } model)
            return;
        if (ContextSources.Find(reference.Syntax, model)?.ToString() is not { } source || EntersAnotherContext(reference.Syntax, source))
            return;
        var properties = ImmutableDictionary<string, string?>.Empty.Add(ContextProperty, source);
        context.ReportDiagnostic(Diagnostic.Create(Rule, reference.Syntax.GetLocation(), properties, reference.Syntax.ToString(), source));
    }

    /// <summary><c>NetContext.Current == net</c> asks whether they differ: it needs both.</summary>
    private static bool IsComparison(IPropertyReferenceOperation reference)
    {
        var parent = reference.Parent is IConversionOperation conversion ? conversion.Parent : reference.Parent;
        return parent switch
        {
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } => true,
            IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "ReferenceEquals" or "Equals" } } => true,
            IIsPatternOperation => true,
            _ => false,
        };
    }

    /// <summary>
    /// The enclosing member enters a context other than <paramref name="source"/>: inside that scope
    /// Current is not the context in scope, and replacing one with the other would change behaviour.
    /// </summary>
    private static bool EntersAnotherContext(SyntaxNode site, string source)
    {
        SyntaxNode? member = null;
        foreach (var ancestor in site.Ancestors())
        {
            if (ancestor is MemberDeclarationSyntax)
            {
                member = ancestor;
                break;
            }
        }

        foreach (var node in (member ?? site.SyntaxTree.GetRoot()).DescendantNodes())
        {
            if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Enter" } access, ArgumentList.Arguments.Count: 0 } &&
                access.Expression.ToString() != source)
                return true;
        }

        return false;
    }
}
