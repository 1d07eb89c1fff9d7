using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace PerNet.CodeFixes.Migration;

/// <summary>Turns a <see cref="MigrationPlan"/> into edited documents, one pass per document.</summary>
internal sealed class MigrationRewriter
{
    private const string StateClassName = "State";

    private readonly SolutionIndex _index;
    private readonly MigrationPlan _plan;
    private readonly ISet<string> _migrated;
    private readonly StateClasses _states;

    public MigrationRewriter(SolutionIndex index, MigrationPlan plan, ISet<string> migrated, StateClasses states)
    {
        _index = index;
        _plan = plan;
        _migrated = migrated;
        _states = states;
    }

    public async Task<Solution> ApplyAsync(Solution solution, CancellationToken cancellationToken)
    {
        var documents = _plan.Sources.Values.Select(v => v.Document.Id)
            .Concat(_plan.InsideState.Select(n => solution.GetDocumentId(n.SyntaxTree)))
            .Concat(_plan.AddedParameters.Values.SelectMany(a => a.Member.DeclaringSyntaxReferences).Select(r => solution.GetDocumentId(r.SyntaxTree)))
            .Concat(_states.Types.SelectMany(t => t.DeclaringSyntaxReferences).Select(r => solution.GetDocumentId(r.SyntaxTree)))
            .Where(id => id is not null)
            .Distinct()
            .ToList();

        var result = solution;
        foreach (var id in documents)
        {
            var document = solution.GetDocument(id!);
            if (document is null)
                continue;
            var edited = await RewriteAsync(document, cancellationToken).ConfigureAwait(false);
            result = result.WithDocumentSyntaxRoot(id!, edited);
        }

        return result;
    }

    private async Task<SyntaxNode> RewriteAsync(Document document, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var model = _index.Models[document.Id];
        var tree = model.SyntaxTree;

        // 1. Accesses to moved state: X.member -> X.State.Of(net).member.
        foreach (var pair in _plan.Sources.Where(p => p.Key.SyntaxTree == tree && p.Key is SimpleNameSyntax && _index.StateAccesses.Any(a => a.Node == p.Key)))
        {
            var name = (SimpleNameSyntax)pair.Key;
            var target = model.GetSymbolInfo(name, cancellationToken).Symbol!;
            var source = SyntaxFactory.ParseExpression(pair.Value.Source);
            if (name.Parent is MemberAccessExpressionSyntax access && access.Name == name)
            {
                editor.ReplaceNode(access, (current, _) =>
                {
                    var currentAccess = (MemberAccessExpressionSyntax)current;
                    return StateMember(SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, currentAccess.Expression, SyntaxFactory.IdentifierName(StateClassName)), source, currentAccess.Name)
                        .WithTriviaFrom(currentAccess);
                });
            }
            else
            {
                var stateType = StateTypeAt(name, target, model);
                editor.ReplaceNode(name, (current, _) => StateMember(stateType, source, (SimpleNameSyntax)current).WithTriviaFrom(current));
            }
        }

        // 2. Calls whose callee gains the parameter: insert the argument, or call the former property.
        foreach (var call in _plan.CallsToUpdate.Where(c => c.Node.SyntaxTree == tree))
        {
            if (!_plan.Sources.TryGetValue(call.Node, out var found))
                continue;
            var argument = SyntaxFactory.Argument(SyntaxFactory.ParseExpression(found.Source)).WithTrailingTrivia(SyntaxFactory.ElasticSpace);
            switch (call.Node)
            {
                case InvocationExpressionSyntax invocation:
                    var position = model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { IsExtensionMethod: true, MethodKind: not MethodKind.ReducedExtension } ? 1 : 0;
                    editor.ReplaceNode(invocation, (current, _) =>
                    {
                        var node = (InvocationExpressionSyntax)current;
                        return node.WithArgumentList(Formatted(node.ArgumentList.WithArguments(node.ArgumentList.Arguments.Insert(position, argument))));
                    });
                    break;
                case BaseObjectCreationExpressionSyntax creation:
                    editor.ReplaceNode(creation, (current, _) =>
                    {
                        var node = (BaseObjectCreationExpressionSyntax)current;
                        var list = node.ArgumentList ?? SyntaxFactory.ArgumentList();
                        return node.WithArgumentList(Formatted(list.WithArguments(list.Arguments.Insert(0, argument))));
                    });
                    break;
                case ConstructorInitializerSyntax initializer:
                    editor.ReplaceNode(initializer, (current, _) =>
                    {
                        var node = (ConstructorInitializerSyntax)current;
                        return node.WithArgumentList(Formatted(node.ArgumentList.WithArguments(node.ArgumentList.Arguments.Insert(0, argument))));
                    });
                    break;
                case SimpleNameSyntax name:
                    SyntaxNode expression = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                    editor.ReplaceNode(expression, (current, _) =>
                        SyntaxFactory.InvocationExpression((ExpressionSyntax)current.WithoutTrivia(), SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(argument.WithoutTrivia())))
                            .WithTriviaFrom(current));
                    break;
            }
        }

        // 3. Declarations that gain the parameter (a get-only property becomes a method).
        foreach (var (member, parameterName) in _plan.AddedParameters.Values)
        {
            foreach (var reference in member.DeclaringSyntaxReferences.Where(r => r.SyntaxTree == tree))
            {
                var declaration = reference.GetSyntax(cancellationToken);
                var parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(parameterName))
                    .WithType(SyntaxFactory.IdentifierName("NetContext").WithTrailingTrivia(SyntaxFactory.Space));
                switch (declaration)
                {
                    case BaseMethodDeclarationSyntax method:
                        var index = member is IMethodSymbol { IsExtensionMethod: true } ? 1 : 0;
                        editor.ReplaceNode(method, (current, _) =>
                        {
                            var node = (BaseMethodDeclarationSyntax)current;
                            return node.WithParameterList(Formatted(node.ParameterList.WithParameters(node.ParameterList.Parameters.Insert(index, parameter))));
                        });
                        break;
                    case PropertyDeclarationSyntax property:
                        editor.ReplaceNode(property, (current, _) => PropertyToMethod((PropertyDeclarationSyntax)current, parameter));
                        break;
                }
            }
        }

        // 4. Types whose state moves: the nested state class, and the members it replaces.
        foreach (var type in _states.Types)
            _states.Edit(editor, type, tree, model, _plan, cancellationToken);

        var root = editor.GetChangedRoot();
        if (root is CompilationUnitSyntax unit && NeedsPerNetUsing(document, unit))
            root = unit.AddUsings(SyntaxFactory.UsingDirective(SyntaxFactory.ParseName("PerNet")).WithAdditionalAnnotations(Formatter.Annotation));
        return root;
    }

    private static T Formatted<T>(T node)
        where T : SyntaxNode => node.WithAdditionalAnnotations(Formatter.Annotation);

    /// <summary><c>State.Of(net).member</c> (or <c>Outer.State.Of(..)</c> from a nested type that may have its own State).</summary>
    private static ExpressionSyntax StateMember(ExpressionSyntax stateType, ExpressionSyntax source, SimpleNameSyntax member) =>
        SyntaxFactory.MemberAccessExpression(
            SyntaxKind.SimpleMemberAccessExpression,
            SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, stateType, SyntaxFactory.IdentifierName("Of")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(source)))),
            member.WithoutTrivia());

    private static ExpressionSyntax StateTypeAt(SyntaxNode site, ISymbol member, SemanticModel model)
    {
        var here = model.GetEnclosingSymbol(site.SpanStart)?.ContainingType ?? model.GetEnclosingSymbol(site.SpanStart) as INamedTypeSymbol;
        var owner = member.ContainingType;
        if (here is not null && SymbolEqualityComparer.Default.Equals(here.OriginalDefinition, owner.OriginalDefinition))
            return SyntaxFactory.IdentifierName(StateClassName);
        var ownerName = owner.ToMinimalDisplayString(model, site.SpanStart, SymbolDisplayFormat.MinimallyQualifiedFormat);
        return SyntaxFactory.ParseExpression(ownerName + "." + StateClassName);
    }

    private static MethodDeclarationSyntax PropertyToMethod(PropertyDeclarationSyntax property, ParameterSyntax parameter)
    {
        var method = SyntaxFactory.MethodDeclaration(property.AttributeLists, property.Modifiers, property.Type, property.ExplicitInterfaceSpecifier,
                property.Identifier.WithoutTrivia(), null, Formatted(SyntaxFactory.ParameterList(SyntaxFactory.SingletonSeparatedList(parameter))), default, null, null)
            .WithLeadingTrivia(property.GetLeadingTrivia());
        if (property.ExpressionBody is { } arrow)
            return method.WithExpressionBody(arrow).WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken)).WithTrailingTrivia(property.GetTrailingTrivia());
        var getter = property.AccessorList!.Accessors.First(a => a.IsKind(SyntaxKind.GetAccessorDeclaration));
        return getter.ExpressionBody is { } getterArrow
            ? method.WithExpressionBody(getterArrow).WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken)).WithTrailingTrivia(property.GetTrailingTrivia())
            : method.WithBody(getter.Body).WithTrailingTrivia(property.GetTrailingTrivia());
    }

    private bool NeedsPerNetUsing(Document document, CompilationUnitSyntax unit)
    {
        if (unit.Usings.Any(u => u.Name?.ToString() == "PerNet") ||
            unit.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().Any(n => n.Name.ToString() == "PerNet" || n.Name.ToString().StartsWith("PerNet.", System.StringComparison.Ordinal)))
            return false;
        return unit.DescendantNodes().OfType<IdentifierNameSyntax>().Any(i => i.Identifier.ValueText is "NetContext" or "PerNet");
    }
}
