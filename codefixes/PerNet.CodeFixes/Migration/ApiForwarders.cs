using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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

    public static MemberDeclarationSyntax? Create(BaseMethodDeclarationSyntax declaration, IMethodSymbol method, int contextIndex)
    {
        if (!IsVisibleOutside(method) || method.IsVirtual || method.IsAbstract || method.IsOverride || method.ContainingType.TypeKind == TypeKind.Interface ||
            method.ReturnsByRef || method.ReturnsByRefReadonly || method.ExplicitInterfaceImplementations.Length > 0 || method.PartialDefinitionPart is not null || method.PartialImplementationPart is not null)
            return null;
        var parameters = declaration.ParameterList.Parameters;
        var arguments = parameters.Select(p => SyntaxFactory.Argument(SyntaxFactory.IdentifierName(p.Identifier.WithoutTrivia()))
            .WithRefKindKeyword(p.Modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.RefKeyword) || m.IsKind(SyntaxKind.OutKeyword) || m.IsKind(SyntaxKind.InKeyword)).WithoutTrivia())).ToList();
        arguments.Insert(contextIndex, SyntaxFactory.Argument(SyntaxFactory.ParseExpression("NetContext.Current")));
        var argumentList = SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments));
        var obsolete = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(SyntaxFactory.ParseName("System.Obsolete"),
            SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.AttributeArgument(
                SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(Message))))))));
        var attributes = SyntaxFactory.SingletonList(obsolete);
        var modifiers = SyntaxFactory.TokenList(declaration.Modifiers.Where(m => !m.IsKind(SyntaxKind.AsyncKeyword)).Select(m => m.WithoutTrivia().WithTrailingTrivia(SyntaxFactory.Space)));
        var cleanParameters = declaration.ParameterList.WithParameters(SyntaxFactory.SeparatedList(parameters.Select(p => p.WithoutTrivia()))).WithoutTrivia();
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

        return forwarder.WithLeadingTrivia(SyntaxFactory.ElasticMarker).WithTrailingTrivia(SyntaxFactory.ElasticMarker).WithAdditionalAnnotations(Formatter.Annotation);
    }

    private static bool IsVisibleOutside(ISymbol symbol)
    {
        for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
                return false;
        }

        return true;
    }
}
