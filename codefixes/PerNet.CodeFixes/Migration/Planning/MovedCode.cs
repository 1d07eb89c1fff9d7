using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PerNet.Analyzers;

namespace PerNet.CodeFixes.Migration;

/// <summary>
/// Where moved code is: the accesses that name state (<c>nameof</c>), the accesses inside what moves with the state
/// (initializers of moved members, static constructors of types whose state moves), and the moved members that can
/// instead be made on first use, with their own context. A fact of the index and the set of moved members, worked out
/// once per migration and shared by both planning passes.
/// </summary>
internal sealed class MovedCode
{
    private readonly SolutionIndex _index;
    private readonly ISet<string> _migrated;
    private readonly HashSet<SyntaxNode> _insideState = new();
    private readonly HashSet<SyntaxNode> _inNameOf = new();

    public MovedCode(SolutionIndex index, ISet<string> migrated)
    {
        _index = index;
        _migrated = migrated;
        foreach (var access in index.StateAccesses)
        {
            if (IsInNameOf(access.Node))
                _inNameOf.Add(access.Node); // names the member; needs no context
            else if (MovedInto(access) is { } state)
            {
                if (SymbolKeys.Of(state) == SymbolKeys.Of(access.Target.ContainingType.OriginalDefinition))
                    _insideState.Add(access.Node);
                else
                    _otherStateInside[access.Node] = access.Target;
            }
        }
    }

    private readonly Dictionary<SyntaxNode, ISymbol> _otherStateInside = new();

    /// <summary>
    /// State accesses inside moved code that read another type's moved state (<c>Octets.Empty</c> in the initializer of
    /// a moved <c>Discovery.Default</c>): they read it for the context being set up, the state's own <c>Net</c>.
    /// </summary>
    public IReadOnlyDictionary<SyntaxNode, ISymbol> OtherStateInside => _otherStateInside;

    /// <summary>State accesses inside <c>nameof(..)</c>.</summary>
    public IReadOnlyCollection<SyntaxNode> InNameOf => _inNameOf;

    /// <summary>State accesses that end up inside the state class (moved initializers, static constructors, the accessors of a moved setting).</summary>
    public IReadOnlyCollection<SyntaxNode> InsideState => _insideState;

    private static bool IsInNameOf(SyntaxNode node) =>
        node.Ancestors().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" });

    /// <summary>Inside a migrated member's initializer, or a static constructor of a type whose state moves.</summary>
    public bool IsInsideMovedCode(Reference access) => MovedInto(access) is not null;

    /// <summary>The type whose state class the code around <paramref name="access"/> moves into (see <see cref="IsInsideMovedCode"/>), or null.</summary>
    private INamedTypeSymbol? MovedInto(Reference access)
    {
        var model = _index.Models[access.Document.Id];
        foreach (var ancestor in access.Node.Ancestors())
        {
            switch (ancestor)
            {
                case VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: FieldDeclarationSyntax } } declarator:
                    return model.GetDeclaredSymbol(declarator) is { } field && _migrated.Contains(SymbolKeys.Of(field)) ? field.ContainingType.OriginalDefinition : null;
                case PropertyDeclarationSyntax property when property.Initializer?.Span.Contains(access.Node.Span) == true ||
                                                             property.AccessorList?.Span.Contains(access.Node.Span) == true: // a setting's accessors move with it
                    return model.GetDeclaredSymbol(property) is { } p && _migrated.Contains(SymbolKeys.Of(p)) ? p.ContainingType.OriginalDefinition : null;
                case ConstructorDeclarationSyntax constructor when constructor.Modifiers.Any(Microsoft.CodeAnalysis.CSharp.SyntaxKind.StaticKeyword):
                    return model.GetDeclaredSymbol(constructor)?.ContainingType is { } type &&
                           HasMigratedMembers(type) &&
                           !ancestor.DescendantNodes().OfType<AnonymousFunctionExpressionSyntax>().Any(l => l.Span.Contains(access.Node.Span))
                        ? type.OriginalDefinition
                        : null;
                case BaseTypeDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }

    /// <summary>
    /// The moved field or auto-property whose initialization holds <paramref name="site"/> (inside moved
    /// code), when it can be made on first use instead: its own initializer, or a static constructor
    /// statement <c>F = value;</c> for an F without one; one variable in its declaration; never passed by
    /// <c>ref</c> (it becomes a property); made with <c>new</c>, its arguments reading no moved state but
    /// through lambdas. Null when it cannot.
    /// </summary>
    public (ISymbol Member, ExpressionSyntax Initializer)? LazyTarget(Reference site)
    {
        var found = FindLazyTarget(site);
        // Only an object made with new (a default instance, a pool): making it later is not observable the
        // way a value computed from other state would be (`b = Read()` must see the state as it was then).
        return site.Node is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax &&
               found is { Initializer: BaseObjectCreationExpressionSyntax creation } && !creation.DescendantNodes().Any(n => (_insideState.Contains(n) || _otherStateInside.ContainsKey(n)) && !InLambda(n, creation))
            ? found
            : null;

        static bool InLambda(SyntaxNode node, SyntaxNode within) => node.Ancestors().TakeWhile(a => a != within).Any(a => a is AnonymousFunctionExpressionSyntax);
    }

    private (ISymbol Member, ExpressionSyntax Initializer)? FindLazyTarget(Reference site)
    {
        var model = _index.Models[site.Document.Id];
        foreach (var ancestor in site.Node.Ancestors())
        {
            switch (ancestor)
            {
                case VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: FieldDeclarationSyntax, Variables.Count: 1 } } declarator when declarator.Initializer is { } initializer:
                    return model.GetDeclaredSymbol(declarator) is IFieldSymbol { IsConst: false } field && CanBeLazy(field) ? (field, initializer.Value) : null;
                case PropertyDeclarationSyntax { Initializer: { } initializer } property when initializer.Span.Contains(site.Node.Span):
                    return model.GetDeclaredSymbol(property) is IPropertySymbol p && CanBeLazy(p) ? (p, initializer.Value) : null;
                case ExpressionStatementSyntax { Parent: BlockSyntax { Parent: ConstructorDeclarationSyntax }, Expression: AssignmentExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.SimpleAssignmentExpression } assignment }
                    when assignment.Right.Span.Contains(site.Node.Span):
                    return model.GetSymbolInfo(assignment.Left).Symbol is { } assigned && assigned is IFieldSymbol { IsConst: false } or IPropertySymbol &&
                           CodeShapes.Initializer(assigned) is null && CanBeLazy(assigned) &&
                           (assigned.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: > 1 } })
                        ? (assigned, assignment.Right)
                        : null;
                case BaseTypeDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }

    /// <summary>Moved, and never passed by <c>ref</c>/<c>out</c>/<c>in</c> nor assigned with <c>ref</c>: it can become a property.</summary>
    private bool CanBeLazy(ISymbol member)
    {
        var key = SymbolKeys.Of(member);
        if (!_migrated.Contains(key) || member is IPropertySymbol { IsIndexer: true })
            return false;
        return _index.StateAccesses.Where(a => SymbolKeys.Of(a.Target) == key).All(a =>
        {
            SyntaxNode expression = a.Node.Parent is MemberAccessExpressionSyntax access && access.Name == a.Node ? access : a.Node;
            return expression.Parent is not (ArgumentSyntax { RefKindKeyword.RawKind: not 0 } or RefExpressionSyntax);
        });
    }

    private bool HasMigratedMembers(INamedTypeSymbol type) => type.GetMembers().Any(m => _migrated.Contains(SymbolKeys.Of(m)));

    /// <summary>
    /// Simple names in code that moves into the state class (moved initializers, static constructors of types whose
    /// state moves) that would bind to something else there: a static that stays, named like a member the state class
    /// inherits from <c>PerNet&lt;T&gt;</c> or <c>object</c> (<c>Current + "!"</c> would concatenate the state itself).
    /// Each maps to its qualified form, <c>Pool.Current</c>.
    /// </summary>
    public Dictionary<SyntaxNode, string> ShadowedInState(Compilation? anyCompilation)
    {
        var inherited = InheritedNames(anyCompilation);
        var shadowed = new Dictionary<SyntaxNode, string>();
        foreach (var type in _index.SourceTypes.Where(HasMigratedMembers))
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                var declaration = reference.GetSyntax();
                var model = _index.Models.Values.FirstOrDefault(m => m.SyntaxTree == declaration.SyntaxTree);
                if (model is null)
                    continue;
                foreach (var region in MovedRegions(declaration, model))
                {
                    foreach (var name in region.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
                    {
                        if (!inherited.Contains(name.Identifier.ValueText) || name.Parent is MemberAccessExpressionSyntax access && access.Name == name ||
                            name.Parent is NameColonSyntax or NameEqualsSyntax || name.Parent is QualifiedNameSyntax)
                            continue;
                        if (model.GetSymbolInfo(name).Symbol is not { IsStatic: true, ContainingType: { } owner } symbol ||
                            symbol is not (IFieldSymbol or IPropertySymbol or IMethodSymbol or IEventSymbol) || _migrated.Contains(SymbolKeys.Of(symbol)))
                            continue;
                        shadowed[name] = IsEnclosing(owner, type)
                            ? owner.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)
                            : owner.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                    }
                }
            }
        }

        return shadowed;
    }

    /// <summary>The initializers of the type's migrated members, the accessors of a migrated setting, and its static constructor's body.</summary>
    private IEnumerable<SyntaxNode> MovedRegions(SyntaxNode declaration, SemanticModel model)
    {
        foreach (var member in declaration.ChildNodes().OfType<MemberDeclarationSyntax>())
        {
            switch (member)
            {
                case FieldDeclarationSyntax field:
                    foreach (var variable in field.Declaration.Variables)
                    {
                        if (variable.Initializer is { } initializer && model.GetDeclaredSymbol(variable) is { } symbol && _migrated.Contains(SymbolKeys.Of(symbol)))
                            yield return initializer;
                    }

                    break;
                case PropertyDeclarationSyntax { Initializer: { } initializer } property when model.GetDeclaredSymbol(property) is { } symbol && _migrated.Contains(SymbolKeys.Of(symbol)):
                    yield return initializer;
                    break;
                case PropertyDeclarationSyntax { AccessorList: { } accessors } property when model.GetDeclaredSymbol(property) is { } symbol && _migrated.Contains(SymbolKeys.Of(symbol)) &&
                                                                                             accessors.Accessors.Any(a => a.Body is not null || a.ExpressionBody is not null):
                    yield return accessors; // a setting's accessors become the state's code
                    break;
                case ConstructorDeclarationSyntax constructor when constructor.Modifiers.Any(Microsoft.CodeAnalysis.CSharp.SyntaxKind.StaticKeyword):
                    if (constructor.Body is { } body)
                        yield return body;
                    if (constructor.ExpressionBody is { } arrow)
                        yield return arrow;
                    break;
            }
        }
    }

    private static bool IsEnclosing(INamedTypeSymbol owner, INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, owner.OriginalDefinition))
                return true;
        }

        return false;
    }

    /// <summary>The names a state class sees as its own: the members of <c>PerNet&lt;T&gt;</c> (from the runtime referenced, else its known ones) and of <c>object</c>.</summary>
    private static HashSet<string> InheritedNames(Compilation? compilation)
    {
        var names = new HashSet<string>(GeneratedNames.InheritedByState, System.StringComparer.Ordinal) { "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "ReferenceEquals", "Finalize" };
        if (compilation?.GetTypeByMetadataName("PerNet.PerNet`1") is { } perNet)
            names.UnionWith(perNet.GetMembers().Where(m => m.DeclaredAccessibility is not Accessibility.Private && m.CanBeReferencedByName).Select(m => m.Name));
        return names;
    }
}
