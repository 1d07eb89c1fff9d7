using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace PerNet.CodeFixes.Migration;

/// <summary>Turns a <see cref="MigrationPlan"/> into edited documents, one pass per document.</summary>
internal sealed class MigrationRewriter
{
    private const string StateClassName = "State";

    private readonly SolutionIndex _index;
    private readonly MigrationPlan _plan;
    private readonly StateClasses _states;

    private readonly Dictionary<SyntaxNode, ISymbol> _stateAccessTargets;

    // The plan grouped by syntax tree once, so each document takes only its own entries.
    private readonly ILookup<SyntaxTree, KeyValuePair<SyntaxNode, (Document Document, string Source)>> _sourcesByTree;
    private readonly ILookup<SyntaxTree, Reference> _callsByTree;
    private readonly ILookup<SyntaxTree, SyntaxNode> _nameOfByTree;

    public MigrationRewriter(SolutionIndex index, MigrationPlan plan, StateClasses states)
    {
        _stateAccessTargets = index.StateAccesses.ToDictionary(a => a.Node, a => a.Target);
        _sourcesByTree = plan.Sources.ToLookup(p => p.Key.SyntaxTree);
        _callsByTree = plan.CallsToUpdate.ToLookup(c => c.Node.SyntaxTree);
        _nameOfByTree = plan.InNameOf.ToLookup(n => n.SyntaxTree);
        _index = index;
        _plan = plan;
        _states = states;
    }

    public async Task<Solution> ApplyAsync(Solution solution, CancellationToken cancellationToken)
    {
        var documents = _plan.Sources.Values.Select(v => v.Document.Id)
            .Concat(_plan.InsideState.Select(n => solution.GetDocumentId(n.SyntaxTree)))
            .Concat(_plan.InNameOf.Select(n => solution.GetDocumentId(n.SyntaxTree)))
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

        // 1. Accesses to moved state: X.member -> X.State.Of(net).member (or a hoisted local, see Hoist).
        var accesses = _sourcesByTree[tree]
            .Where(p => p.Key is SimpleNameSyntax && _stateAccessTargets.ContainsKey(p.Key))
            .Select(p => (Name: (SimpleNameSyntax)p.Key, Target: _stateAccessTargets[p.Key], p.Value.Source))
            .ToList();
        var hoisted = Hoist(editor, accesses, model);
        foreach (var name in _nameOfByTree[tree].Cast<SimpleNameSyntax>())
        {
            var target = _stateAccessTargets[name];
            if (name.Parent is MemberAccessExpressionSyntax named && named.Name == name)
                editor.ReplaceNode(named, (current, _) => SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, ((MemberAccessExpressionSyntax)current).Expression, SyntaxFactory.IdentifierName(StateClassName)), name.WithoutTrivia()));
            else
                editor.ReplaceNode(name, (current, _) => SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, StateTypeAt(name, target, model), name.WithoutTrivia()).WithTriviaFrom(current));
        }

        foreach (var (name, target, sourceText) in accesses)
        {
            if (hoisted.TryGetValue(name, out var local))
            {
                SyntaxNode replaced = name.Parent is MemberAccessExpressionSyntax qualified && qualified.Name == name ? qualified : name;
                editor.ReplaceNode(replaced, (current, _) => SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(local), name.WithoutTrivia()).WithTriviaFrom(current));
                continue;
            }

            var source = sourceText == MigrationPlanner.AmbientSource ? null : SyntaxFactory.ParseExpression(sourceText);
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
        foreach (var call in _callsByTree[tree])
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

        // 3b. Classes that keep their context: the field, and each constructor sets it.
        BindObjects(editor, tree, cancellationToken);

        // A static lambda or local function cannot capture the context from outside it: it stops being
        // static (nothing else changes; it only captures what it now uses).
        var unstatic = new HashSet<SyntaxNode>();
        foreach (var pair in _sourcesByTree[tree].Where(p => p.Value.Source is not (MigrationPlanner.InitialSource or MigrationPlanner.AmbientSource)))
        {
            var sourceRoot = pair.Value.Source.Split('.')[0].TrimStart('@');
            foreach (var function in pair.Key.Ancestors())
            {
                if (function is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax)
                    break;
                var isStatic = function switch
                {
                    LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.StaticKeyword),
                    AnonymousFunctionExpressionSyntax lambda => lambda.Modifiers.Any(SyntaxKind.StaticKeyword),
                    _ => false,
                };
                if (isStatic && !DeclaresParameter(function, sourceRoot) && unstatic.Add(function))
                    editor.ReplaceNode(function, (current, _) => ContextSyntax.WithoutStatic(current));
            }
        }

        // 4. Types whose state moves: the nested state class, and the members it replaces.
        foreach (var type in _states.Types)
            _states.Edit(editor, type, tree, model, _plan, cancellationToken);

        var root = editor.GetChangedRoot();
        return ContextSyntax.WithPerNetUsing(root);
    }

    /// <summary>
    /// Nullable flow analysis follows a static field but not <c>State.Of(net).field</c> across calls, so
    /// a null check followed by a use would warn. Where a block-bodied function reads a nullable
    /// reference member more than once from one stable source (a parameter, <c>this...</c>,
    /// <c>NetContext.Initial</c>), <c>var state = State.Of(net);</c> is hoisted to its start and its
    /// accesses to that state class go through the local. <c>State.Of(net)</c> returns one object per
    /// context, so behaviour is unchanged. In the ambient style every block-bodied function that reads
    /// a state class twice or more gets <c>var state = State.Current;</c>: Current cannot change within a
    /// function that does not enter a context (an await resumes in the same context).
    /// </summary>
    private static Dictionary<SimpleNameSyntax, string> Hoist(DocumentEditor editor, List<(SimpleNameSyntax Name, ISymbol Target, string Source)> accesses, SemanticModel model)
    {
        var result = new Dictionary<SimpleNameSyntax, string>();
        var groups = accesses
            .Select(a => (Access: a, Body: FunctionBody(a.Name)))
            .Where(a => a.Body is not null && IsStableSource(a.Access.Source, a.Access.Name, model))
            .GroupBy(a => (a.Body, Owner: a.Access.Target.ContainingType.OriginalDefinition, a.Access.Source));
        foreach (var group in groups)
        {
            var nullableReads = group.Count(a => IsNullableReference(a.Access.Target));
            // Ambient: each State.Current is a context lookup; one per function is enough unless the
            // function enters a context itself (then Current changes inside it).
            var ambientReads = group.Key.Source == MigrationPlanner.AmbientSource && !EntersContext(group.Key.Body!) ? group.Count() : 0;
            if (nullableReads < 2 && ambientReads < 2)
                continue;
            var body = group.Key.Body!;
            var owner = group.Key.Owner;
            var used = new HashSet<string>(body.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
            var local = "state";
            if (!SymbolEqualityComparer.Default.Equals(model.GetEnclosingSymbol(body.SpanStart)?.ContainingType?.OriginalDefinition, owner))
                local = char.ToLowerInvariant(owner.Name[0]) + owner.Name.Substring(1) + "State";
            for (var i = 2; used.Contains(local); i++)
                local = (local.EndsWith("State", System.StringComparison.Ordinal) ? local : local.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9')) + i;
            var stateType = StateTypeAt(body, group.First().Access.Target, model);
            var stateOf = group.Key.Source == MigrationPlanner.AmbientSource ? $"{stateType}.Current" : $"{stateType}.Of({group.Key.Source})";
            var declaration = SyntaxFactory.ParseStatement($"var {local} = {stateOf};\n")
                .WithAdditionalAnnotations(Formatter.Annotation);
            editor.InsertBefore(body.Statements[0], declaration);
            foreach (var (access, _) in group)
                result[access.Name] = local;
        }

        return result;
    }

    /// <summary>
    /// For each class in <see cref="MigrationPlan.BoundTypes"/> declared in <paramref name="tree"/>:
    /// <c>private readonly NetContext net;</c>, set first thing by every constructor that does not chain
    /// to another one (<c>this.net = net;</c>); an implicit constructor becomes an explicit one that takes it.
    /// </summary>
    private void BindObjects(SyntaxEditor editor, SyntaxTree tree, CancellationToken cancellationToken)
    {
        foreach (var (type, field) in _plan.BoundTypes.Values)
        {
            var declaration = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<ClassDeclarationSyntax>().FirstOrDefault();
            if (declaration is null || declaration.SyntaxTree != tree)
                continue;
            var fieldDeclaration = Elastic(SyntaxFactory.ParseMemberDeclaration($"private readonly NetContext {field};")!);
            editor.InsertMembers(declaration, 0, new[] { fieldDeclaration });
            foreach (var constructor in type.InstanceConstructors)
            {
                var parameter = _plan.AddedParameters[SymbolKeys.Of(constructor)].ParameterName;
                var assignment = Elastic(SyntaxFactory.ParseStatement($"this.{field} = {parameter};"));
                if (constructor.IsImplicitlyDeclared)
                {
                    var accessibility = SyntaxFacts.GetText(constructor.DeclaredAccessibility);
                    var created = SyntaxFactory.ParseMemberDeclaration($"{accessibility} {declaration.Identifier.ValueText}(NetContext {parameter})\n{{\n    this.{field} = {parameter};\n}}\n")!;
                    editor.InsertMembers(declaration, 1, new[] { Elastic(created) });
                    continue;
                }

                foreach (var reference in constructor.DeclaringSyntaxReferences.Where(r => r.SyntaxTree == tree))
                {
                    if (reference.GetSyntax(cancellationToken) is not ConstructorDeclarationSyntax { Initializer: null or { ThisOrBaseKeyword.RawKind: (int)SyntaxKind.BaseKeyword } } syntax)
                        continue;
                    editor.ReplaceNode(syntax, (current, _) =>
                    {
                        var node = (ConstructorDeclarationSyntax)current;
                        if (node.Body is { } body)
                            return node.WithBody(body.WithStatements(body.Statements.Insert(0, assignment)));
                        var expression = node.ExpressionBody!.Expression;
                        return node.WithExpressionBody(null).WithSemicolonToken(default)
                            .WithBody(SyntaxFactory.Block(assignment, SyntaxFactory.ExpressionStatement(expression)).WithAdditionalAnnotations(Formatter.Annotation));
                    });
                }
            }
        }
    }

    /// <summary>New code the formatter lays out: elastic trivia around it, so it gets its own lines.</summary>
    private static T Elastic<T>(T node)
        where T : SyntaxNode =>
        node.WithLeadingTrivia(SyntaxFactory.ElasticMarker).WithTrailingTrivia(SyntaxFactory.ElasticMarker).WithAdditionalAnnotations(Formatter.Annotation);

    private static bool EntersContext(BlockSyntax body) =>
        body.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Enter" });

    private static BlockSyntax? FunctionBody(SyntaxNode node)
    {
        foreach (var ancestor in node.Ancestors())
        {
            if (ancestor is BlockSyntax { Parent: BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax } block && block.Statements.Count > 0)
                return block;
            if (ancestor is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax)
                return null; // expression-bodied: no statement to hoist into
        }

        return null;
    }

    /// <summary>A source that means the same thing at the start of the function: a parameter, this..., or Initial.</summary>
    private static bool IsStableSource(string source, SyntaxNode site, SemanticModel model)
    {
        if (source is MigrationPlanner.InitialSource or MigrationPlanner.AmbientSource || source.StartsWith("this.", System.StringComparison.Ordinal))
            return true;
        var name = source.Split('.')[0].TrimStart('@');
        return model.LookupSymbols(site.SpanStart, name: name).Any(s => s is IParameterSymbol) ||
               !model.LookupSymbols(site.SpanStart, name: name).Any(); // a parameter the migration adds
    }

    private static bool IsNullableReference(ISymbol member) => member switch
    {
        IFieldSymbol field => field.Type.IsReferenceType && field.NullableAnnotation == NullableAnnotation.Annotated,
        IPropertySymbol property => property.Type.IsReferenceType && property.NullableAnnotation == NullableAnnotation.Annotated,
        IEventSymbol => true,
        _ => false,
    };

    private static bool DeclaresParameter(SyntaxNode function, string name) => function switch
    {
        LocalFunctionStatementSyntax local => local.ParameterList.Parameters.Any(p => p.Identifier.ValueText == name),
        ParenthesizedLambdaExpressionSyntax lambda => lambda.ParameterList.Parameters.Any(p => p.Identifier.ValueText == name),
        SimpleLambdaExpressionSyntax lambda => lambda.Parameter.Identifier.ValueText == name,
        AnonymousMethodExpressionSyntax method => method.ParameterList?.Parameters.Any(p => p.Identifier.ValueText == name) == true,
        _ => false,
    };

    private static T Formatted<T>(T node)
        where T : SyntaxNode => node.WithAdditionalAnnotations(Formatter.Annotation);

    /// <summary><c>State.Of(net).member</c> (or <c>Outer.State.Of(..)</c> from a nested type that may have its own State).</summary>
    private static ExpressionSyntax StateMember(ExpressionSyntax stateType, ExpressionSyntax? source, SimpleNameSyntax member) =>
        SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, StateOf(stateType, source), member.WithoutTrivia());

    /// <summary><c>State.Of(source)</c>, or <c>State.Current</c> in the ambient style (no source).</summary>
    private static ExpressionSyntax StateOf(ExpressionSyntax stateType, ExpressionSyntax? source) =>
        source is null
            ? SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, stateType, SyntaxFactory.IdentifierName("Current"))
            : SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, stateType, SyntaxFactory.IdentifierName("Of")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(source))));

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
}
