using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PerNet.Analyzers;
using Microsoft.CodeAnalysis.Formatting;

namespace PerNet.CodeFixes.Migration;

/// <summary>
/// <c>pernet.keep_api</c>: a public or protected method or constructor that gains the context keeps its
/// old signature as an <c>[Obsolete]</c> forwarder passing <c>NetContext.Current</c> (the caller's
/// ambient context; <c>Initial</c> outside any <c>Enter</c>), so code outside the solution — users, the
/// library's own tests — compiles unchanged. Not for members that are virtual, abstract, overrides or
/// interface members (a forwarder could not stand in for them), nor for <c>ref</c> returns.
/// </summary>
internal static class ApiForwarders
{
    public const string Message = "Pass a NetContext: this overload uses NetContext.Current (the initial context outside NetContext.Enter).";

    /// <param name="obsolete">False for a carrier's constructor: creating it without a context is its designed use (the task's namespace), not a leftover; it is then kept whatever its accessibility.</param>
    /// <param name="marked">Whether the kept API is marked <c>[Obsolete]</c> (<see cref="MigrationPlan.MarksKeptApiObsolete"/>).</param>
    public static MemberDeclarationSyntax? Create(BaseMethodDeclarationSyntax declaration, IMethodSymbol method, int contextIndex, bool obsolete = true, bool marked = true)
    {
        if (obsolete && !ApiVisibility.IsReachableFromOtherAssemblies(method) || method.IsVirtual || method.IsAbstract || method.IsOverride || method.ContainingType.TypeKind == TypeKind.Interface ||
            method.ReturnsByRef || method.ReturnsByRefReadonly || method.ExplicitInterfaceImplementations.Length > 0 || method.PartialDefinitionPart is not null || method.PartialImplementationPart is not null)
            return null;
        var parameters = declaration.ParameterList.Parameters;
        var arguments = parameters.Select(p => SyntaxFactory.Argument(SyntaxFactory.IdentifierName(p.Identifier.WithoutTrivia()))
            .WithRefKindKeyword(p.Modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.RefKeyword) || m.IsKind(SyntaxKind.OutKeyword) || m.IsKind(SyntaxKind.InKeyword)).WithoutTrivia())).ToList();
        arguments.Insert(contextIndex, SyntaxFactory.Argument(ContextSource.Current.ToExpression()!));
        var argumentList = SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments));
        var attributes = obsolete && marked ? SyntaxFactory.SingletonList(Obsolete(Message)) : default;
        var modifiers = Clean(declaration.Modifiers.Where(m => !m.IsKind(SyntaxKind.AsyncKeyword)));
        var cleanParameters = SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(parameters.Select(p => p.WithoutTrivia())));
        MemberDeclarationSyntax forwarder;
        switch (declaration)
        {
            case MethodDeclarationSyntax m:
                SimpleNameSyntax name = m.TypeParameterList is { } typeParameters
                    ? SyntaxFactory.GenericName(m.Identifier.WithoutTrivia(), SyntaxFactory.TypeArgumentList(SyntaxFactory.SeparatedList<TypeSyntax>(typeParameters.Parameters.Select(t => SyntaxFactory.IdentifierName(t.Identifier.WithoutTrivia())))))
                    : SyntaxFactory.IdentifierName(m.Identifier.WithoutTrivia());
                ExpressionSyntax callee = method.IsStatic ? name : SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.ThisExpression(), name);
                forwarder = SyntaxFactory.MethodDeclaration(attributes, modifiers, m.ReturnType.WithoutTrivia(), null, m.Identifier.WithoutTrivia(), m.TypeParameterList?.WithoutTrivia(), cleanParameters,
                        SyntaxFactory.List(m.ConstraintClauses.Select(c => c.WithoutTrivia())), null,
                        SyntaxFactory.ArrowExpressionClause(SyntaxFactory.InvocationExpression(callee, argumentList)), SyntaxFactory.Token(SyntaxKind.SemicolonToken));
                break;
            case ConstructorDeclarationSyntax c:
                forwarder = SyntaxFactory.ConstructorDeclaration(attributes, modifiers, c.Identifier.WithoutTrivia(), cleanParameters,
                    SyntaxFactory.ConstructorInitializer(SyntaxKind.ThisConstructorInitializer, argumentList), SyntaxFactory.Block());
                break;
            default:
                return null;
        }

        return AfterItsMember(forwarder, declaration);
    }

    /// <summary>
    /// A forwarder inserted after the member it keeps: a blank line before it and a line end after it, as
    /// members are laid out, so that the blank line before the next member stays (elastic trivia on both
    /// sides let the formatter join the three members without blank lines). It has the old signature, so
    /// the old documentation describes it (no CS1591 where docs are required).
    /// </summary>
    private static MemberDeclarationSyntax AfterItsMember(MemberDeclarationSyntax forwarder, SyntaxNode kept) =>
        forwarder.WithLeadingTrivia(SyntaxFactory.TriviaList(SyntaxFactory.LineFeed).AddRange(DocComments.Of(kept)).Add(SyntaxFactory.ElasticMarker))
            .WithTrailingTrivia(SyntaxFactory.LineFeed).WithAdditionalAnnotations(Formatter.Annotation);

    /// <summary>
    /// A public get-only property whose getter gained the context became <c>Get&lt;Name&gt;(NetContext net)</c>:
    /// the property stays, <c>[Obsolete]</c>, forwarding with <c>NetContext.Current</c>.
    /// </summary>
    public static MemberDeclarationSyntax ForProperty(PropertyDeclarationSyntax declaration, IPropertySymbol property, string method, bool marked = true)
    {
        ExpressionSyntax callee = property.IsStatic
            ? SyntaxFactory.IdentifierName(method)
            : SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.ThisExpression(), SyntaxFactory.IdentifierName(method));
        var call = SyntaxFactory.InvocationExpression(callee, SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(ContextSource.Current.ToExpression()!))));
        return AfterItsMember(SyntaxFactory.PropertyDeclaration(marked ? SyntaxFactory.SingletonList(Obsolete($"Use {method}(NetContext): this property reads NetContext.Current (the initial context outside NetContext.Enter).")) : default,
                Clean(declaration.Modifiers), declaration.Type.WithoutTrivia().WithTrailingTrivia(SyntaxFactory.Space), null, declaration.Identifier.WithoutTrivia(), null,
                SyntaxFactory.ArrowExpressionClause(call), null, SyntaxFactory.Token(SyntaxKind.SemicolonToken)), declaration);
    }

    /// <summary>The message of a moved static's forwarder.</summary>
    public static string StateMessage(string stateName, string member) =>
        $"Per-context state: use {stateName}.Of(net).{member}; this property reads and writes the state of NetContext.Current (the initial context outside NetContext.Enter).";

    /// <summary>
    /// A public or protected static field, auto-property or event that moves into the state class keeps its
    /// name as an <c>[Obsolete]</c> static property (an event: an event) over <c>State.Current</c>, so code
    /// outside the solution that reads, sets or subscribes to it compiles unchanged. A field becomes a
    /// property: source compatible, except for <c>ref</c>/<c>out</c> uses of it.
    /// </summary>
    /// <returns>Null when the member is not visible outside its assembly.</returns>
    /// <param name="perThread">The member became a <c>ThreadLocal&lt;T&gt;</c> of the state (a <c>[ThreadStatic]</c> field): the forwarder reads its <c>Value</c>.</param>
    /// <param name="marked">Whether the kept API is marked <c>[Obsolete]</c> (<see cref="MigrationPlan.MarksKeptApiObsolete"/>).</param>
    public static MemberDeclarationSyntax? ForState(ISymbol member, MemberDeclarationSyntax declaration, string stateName, bool perThread = false, bool accessorHidden = false, bool marked = true)
    {
        if (!ApiVisibility.IsReachableFromOtherAssemblies(member) || !member.IsStatic)
            return null;
        var type = declaration switch
        {
            BaseFieldDeclarationSyntax field => field.Declaration.Type,
            PropertyDeclarationSyntax property => property.Type,
            _ => null,
        };
        if (type is null)
            return null;

        ExpressionSyntax target = SyntaxBuilders.Member(SyntaxBuilders.StateOf(SyntaxFactory.IdentifierName(stateName), ContextSource.Ambient, accessorHidden), SyntaxFactory.IdentifierName(member.Name));
        if (perThread)
            target = SyntaxBuilders.Member(target, SyntaxFactory.IdentifierName("Value"));
        var value = SyntaxFactory.IdentifierName("value");
        AccessorDeclarationSyntax Accessor(SyntaxKind kind, ExpressionSyntax body, SyntaxTokenList modifiers = default) =>
            SyntaxFactory.AccessorDeclaration(kind).WithModifiers(modifiers).WithExpressionBody(SyntaxFactory.ArrowExpressionClause(body)).WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken));
        ExpressionSyntax Assign(SyntaxKind kind) => SyntaxFactory.AssignmentExpression(kind, target, value);

        var accessors = new List<AccessorDeclarationSyntax>();
        switch (member)
        {
            case IEventSymbol:
                accessors.Add(Accessor(SyntaxKind.AddAccessorDeclaration, Assign(SyntaxKind.AddAssignmentExpression)));
                accessors.Add(Accessor(SyntaxKind.RemoveAccessorDeclaration, Assign(SyntaxKind.SubtractAssignmentExpression)));
                break;
            case IFieldSymbol field:
                accessors.Add(Accessor(SyntaxKind.GetAccessorDeclaration, target));
                if (!field.IsReadOnly)
                    accessors.Add(Accessor(SyntaxKind.SetAccessorDeclaration, Assign(SyntaxKind.SimpleAssignmentExpression)));
                break;
            case IPropertySymbol property:
                var syntax = (PropertyDeclarationSyntax)declaration;
                foreach (var accessor in syntax.AccessorList?.Accessors ?? default)
                {
                    var method = accessor.IsKind(SyntaxKind.GetAccessorDeclaration) ? property.GetMethod : property.SetMethod;
                    if (method is null || !ApiVisibility.IsReachableFromOtherAssemblies(method) || accessor.IsKind(SyntaxKind.InitAccessorDeclaration))
                        continue;
                    var modifiers = Clean(accessor.Modifiers);
                    accessors.Add(accessor.IsKind(SyntaxKind.GetAccessorDeclaration)
                        ? Accessor(SyntaxKind.GetAccessorDeclaration, target, modifiers)
                        : Accessor(SyntaxKind.SetAccessorDeclaration, Assign(SyntaxKind.SimpleAssignmentExpression), modifiers));
                }

                break;
        }

        if (accessors.Count == 0)
            return null;
        var attributes = marked ? SyntaxFactory.SingletonList(Obsolete(StateMessage(stateName, member.Name))) : default;
        var kept = declaration.Modifiers.Where(m => m.IsKind(SyntaxKind.PublicKeyword) || m.IsKind(SyntaxKind.ProtectedKeyword) || m.IsKind(SyntaxKind.InternalKeyword) ||
                                                    m.IsKind(SyntaxKind.StaticKeyword) || m.IsKind(SyntaxKind.NewKeyword) || m.IsKind(SyntaxKind.UnsafeKeyword));
        var modifiersOut = Clean(kept);
        var list = SyntaxFactory.AccessorList(SyntaxFactory.List(accessors));
        MemberDeclarationSyntax forwarder = member is IEventSymbol
            ? SyntaxFactory.EventDeclaration(attributes, modifiersOut, type.WithoutTrivia().WithTrailingTrivia(SyntaxFactory.Space), null, SyntaxFactory.Identifier(member.Name), list)
            : SyntaxFactory.PropertyDeclaration(attributes, modifiersOut, type.WithoutTrivia().WithTrailingTrivia(SyntaxFactory.Space), null, SyntaxFactory.Identifier(member.Name), list);
        return forwarder.WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>Modifiers copied onto new code: one space after each, nothing else.</summary>
    private static SyntaxTokenList Clean(IEnumerable<SyntaxToken> modifiers) =>
        SyntaxFactory.TokenList(modifiers.Select(m => m.WithoutTrivia().WithTrailingTrivia(SyntaxFactory.Space)));

    public static AttributeListSyntax Obsolete(string message) =>
        SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(GeneratedNames.Global("System.Obsolete"),
            SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.AttributeArgument(
                SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(message))))))));
}
