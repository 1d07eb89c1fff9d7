using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using PerNet.Analyzers;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace PerNet.CodeFixes.Migration;

/// <summary>
/// The signature pass (explicit style): declarations that gain <c>NetContext net</c> (a get-only property
/// becomes a method), every call of them passes its context, classes that keep their context get the
/// field their constructors set, and a static lambda that now captures the context stops being static.
/// A new parameter or argument takes the layout of its neighbours: inserted first in a list laid one per
/// line, it gets a line of its own; the rest of the list is not touched.
/// </summary>
internal sealed class SignaturePass
{
    private readonly MigrationPlan _plan;
    private readonly ILookup<SyntaxTree, Reference> _callsByTree;

    public SignaturePass(MigrationPlan plan)
    {
        _plan = plan;
        _callsByTree = plan.CallsToUpdate.ToLookup(c => c.Node.SyntaxTree);
    }

    public void Apply(DocumentEditor editor, SemanticModel model, CancellationToken cancellationToken)
    {
        var tree = model.SyntaxTree;
        UpdateCalls(editor, model, cancellationToken);
        AddParameters(editor, tree, cancellationToken);
        BindObjects(editor, tree, cancellationToken);
        CaptureInStaticFunctions(editor, tree);
    }

    /// <summary>Calls whose callee gains the parameter: insert the argument, or call the former property.</summary>
    private void UpdateCalls(DocumentEditor editor, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var call in _callsByTree[model.SyntaxTree])
        {
            if (!_plan.Sources.TryGetValue(call.Node, out var found) || found.Source.ToExpression() is not { } context)
                continue;
            var argument = SyntaxFactory.Argument(context);
            switch (call.Node)
            {
                case InvocationExpressionSyntax invocation:
                    var position = model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { IsExtensionMethod: true, MethodKind: not MethodKind.ReducedExtension } ? 1 : 0;
                    editor.ReplaceNode(invocation, (current, _) =>
                    {
                        var node = (InvocationExpressionSyntax)current;
                        return node.WithArgumentList(node.ArgumentList.WithArguments(SyntaxBuilders.Insert(node.ArgumentList.Arguments, position, argument)));
                    });
                    break;
                case BaseObjectCreationExpressionSyntax creation:
                    editor.ReplaceNode(creation, (current, _) =>
                    {
                        var node = (BaseObjectCreationExpressionSyntax)current;
                        if (node.ArgumentList is { } list)
                            return node.WithArgumentList(list.WithArguments(SyntaxBuilders.Insert(list.Arguments, 0, argument)));
                        // new T { .. } without parentheses: the list goes right after the type.
                        var type = node is ObjectCreationExpressionSyntax { Type: { } t } ? t : null;
                        var created = SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(argument));
                        return node is ObjectCreationExpressionSyntax objectCreation && type is not null
                            ? objectCreation.WithType(type.WithoutTrailingTrivia()).WithArgumentList(created.WithTrailingTrivia(type.GetTrailingTrivia()))
                            : node.WithArgumentList(created);
                    });
                    break;
                case ConstructorInitializerSyntax initializer:
                    editor.ReplaceNode(initializer, (current, _) =>
                    {
                        var node = (ConstructorInitializerSyntax)current;
                        return node.WithArgumentList(node.ArgumentList.WithArguments(SyntaxBuilders.Insert(node.ArgumentList.Arguments, 0, argument)));
                    });
                    break;
                case SimpleNameSyntax name:
                    SyntaxNode expression = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                    var renamed = _plan.RenamedProperties.TryGetValue(SymbolKeys.Of(call.Target), out var newName) ? newName : null;
                    editor.ReplaceNode(expression, (current, _) =>
                    {
                        var callee = (ExpressionSyntax)current.WithoutTrivia();
                        if (renamed is not null)
                        {
                            callee = callee is MemberAccessExpressionSyntax member
                                ? member.WithName(SyntaxFactory.IdentifierName(renamed))
                                : SyntaxFactory.IdentifierName(renamed);
                        }

                        return SyntaxFactory.InvocationExpression(callee, SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(argument))).WithTriviaFrom(current);
                    });
                    break;
            }
        }
    }

    /// <summary>Declarations that gain the parameter (a get-only property becomes a method).</summary>
    private void AddParameters(DocumentEditor editor, SyntaxTree tree, CancellationToken cancellationToken)
    {
        foreach (var (member, parameterName) in _plan.AddedParameters.Values)
        {
            foreach (var reference in member.DeclaringSyntaxReferences.Where(r => r.SyntaxTree == tree))
            {
                var declaration = reference.GetSyntax(cancellationToken);
                var parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(parameterName))
                    .WithType(GeneratedNames.Runtime("NetContext").WithTrailingTrivia(SyntaxFactory.Space));
                switch (declaration)
                {
                    case BaseMethodDeclarationSyntax method:
                        var index = member is IMethodSymbol { IsExtensionMethod: true } ? 1 : 0;
                        editor.ReplaceNode(method, (current, _) =>
                        {
                            var node = (BaseMethodDeclarationSyntax)current;
                            node = node.WithParameterList(node.ParameterList.WithParameters(SyntaxBuilders.Insert(node.ParameterList.Parameters, index, parameter)));
                            return DocComments.WithContextParam(node, parameterName);
                        });
                        var carrier = IsCarrierConstructor(member);
                        if ((carrier ? KeepsConstructor((IMethodSymbol)member) : _plan.KeepApi(member)) &&
                            ApiForwarders.Create(method, (IMethodSymbol)member, index, obsolete: !carrier, marked: _plan.MarksKeptApiObsolete) is { } forwarder)
                            editor.InsertAfter(method, forwarder);
                        break;
                    case PropertyDeclarationSyntax property:
                        var renamedTo = _plan.RenamedProperties.TryGetValue(SymbolKeys.Of(member), out var getName) ? getName : null;
                        if (renamedTo is not null)
                            editor.InsertAfter(property, ApiForwarders.ForProperty(property, (IPropertySymbol)member, renamedTo, _plan.MarksKeptApiObsolete)); // before the property is replaced
                        editor.ReplaceNode(property, (current, _) => PropertyToMethod((PropertyDeclarationSyntax)current, parameter, renamedTo));
                        break;
                }
            }
        }
    }

    /// <summary>
    /// For each class in <see cref="MigrationPlan.BoundTypes"/> declared in <paramref name="tree"/>: the member
    /// that holds its context — <c>private readonly NetContext net;</c>, or for a carrier
    /// <c>public NetContext Net { get; }</c> and <c>INetContextBound</c> — set first thing by every
    /// constructor that does not chain to another one; an implicit constructor becomes an explicit one that
    /// takes the context (a carrier keeps the parameterless one too, passing <c>NetContext.Current</c>).
    /// </summary>
    private void BindObjects(SyntaxEditor editor, SyntaxTree tree, CancellationToken cancellationToken)
    {
        foreach (var bound in _plan.BoundTypes.Values)
        {
            var (type, field) = (bound.Type, bound.Field);
            var declaration = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<ClassDeclarationSyntax>().FirstOrDefault();
            if (declaration is null || declaration.SyntaxTree != tree)
                continue;
            var netContext = GeneratedNames.Runtime("NetContext");
            if (bound.Inherited)
            {
                PassToBase(editor, declaration, type, cancellationToken);
                continue;
            }

            MemberDeclarationSyntax holder = bound.IsCarrier
                ? SyntaxFactory.PropertyDeclaration(netContext.WithTrailingTrivia(SyntaxFactory.Space), SyntaxFactory.Identifier(field))
                    .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PublicKeyword)))
                    .WithAccessorList(SyntaxFactory.AccessorList(SyntaxFactory.SingletonList(SyntaxFactory.AccessorDeclaration(SyntaxKind.GetAccessorDeclaration).WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken)))))
                : SyntaxFactory.FieldDeclaration(SyntaxFactory.VariableDeclaration(netContext, SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(field))))
                    .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PrivateKeyword), SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword)));
            editor.InsertMembers(declaration, 0, new[] { Elastic(holder) });
            if (bound.IsCarrier)
                editor.ReplaceNode(declaration, (current, _) => WithInterface((ClassDeclarationSyntax)current, "INetContextBound"));
            foreach (var constructor in type.InstanceConstructors)
            {
                var parameter = _plan.AddedParameters[SymbolKeys.Of(constructor)].ParameterName;
                var assignment = Elastic(SyntaxFactory.ExpressionStatement(SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression,
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.ThisExpression(), SyntaxFactory.IdentifierName(field)),
                    SyntaxFactory.IdentifierName(parameter))));
                if (constructor.IsImplicitlyDeclared)
                {
                    var modifiers = SyntaxFactory.TokenList(SyntaxFactory.Token(AccessibilityKeyword(constructor.DeclaredAccessibility)));
                    var created = SyntaxFactory.ConstructorDeclaration(declaration.Identifier.WithoutTrivia())
                        .WithModifiers(modifiers)
                        .WithParameterList(SyntaxFactory.ParameterList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Parameter(SyntaxFactory.Identifier(parameter)).WithType(netContext))))
                        .WithBody(SyntaxFactory.Block(assignment));
                    var members = new List<MemberDeclarationSyntax> { Elastic(created) };
                    if (bound.IsCarrier && KeepsConstructor(constructor))
                        members.Add(Elastic(KeptParameterless(declaration, modifiers)));
                    else if (!bound.IsCarrier && _plan.KeepApi(constructor) && ApiVisibility.IsReachableFromOtherAssemblies(constructor))
                        members.Add(Elastic(_plan.MarksKeptApiObsolete ? KeptParameterless(declaration, modifiers).WithAttributeLists(SyntaxFactory.SingletonList(ApiForwarders.Obsolete(ApiForwarders.Message))) : KeptParameterless(declaration, modifiers)));

                    editor.InsertMembers(declaration, 1, members);
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

    /// <summary>
    /// A class derived from a carrier: an implicit constructor becomes <c>C(NetContext net) : base(net)</c>
    /// (and keeps <c>C() : this(NetContext.Current)</c> where it must); a constructor that called the base
    /// implicitly now passes its context with <c>: base(net)</c>. Explicit <c>base(..)</c> calls are updated
    /// like every other call.
    /// </summary>
    private void PassToBase(SyntaxEditor editor, ClassDeclarationSyntax declaration, INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var netContext = GeneratedNames.Runtime("NetContext");
        foreach (var constructor in type.InstanceConstructors)
        {
            var parameter = _plan.AddedParameters[SymbolKeys.Of(constructor)].ParameterName;
            var toBase = SyntaxFactory.ConstructorInitializer(SyntaxKind.BaseConstructorInitializer,
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(parameter)))));
            if (constructor.IsImplicitlyDeclared)
            {
                var modifiers = SyntaxFactory.TokenList(SyntaxFactory.Token(AccessibilityKeyword(constructor.DeclaredAccessibility)));
                var members = new List<MemberDeclarationSyntax>
                {
                    Elastic(SyntaxFactory.ConstructorDeclaration(declaration.Identifier.WithoutTrivia()).WithModifiers(modifiers)
                        .WithParameterList(SyntaxFactory.ParameterList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Parameter(SyntaxFactory.Identifier(parameter)).WithType(netContext))))
                        .WithInitializer(toBase).WithBody(SyntaxFactory.Block())),
                };
                if (KeepsConstructor(constructor))
                    members.Add(Elastic(KeptParameterless(declaration, modifiers)));
                editor.InsertMembers(declaration, 0, members);
                continue;
            }

            foreach (var reference in constructor.DeclaringSyntaxReferences.Where(r => r.SyntaxTree == declaration.SyntaxTree))
            {
                if (reference.GetSyntax(cancellationToken) is ConstructorDeclarationSyntax { Initializer: null } syntax)
                {
                    editor.ReplaceNode(syntax, (current, _) =>
                    {
                        var node = (ConstructorDeclarationSyntax)current;
                        return node.WithParameterList(node.ParameterList.WithoutTrailingTrivia())
                            .WithInitializer(toBase.WithColonToken(SyntaxFactory.Token(SyntaxKind.ColonToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space))
                                .WithTrailingTrivia(node.ParameterList.GetTrailingTrivia()));
                    });
                }
            }
        }
    }

    /// <summary><c>C() : this(NetContext.Current) { }</c>: creation without a context binds to the creating task's.</summary>
    private static ConstructorDeclarationSyntax KeptParameterless(ClassDeclarationSyntax declaration, SyntaxTokenList modifiers) =>
        SyntaxFactory.ConstructorDeclaration(declaration.Identifier.WithoutTrivia())
            .WithModifiers(modifiers)
            .WithInitializer(SyntaxFactory.ConstructorInitializer(SyntaxKind.ThisConstructorInitializer,
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(ContextSource.Current.ToExpression()!)))))
            .WithBody(SyntaxFactory.Block());

    /// <summary><c>: Base, I</c>: the interface goes last in the base list, or starts one; the line stays as it was laid out.</summary>
    private static ClassDeclarationSyntax WithInterface(ClassDeclarationSyntax node, string name)
    {
        var added = SyntaxFactory.SimpleBaseType(GeneratedNames.Runtime(name));
        if (node.BaseList is { } list)
        {
            var last = list.Types[list.Types.Count - 1];
            var types = list.Types.Select(t => t == last ? t.WithoutTrailingTrivia() : t).Append(added.WithTrailingTrivia(last.GetTrailingTrivia()));
            var separators = list.Types.GetSeparators().Append(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
            return node.WithBaseList(list.WithTypes(SyntaxFactory.SeparatedList(types, separators)));
        }

        var colon = SyntaxFactory.Token(SyntaxKind.ColonToken).WithTrailingTrivia(SyntaxFactory.Space);
        if (node.TypeParameterList is { } parameters)
        {
            var trailing = parameters.GetTrailingTrivia();
            return node.WithTypeParameterList(parameters.WithTrailingTrivia(SyntaxFactory.Space))
                .WithBaseList(SyntaxFactory.BaseList(colon, SyntaxFactory.SingletonSeparatedList<BaseTypeSyntax>(added.WithTrailingTrivia(trailing))));
        }

        var identifier = node.Identifier;
        return node.WithIdentifier(identifier.WithTrailingTrivia(SyntaxFactory.Space))
            .WithBaseList(SyntaxFactory.BaseList(colon, SyntaxFactory.SingletonSeparatedList<BaseTypeSyntax>(added.WithTrailingTrivia(identifier.TrailingTrivia))));
    }

    /// <summary>
    /// A carrier's constructor keeps its old signature (binding the object to <c>NetContext.Current</c>,
    /// not obsolete: the task's namespace at creation) when code outside the solution can call it, or
    /// when code of the solution that has no context still does.
    /// </summary>
    private bool KeepsConstructor(IMethodSymbol constructor) =>
        ApiVisibility.IsReachableFromOtherAssemblies(constructor) || _plan.KeptConstructors.Contains(SymbolKeys.Of(constructor));

    private bool IsCarrierConstructor(ISymbol member) =>
        member is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor &&
        _plan.BoundTypes.TryGetValue(SymbolKeys.Of(constructor.ContainingType.OriginalDefinition), out var bound) && bound.IsCarrier;

    private static SyntaxKind AccessibilityKeyword(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public => SyntaxKind.PublicKeyword,
        Accessibility.Internal => SyntaxKind.InternalKeyword,
        Accessibility.Protected => SyntaxKind.ProtectedKeyword,
        _ => SyntaxKind.PrivateKeyword,
    };

    /// <summary>
    /// A static lambda or local function cannot capture the context from outside it: it stops being
    /// static (nothing else changes; it only captures what it now uses).
    /// </summary>
    private void CaptureInStaticFunctions(DocumentEditor editor, SyntaxTree tree)
    {
        var unstatic = new HashSet<SyntaxNode>();
        foreach (var pair in _plan.SourcesIn(tree).Where(p => p.Value.Source.IsValue))
        {
            var sourceRoot = pair.Value.Source.RootName;
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
    }

    /// <summary>New code the formatter lays out: elastic trivia around it, so it gets its own lines.</summary>
    private static T Elastic<T>(T node)
        where T : SyntaxNode =>
        node.WithLeadingTrivia(SyntaxFactory.ElasticMarker).WithTrailingTrivia(SyntaxFactory.ElasticMarker).WithAdditionalAnnotations(Formatter.Annotation);

    private static bool DeclaresParameter(SyntaxNode function, string name) => function switch
    {
        LocalFunctionStatementSyntax local => local.ParameterList.Parameters.Any(p => p.Identifier.ValueText == name),
        ParenthesizedLambdaExpressionSyntax lambda => lambda.ParameterList.Parameters.Any(p => p.Identifier.ValueText == name),
        SimpleLambdaExpressionSyntax lambda => lambda.Parameter.Identifier.ValueText == name,
        AnonymousMethodExpressionSyntax method => method.ParameterList?.Parameters.Any(p => p.Identifier.ValueText == name) == true,
        _ => false,
    };

    private static MethodDeclarationSyntax PropertyToMethod(PropertyDeclarationSyntax property, ParameterSyntax parameter, string? name)
    {
        var method = SyntaxFactory.MethodDeclaration(property.AttributeLists, property.Modifiers, property.Type, property.ExplicitInterfaceSpecifier,
                name is null ? property.Identifier.WithoutTrivia() : SyntaxFactory.Identifier(name), null, SyntaxFactory.ParameterList(SyntaxFactory.SingletonSeparatedList(parameter)).WithTrailingTrivia(property.Identifier.TrailingTrivia), default, null, null)
            .WithLeadingTrivia(property.GetLeadingTrivia());
        if (property.ExpressionBody is { } arrow)
            return method.WithExpressionBody(arrow).WithSemicolonToken(property.SemicolonToken).WithTrailingTrivia(property.GetTrailingTrivia());
        var getter = property.AccessorList!.Accessors.First(a => a.IsKind(SyntaxKind.GetAccessorDeclaration));
        return getter.ExpressionBody is { } getterArrow
            ? method.WithExpressionBody(getterArrow).WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken)).WithTrailingTrivia(property.GetTrailingTrivia()).WithAdditionalAnnotations(Formatter.Annotation)
            : method.WithBody(getter.Body).WithTrailingTrivia(property.GetTrailingTrivia()).WithAdditionalAnnotations(Formatter.Annotation);
    }
}
