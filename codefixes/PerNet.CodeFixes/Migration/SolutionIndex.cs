using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PerNet.CodeFixes.Migration;

/// <summary>How a piece of code refers to a symbol.</summary>
internal enum ReferenceKind
{
    /// <summary>Reads or writes a migrated static member.</summary>
    StateAccess,

    /// <summary>Calls a method or constructor: an invocation, <c>new</c>, <c>base(..)</c>/<c>this(..)</c>.</summary>
    Call,

    /// <summary>Reads a property (a call to its getter).</summary>
    PropertyRead,

    /// <summary>Anything else that names a method or property: a method group, <c>nameof</c>, a write.</summary>
    Other,
}

/// <summary>One reference, by document and syntax node.</summary>
internal sealed class Reference
{
    public Reference(Document document, SyntaxNode node, ISymbol target, ReferenceKind kind)
    {
        Document = document;
        Node = node;
        Target = target;
        Kind = kind;
    }

    public Document Document { get; }

    /// <summary>The name (state access, property read, other) or the call expression (call).</summary>
    public SyntaxNode Node { get; }

    public ISymbol Target { get; }

    public ReferenceKind Kind { get; }
}

/// <summary>
/// Every reference the migration needs, found in one pass over each document with its semantic model:
/// accesses to migrated members and the call graph of source methods, constructors and properties.
/// Built once per solution; nothing is searched per site afterwards.
/// </summary>
internal sealed class SolutionIndex
{
    private readonly Dictionary<string, List<Reference>> _byTarget = new();

    public List<Reference> StateAccesses { get; } = new();

    // Text excluded by #if: never bound, so accesses there cannot be rewritten.
    private readonly List<(SyntaxTree Tree, Microsoft.CodeAnalysis.Text.TextSpan Span, string Text)> _disabled = new();

    public Dictionary<DocumentId, SemanticModel> Models { get; } = new();

    /// <summary>Every type declared in the solution (once per partial part), for hierarchy questions.</summary>
    public List<INamedTypeSymbol> SourceTypes { get; } = new();

    public IReadOnlyList<Reference> ReferencesTo(ISymbol symbol) =>
        _byTarget.TryGetValue(SymbolKeys.Of(symbol), out var list) ? list : (IReadOnlyList<Reference>)System.Array.Empty<Reference>();

    /// <param name="callers">Projects that only call the code that moves (test projects): not read, so never rewritten.</param>
    /// <param name="readFirst">
    /// Projects whose copy of a shared file is the one read (those that declare the state that moves): a multi-targeted
    /// project's state declared under <c>#if</c> for one framework is seen only in that framework's copy.
    /// </param>
    public static async Task<SolutionIndex> BuildAsync(Solution solution, ISet<string> migratedKeys, ISet<ProjectId> callers, CancellationToken cancellationToken, ISet<ProjectId>? readFirst = null)
    {
        var index = new SolutionIndex();
        var projects = solution.Projects.Where(p => p.Language == LanguageNames.CSharp && !callers.Contains(p.Id))
            .OrderBy(p => readFirst is not null && readFirst.Contains(p.Id) ? 0 : 1).ToList(); // stable: the solution's order otherwise
        var compilations = new List<(Project Project, Compilation Compilation)>();
        var names = new HashSet<string>(migratedKeys.Select(key => key.Substring(key.LastIndexOf('.') + 1)), System.StringComparer.Ordinal);
        foreach (var project in projects)
        {
            var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (compilation is null)
                continue;
            compilations.Add((project, compilation));
            names.UnionWith(InterestingNames(compilation)); // calls cross projects: one name set for all
        }

        // A file shared by several projects (one per target framework of a multi-targeted project) is
        // read once, in the first project that has it; the rewriter gives its linked copies the same text.
        var seen = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var (project, _) in compilations)
        {
            foreach (var document in project.Documents)
            {
                if (document.FilePath is { } path && !seen.Add(path))
                    continue;
                var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                if (root is null || model is null)
                    continue;
                index.Models[document.Id] = model;
                index.Scan(document, root, model, names, migratedKeys, cancellationToken);
                if (root.ContainsDirectives)
                {
                    foreach (var trivia in root.DescendantTrivia())
                    {
                        if (trivia.IsKind(SyntaxKind.DisabledTextTrivia))
                            index._disabled.Add((root.SyntaxTree, trivia.Span, trivia.ToString()));
                    }
                }
            }
        }

        return index;
    }

    /// <summary>
    /// Which of <paramref name="names"/> (members of <paramref name="type"/>) code excluded by <c>#if</c>
    /// uses: a bare name inside the type, <c>Type.name</c> elsewhere; with where.
    /// </summary>
    public IEnumerable<(string Name, string Where)> NamesInDisabledCode(INamedTypeSymbol type, ISet<string> names)
    {
        foreach (var (tree, span, text) in _disabled)
        {
            var inType = type.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == tree && r.Span.Contains(span));
            foreach (var name in names)
            {
                var pattern = inType ? $@"\b{name}\b" : $@"\b{type.Name}\s*\.\s*{name}\b";
                if (text.IndexOf(name, System.StringComparison.Ordinal) >= 0 && System.Text.RegularExpressions.Regex.IsMatch(text, pattern))
                    yield return (name, SourcePlaces.Of(Location.Create(tree, span)));
            }
        }
    }

    /// <summary>Names of source methods and properties: with the migrated members' names, the only identifiers bound.</summary>
    private static IEnumerable<string> InterestingNames(Compilation compilation) =>
        compilation.GetSymbolsWithName(_ => true, SymbolFilter.Member).Where(s => s is IMethodSymbol or IPropertySymbol).Select(s => s.Name);

    private void Scan(Document document, SyntaxNode root, SemanticModel model, HashSet<string> names, ISet<string> migratedKeys, CancellationToken cancellationToken)
    {
        foreach (var node in root.DescendantNodes())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (node)
            {
                case SimpleNameSyntax name when names.Contains(name.Identifier.ValueText):
                    var info = model.GetSymbolInfo(name, cancellationToken);
                    var symbol = info.Symbol ?? (info.CandidateSymbols.Length == 1 ? info.CandidateSymbols[0] : null);
                    if (symbol is null)
                        break;
                    if (symbol is IFieldSymbol or IPropertySymbol or IEventSymbol && migratedKeys.Contains(SymbolKeys.Of(symbol)))
                        Add(StateAccesses, new Reference(document, name, symbol, ReferenceKind.StateAccess));
                    else if (symbol is IMethodSymbol method && method.MethodKind is MethodKind.Ordinary or MethodKind.ReducedExtension)
                        Add(null, IsInvoked(name) is { } call ? new Reference(document, call, method, ReferenceKind.Call) : new Reference(document, name, method, ReferenceKind.Other));
                    else if (symbol is IPropertySymbol property && !property.IsIndexer)
                        Add(null, new Reference(document, name, property, IsPlainRead(name) ? ReferenceKind.PropertyRead : ReferenceKind.Other));
                    break;

                case TypeDeclarationSyntax declaration:
                    if (model.GetDeclaredSymbol(declaration, cancellationToken) is INamedTypeSymbol declared)
                        SourceTypes.Add(declared);
                    break;

                case BaseObjectCreationExpressionSyntax or ConstructorInitializerSyntax:
                    if (model.GetSymbolInfo(node, cancellationToken).Symbol is IMethodSymbol constructor)
                        Add(null, new Reference(document, node, constructor, ReferenceKind.Call));
                    break;
            }
        }
    }

    private void Add(List<Reference>? list, Reference reference)
    {
        list?.Add(reference);
        var key = SymbolKeys.Of(reference.Target);
        if (!_byTarget.TryGetValue(key, out var references))
            _byTarget[key] = references = new List<Reference>();
        references.Add(reference);
    }

    /// <summary>The invocation when <paramref name="name"/> is what is invoked (<c>M(..)</c>, <c>x.M(..)</c>, <c>x?.M(..)</c>).</summary>
    internal static InvocationExpressionSyntax? IsInvoked(SimpleNameSyntax name)
    {
        SyntaxNode expression = name;
        if (name.Parent is MemberAccessExpressionSyntax access && access.Name == name)
            expression = access;
        else if (name.Parent is MemberBindingExpressionSyntax binding)
            expression = binding;
        return expression.Parent is InvocationExpressionSyntax invocation && invocation.Expression == expression ? invocation : null;
    }

    /// <summary>A property read that could become a call: not written, not in nameof, not an initializer target.</summary>
    private static bool IsPlainRead(SimpleNameSyntax name)
    {
        SyntaxNode expression = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
        if (expression.Parent is AssignmentExpressionSyntax assignment && assignment.Left == expression)
            return false;
        if (expression.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not 0 })
            return false;
        if (expression.Parent is PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax)
            return false;
        if (name.Parent is MemberBindingExpressionSyntax)
            return false;
        return !expression.Ancestors().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" });
    }
}
