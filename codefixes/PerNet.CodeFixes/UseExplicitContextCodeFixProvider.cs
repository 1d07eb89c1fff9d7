using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using PerNet.Analyzers;

namespace PerNet.CodeFixes;

/// <summary>
/// PN0102: uses the context in scope instead of the ambient one — <c>NetContext.Current</c> becomes
/// <c>net</c>, <c>State.Current</c> becomes <c>State.Of(net)</c>. Each edit replaces its own
/// expression only, so the batch fixer applies them all at once.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseExplicitContextCodeFixProvider)), Shared]
public sealed class UseExplicitContextCodeFixProvider : CodeFixProvider
{
    public const string EquivalenceKey = "PerNet.UseExplicitContext";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.AmbientWithExplicitInScope);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
            return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(AmbientWithExplicitInScopeAnalyzer.ContextProperty, out var source) || source is null ||
                root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax read ||
                Replacement(read, source, model, context.CancellationToken) is not { } replacement)
                continue;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Use '{source}'",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(read, replacement.WithTriviaFrom(read).WithAdditionalAnnotations(Formatter.Annotation)))),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static ExpressionSyntax? Replacement(ExpressionSyntax read, string source, SemanticModel model, CancellationToken cancellationToken)
    {
        if (model.GetSymbolInfo(read, cancellationToken).Symbol is not IPropertySymbol { Name: "Current" } property)
            return null;
        var context = SyntaxFactory.ParseExpression(source);
        if (PerContextTypes.IsNetContext(property.ContainingType))
            return context;
        var of = SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(context)));
        return read switch
        {
            MemberAccessExpressionSyntax access => SyntaxFactory.InvocationExpression(access.WithName(SyntaxFactory.IdentifierName("Of")), of),
            IdentifierNameSyntax => SyntaxFactory.InvocationExpression(SyntaxFactory.IdentifierName("Of"), of),
            _ => null,
        };
    }
}
