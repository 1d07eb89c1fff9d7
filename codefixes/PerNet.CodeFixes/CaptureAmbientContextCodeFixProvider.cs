using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Text;
using PerNet.Analyzers;

namespace PerNet.CodeFixes;

/// <summary>
/// PN0101: captures the ambient context before the hand-off and enters it inside the callback.
/// <code>
/// var net = NetContext.Current;
/// ThreadPool.UnsafeQueueUserWorkItem(_ =>
/// {
///     using (net.Enter())
///     {
///         Udp.Send(...);
///     }
/// }, null);
/// </code>
/// Offered when the callback is a lambda or a method group (a work item object has no body to wrap)
/// and the hand-off is a statement in a block of the same function, so the capture runs right before it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CaptureAmbientContextCodeFixProvider)), Shared]
public sealed class CaptureAmbientContextCodeFixProvider : CodeFixProvider
{
    public const string EquivalenceKey = "PerNet.CaptureAmbientContext";
    public const string Title = "Capture the context and Enter it in the callback";

    private static readonly SyntaxAnnotation s_callbackMark = new("PerNet.Callback");

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.AmbientContextLost);

    /// <summary>Fixes one after another: two captures in one block must not both be called <c>net</c>.</summary>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
            return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (Callback(root, diagnostic) is { } callback && Rewrite(callback, model, context.CancellationToken) is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => FixAsync(context.Document, callback.Span, ct), EquivalenceKey),
                    diagnostic);
            }
        }
    }

    private static ExpressionSyntax? Callback(SyntaxNode root, Diagnostic diagnostic) =>
        diagnostic.AdditionalLocations.Count == 1 && diagnostic.AdditionalLocations[0].SourceTree == root.SyntaxTree
            ? root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) as ExpressionSyntax
            : null;

    private static async Task<Document> FixAsync(Document document, TextSpan callbackSpan, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root?.FindNode(callbackSpan, getInnermostNodeForTie: true) is not ExpressionSyntax callback || model is null ||
            Rewrite(callback, model, cancellationToken) is not { } rewrite)
            return document;
        // Laid out on lines here (a one-line block would be kept on one line); the formatter indents.
        var newLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { } eol && eol.ToString().Length > 0 ? eol.ToString() : "\r\n";
        var editor = new SyntaxEditor(root, document.Project.Solution.Services);
        editor.ReplaceNode(callback, Elastic(rewrite.Callback.NormalizeWhitespace(eol: newLine)).WithTriviaFrom(callback).WithAdditionalAnnotations(Formatter.Annotation));
        editor.InsertBefore(rewrite.Statement, rewrite.Capture.NormalizeWhitespace(eol: newLine)
            .WithLeadingTrivia(rewrite.Statement.GetLeadingTrivia())
            .WithTrailingTrivia(SyntaxFactory.EndOfLine(newLine))
            .WithAdditionalAnnotations(Formatter.Annotation));
        return document.WithSyntaxRoot(ContextSyntax.WithPerNetUsing(editor.GetChangedRoot()));
    }

    /// <summary>Line breaks and indentation the formatter may redo (elastic), so the block is indented where it lands.</summary>
    private static SyntaxNode Elastic(SyntaxNode node) =>
        node.ReplaceTrivia(node.DescendantTrivia(descendIntoTrivia: false), (trivia, _) => trivia.Kind() switch
        {
            SyntaxKind.WhitespaceTrivia => SyntaxFactory.ElasticWhitespace(trivia.ToString()),
            SyntaxKind.EndOfLineTrivia => SyntaxFactory.ElasticEndOfLine(trivia.ToString()),
            _ => trivia,
        });

    private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
            return document;
        var callbacks = diagnostics.Select(d => Callback(root, d)).OfType<ExpressionSyntax>().ToList();
        document = document.WithSyntaxRoot(root.ReplaceNodes(callbacks, (_, current) => current.WithAdditionalAnnotations(s_callbackMark)));
        for (var i = 0; i < callbacks.Count; i++)
        {
            root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            // Earliest first, each found again in the tree the previous fix produced.
            var next = root!.GetAnnotatedNodes(s_callbackMark).FirstOrDefault();
            if (next is null)
                break;
            var span = next.Span;
            document = document.WithSyntaxRoot(root.ReplaceNode(next, next.WithoutAnnotations(s_callbackMark)));
            document = await FixAsync(document, span, context.CancellationToken).ConfigureAwait(false);
        }

        return document;
    }

    private sealed class Rewritten
    {
        public Rewritten(StatementSyntax statement, StatementSyntax capture, ExpressionSyntax callback)
        {
            Statement = statement;
            Capture = capture;
            Callback = callback;
        }

        public StatementSyntax Statement { get; }

        public StatementSyntax Capture { get; }

        public ExpressionSyntax Callback { get; }
    }

    /// <summary>The capture statement and the wrapped callback, or null when the fix cannot be made safely.</summary>
    private static Rewritten? Rewrite(ExpressionSyntax callback, SemanticModel model, CancellationToken cancellationToken)
    {
        if (callback is not (AnonymousFunctionExpressionSyntax or IdentifierNameSyntax or MemberAccessExpressionSyntax or GenericNameSyntax))
            return null;
        // The capture goes right before the statement that hands off, in the same function.
        StatementSyntax? statement = null;
        foreach (var ancestor in callback.Ancestors())
        {
            if (ancestor is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax)
                return null;
            if (ancestor is StatementSyntax found)
            {
                statement = found;
                break;
            }
        }

        if (statement?.Parent is not (BlockSyntax or SwitchSectionSyntax) ||
            model.GetTypeInfo(callback, cancellationToken).ConvertedType is not INamedTypeSymbol { DelegateInvokeMethod: { } invoke } ||
            invoke.Parameters.Any(p => p.RefKind != RefKind.None))
            return null;

        var member = statement.Ancestors().OfType<MemberDeclarationSyntax>().FirstOrDefault();
        var name = ContextSyntax.UnusedName(new SyntaxNode[] { (SyntaxNode?)member ?? statement });
        var capture = SyntaxFactory.ParseStatement($"var {name} = NetContext.Current;");
        var wrapped = callback switch
        {
            AnonymousFunctionExpressionSyntax lambda => WrapLambda(lambda, name, invoke),
            _ => WrapMethodGroup(callback, name, invoke, member),
        };
        return wrapped is null ? null : new Rewritten(statement, capture, wrapped);
    }

    private static ExpressionSyntax? WrapLambda(AnonymousFunctionExpressionSyntax lambda, string name, IMethodSymbol invoke)
    {
        var isAsync = lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
        StatementSyntax inner;
        switch (lambda.Body)
        {
            case BlockSyntax block:
                inner = block.WithoutTrivia();
                break;
            case ExpressionSyntax expression:
                // In an async lambda whose delegate returns Task, the expression is awaited, not returned.
                var returnsValue = !invoke.ReturnsVoid && !(isAsync && invoke.ReturnType is INamedTypeSymbol { Arity: 0, Name: "Task" or "ValueTask" });
                var single = returnsValue
                    ? (StatementSyntax)SyntaxFactory.ReturnStatement(expression.WithoutTrivia())
                    : SyntaxFactory.ExpressionStatement(expression.WithoutTrivia());
                inner = SyntaxFactory.Block(single);
                break;
            default:
                return null;
        }

        var body = SyntaxFactory.Block(Enter(name, inner));
        var stripped = (AnonymousFunctionExpressionSyntax)ContextSyntax.WithoutStatic(lambda);
        return stripped switch
        {
            SimpleLambdaExpressionSyntax simple => simple.WithExpressionBody(null).WithBlock(body),
            ParenthesizedLambdaExpressionSyntax parenthesized => parenthesized.WithExpressionBody(null).WithBlock(body),
            AnonymousMethodExpressionSyntax anonymous => anonymous.WithBlock(body),
            _ => null,
        };
    }

    private static ExpressionSyntax WrapMethodGroup(ExpressionSyntax group, string name, IMethodSymbol invoke, SyntaxNode? member)
    {
        var taken = new HashSet<string>(System.StringComparer.Ordinal) { name };
        var parameters = new List<string>();
        foreach (var parameter in invoke.Parameters)
        {
            var candidate = parameter.Name.Length == 0 ? "arg" : parameter.Name;
            var unique = candidate;
            for (var i = 2; !taken.Add(unique) || (member?.DescendantTokens().Any(t => t.ValueText == unique) ?? false); i++)
                unique = candidate + i;
            parameters.Add(unique);
        }

        var call = SyntaxFactory.InvocationExpression(
            group.WithoutTrivia(),
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(parameters.Select(p => SyntaxFactory.Argument(SyntaxFactory.IdentifierName(p))))));
        var single = invoke.ReturnsVoid ? (StatementSyntax)SyntaxFactory.ExpressionStatement(call) : SyntaxFactory.ReturnStatement(call);
        return SyntaxFactory.ParenthesizedLambdaExpression(
            SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(parameters.Select(p => SyntaxFactory.Parameter(SyntaxFactory.Identifier(p))))),
            SyntaxFactory.Block(Enter(name, SyntaxFactory.Block(single))));
    }

    private static StatementSyntax Enter(string name, StatementSyntax body) =>
        SyntaxFactory.UsingStatement(
            declaration: null,
            expression: SyntaxFactory.InvocationExpression(SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(name), SyntaxFactory.IdentifierName("Enter"))),
            statement: body);
}
