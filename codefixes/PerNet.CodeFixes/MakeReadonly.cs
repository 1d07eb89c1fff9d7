using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PerNet.Analyzers;

namespace PerNet.CodeFixes;

/// <summary>
/// "Make readonly" for PN0001 when the analyzer proved it safe (private, never written after
/// initialization, immutable value): such a field is an unfinished declaration, not state. Offered
/// instead of the migration for those diagnostics. A declaration with several variables is made
/// readonly only when every one of them was cleared.
/// </summary>
internal static class MakeReadonly
{
    public const string EquivalenceKey = "PerNet.MakeReadonly";
    public const string Title = "Make readonly";

    public static bool Applies(Diagnostic diagnostic) =>
        diagnostic.Id == DiagnosticIds.MutableStaticField && StateVerdict.From(diagnostic.Properties) is { Kind: VerdictKind.Readonly };

    /// <summary>The field declaration to change, when every variable in it may become readonly.</summary>
    public static FieldDeclarationSyntax? Target(SyntaxNode root, Diagnostic diagnostic, IEnumerable<Diagnostic> cleared)
    {
        if (!Applies(diagnostic) ||
            root.FindNode(diagnostic.Location.SourceSpan) is not VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: FieldDeclarationSyntax field } declaration })
            return null;
        var clearedSpans = new HashSet<Microsoft.CodeAnalysis.Text.TextSpan>(cleared.Where(Applies).Select(d => d.Location.SourceSpan));
        return declaration.Variables.All(v => clearedSpans.Contains(v.Identifier.Span)) ? field : null;
    }

    public static SyntaxNode Apply(SyntaxNode root, IEnumerable<FieldDeclarationSyntax> fields) =>
        root.ReplaceNodes(fields.Distinct(), (original, _) => WithReadonly(original));

    public static async Task<Document> ApplyAsync(Document document, FieldDeclarationSyntax field, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(Apply(root, new[] { field }));
    }

    private static FieldDeclarationSyntax WithReadonly(FieldDeclarationSyntax field)
    {
        var modifiers = field.Modifiers;
        var readonlyToken = SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        // Conventional order: access, static, readonly.
        var staticIndex = modifiers.IndexOf(SyntaxKind.StaticKeyword);
        return field.WithModifiers(staticIndex >= 0 ? modifiers.Insert(staticIndex + 1, readonlyToken) : modifiers.Add(readonlyToken));
    }
}
