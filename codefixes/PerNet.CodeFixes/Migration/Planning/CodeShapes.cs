using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PerNet.Analyzers;

namespace PerNet.CodeFixes.Migration;

/// <summary>Facts of code that planning asks everywhere: which member a site belongs to, and who calls a member.</summary>
internal static class CodeShapes
{
    /// <summary>A getter's parameter belongs to its property (which becomes a method).</summary>
    public static ISymbol Owner(ISymbol member) =>
        member is IMethodSymbol { MethodKind: MethodKind.PropertyGet, AssociatedSymbol: { } property } ? property : member;

    /// <summary>"net", unless the member already uses that name.</summary>
    public static string ParameterName(ISymbol member) =>
        ContextSyntax.UnusedName(member.DeclaringSyntaxReferences.Select(r => r.GetSyntax()));

    /// <summary>The method, constructor or property whose signature would carry the context.</summary>
    public static ISymbol? EnclosingMember(SyntaxNode node, SemanticModel model)
    {
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case BaseMethodDeclarationSyntax method:
                    return model.GetDeclaredSymbol(method);
                case AccessorDeclarationSyntax accessor:
                    return model.GetDeclaredSymbol(accessor);
                case ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax property }:
                    return (model.GetDeclaredSymbol(property) as IPropertySymbol)?.GetMethod;
                case ArrowExpressionClauseSyntax { Parent: IndexerDeclarationSyntax indexer }:
                    return (model.GetDeclaredSymbol(indexer) as IPropertySymbol)?.GetMethod;
                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: BaseFieldDeclarationSyntax } or PropertyDeclarationSyntax or ParameterSyntax }:
                case BaseTypeDeclarationSyntax or GlobalStatementSyntax:
                    return null; // field, property and parameter-default initializers: no signature to extend
            }
        }

        return null;
    }

    /// <summary>Attributes from other assemblies ([Fact], [HttpGet], ...): a framework calls the member by reflection.</summary>
    public static bool HasForeignAttributes(ISymbol member) =>
        member.GetAttributes().Any(a => a.AttributeClass is { } c &&
            !SymbolEqualityComparer.Default.Equals(c.ContainingAssembly, member.ContainingAssembly) &&
            c.ContainingNamespace?.ToDisplayString() is not ("System" or "System.Diagnostics" or "System.Diagnostics.CodeAnalysis" or "System.Runtime.CompilerServices" or "PerNet"));

    /// <summary>A field's or auto-property's initializing expression, if it has one.</summary>
    public static ExpressionSyntax? Initializer(ISymbol member, System.Threading.CancellationToken cancellationToken = default) =>
        member.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) switch
        {
            VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
            PropertyDeclarationSyntax property => property.Initializer?.Value,
            _ => null,
        };
}
