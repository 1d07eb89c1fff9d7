using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace PerNet.CodeFixes;

/// <summary>Syntax edits the migration and the context fixes share.</summary>
internal static class ContextSyntax
{
    /// <summary>Adds <c>using PerNet;</c> when the file now names runtime types and cannot see them yet.</summary>
    public static SyntaxNode WithPerNetUsing(SyntaxNode root)
    {
        if (root is not CompilationUnitSyntax unit ||
            unit.Usings.Any(u => u.Name?.ToString() == "PerNet") ||
            unit.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().Any(n => n.Name.ToString() == "PerNet" || n.Name.ToString().StartsWith("PerNet.", System.StringComparison.Ordinal)) ||
            !unit.DescendantNodes().OfType<SimpleNameSyntax>().Any(i => i.Identifier.ValueText is "NetContext" || i is GenericNameSyntax { Identifier.ValueText: "PerNet" }))
            return root;
        return unit.AddUsings(SyntaxFactory.UsingDirective(SyntaxFactory.ParseName("PerNet")).WithAdditionalAnnotations(Formatter.Annotation));
    }

    /// <summary>A static lambda or local function cannot capture: it stops being static (nothing else changes).</summary>
    public static SyntaxNode WithoutStatic(SyntaxNode function)
    {
        static SyntaxTokenList Strip(SyntaxTokenList modifiers)
        {
            var index = modifiers.IndexOf(SyntaxKind.StaticKeyword);
            return index < 0 ? modifiers : modifiers.RemoveAt(index);
        }

        return function switch
        {
            LocalFunctionStatementSyntax local => local.WithModifiers(Strip(local.Modifiers)).WithLeadingTrivia(local.GetLeadingTrivia()),
            AnonymousFunctionExpressionSyntax lambda => lambda.WithModifiers(Strip(lambda.Modifiers)).WithLeadingTrivia(lambda.GetLeadingTrivia()),
            _ => function,
        };
    }

    /// <summary>
    /// "net", or the first of a few alternatives, that no identifier in <paramref name="scopes"/> uses:
    /// a new local or parameter there can neither clash nor shadow.
    /// </summary>
    public static string UnusedName(IEnumerable<SyntaxNode> scopes)
    {
        var used = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var scope in scopes)
        {
            foreach (var token in scope.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken))
                    used.Add(token.ValueText);
            }
        }

        foreach (var candidate in new[] { "net", "netContext", "context" })
        {
            if (!used.Contains(candidate))
                return candidate;
        }

        for (var i = 2; ; i++)
        {
            if (!used.Contains("net" + i))
                return "net" + i;
        }
    }
}
