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
/// "Make readonly" for PN0001 when the state model's verdict is readonly (never written after
/// initialization in its project, immutable value) and no other project of the solution assigns it:
/// such a field is an unfinished declaration, not state. Offered
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

    /// <summary>
    /// The analyzer sees one project; a field visible to others may be assigned by another project of
    /// the solution (its tests, a tool). Making it readonly would break that project, so the fix is not offered.
    /// </summary>
    public static async Task<bool> IsWrittenInOtherProjectsAsync(Document document, FieldDeclarationSyntax field, CancellationToken cancellationToken)
    {
        if (field.Modifiers.Any(SyntaxKind.PrivateKeyword) || field.Modifiers.Count(m => m.IsKind(SyntaxKind.PublicKeyword) || m.IsKind(SyntaxKind.InternalKeyword) || m.IsKind(SyntaxKind.ProtectedKeyword)) == 0)
            return false;
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        foreach (var variable in field.Declaration.Variables)
        {
            if (model?.GetDeclaredSymbol(variable, cancellationToken) is not { } symbol)
                continue;
            foreach (var reference in await Microsoft.CodeAnalysis.FindSymbols.SymbolFinder.FindReferencesAsync(symbol, document.Project.Solution, cancellationToken).ConfigureAwait(false))
            {
                foreach (var location in reference.Locations)
                {
                    if (location.Document.Project.Id == document.Project.Id)
                        continue;
                    var node = (await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))?.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                    var referenceModel = await location.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                    if (node is not null && referenceModel is not null && StaticMemberTracker.ClassifyAt(referenceModel, node, cancellationToken) == SiteKind.Write)
                        return true; // a store into the field (for a struct, a change through it) would no longer compile
                }
            }
        }

        return false;
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
