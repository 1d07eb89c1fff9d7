using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace PerNet.Analyzers;

/// <summary>
/// Statics that are written or hold a mutable value and still are not state: a sentinel of a mutable class that no
/// use changes, and a singleton made on first use that every context would make the same (<see cref="StateModel"/>).
/// </summary>
internal static class Sentinels
{
    /// <summary>
    /// A sentinel of a mutable class of this project (<c>static readonly UserRegistry Empty = new();</c>): made here with
    /// <c>new</c>, never changed after initialization, and never handed to code that could change it — every use,
    /// followed through this project's code, calls only members that read. Only for a member other assemblies cannot
    /// reach, of a type whose changes all go through methods named as such (no field or setter others can assign).
    /// </summary>
    public static bool IsUnchangedSentinel(MemberUsage usage, Compilation compilation, CancellationToken cancellationToken) =>
        // The cheap questions first; binding every member of the type (Mutators) last.
        !usage.IsMutatedAfterInitialization && usage.StaysAsInitialized && usage.AssignedTypes.Count > 0 &&
        !ApiVisibility.IsReachableFromOtherAssemblies(usage.Member) &&
        SymbolFacts.Initializer(usage.Member) is Microsoft.CodeAnalysis.CSharp.Syntax.BaseObjectCreationExpressionSyntax { Initializer: null } &&
        usage.AssignedTypes.All(t => t is INamedTypeSymbol { TypeKind: TypeKind.Class } named && named.Locations.Any(l => l.IsInSource) &&
            !MutabilityJudge.IsCollection(named) && !HasAssignableMember(named) &&
            Mutators.AreNamedAsSuch(named, compilation, cancellationToken)); // uses are classified by the names of what they call: sound only when every mutator is named as one

    /// <summary>A field or settable property code outside the type can assign: changes that no method name announces.</summary>
    private static bool HasAssignableMember(INamedTypeSymbol type)
    {
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member.IsStatic || member.DeclaredAccessibility is Accessibility.Private)
                    continue;
                if (member is IFieldSymbol { IsReadOnly: false, IsConst: false, IsImplicitlyDeclared: false } ||
                    member is IPropertySymbol { SetMethod: { IsInitOnly: false } setter } && setter.DeclaredAccessibility != Accessibility.Private)
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A member that only ever holds an object the platform shares process-wide: its one assignment is its initializer,
    /// which reads a static of another assembly in a <c>System</c> or <c>Microsoft</c> namespace that cannot be set (a
    /// get-only property, a readonly field): <c>ArrayPool&lt;byte&gt;.Shared</c>, <c>Random.Shared</c>. Every context
    /// would hold the same object, so moving the member isolates nothing. The static read, or null.
    /// </summary>
    public static ISymbol? PlatformShared(MemberUsage usage, Compilation compilation, CancellationToken cancellationToken)
    {
        if (usage.Sites.Any(s => s.Kind == SiteKind.Write) || SymbolFacts.Initializer(usage.Member) is not { } initializer ||
            !compilation.ContainsSyntaxTree(initializer.SyntaxTree))
            return null;
        var read = SemanticModels.For(compilation, initializer.SyntaxTree).GetSymbolInfo(initializer, cancellationToken).Symbol;
        var shared = read switch
        {
            IPropertySymbol { IsStatic: true, SetMethod: null, ReturnsByRef: false } property => property,
            IFieldSymbol { IsStatic: true, IsReadOnly: true } field => (ISymbol)field,
            _ => null,
        };
        return shared is not null && !SymbolEqualityComparer.Default.Equals(shared.ContainingAssembly, usage.Member.ContainingAssembly) &&
               shared.ContainingNamespace?.ToDisplayString() is { } ns && (IsUnder(ns, "System") || IsUnder(ns, "Microsoft"))
            ? shared
            : null;

        static bool IsUnder(string ns, string root) => ns == root || ns.StartsWith(root + ".", System.StringComparison.Ordinal);
    }

    /// <summary>
    /// A field whose every assignment after initialization is a memo — <c>f ??= new T()</c>, or <c>f = ..</c> under a
    /// test that <c>f</c> is still null — of a value that cannot change and whose making reads nothing that changes
    /// (<see cref="InstanceFieldUse.IsMemoWrite"/>): a lazily made singleton. The judgement of its value, or null.
    /// </summary>
    public static TypeJudgement? IsLazyImmutable(IFieldSymbol field, MemberUsage usage, MutabilityJudge judge, CompilationWrites writes, CancellationToken cancellationToken)
    {
        if (field.IsVolatile || (field.DeclaredAccessibility != Accessibility.Private && writes.IsWrittenOutsideDeclaringType(field, cancellationToken)))
            return null;
        foreach (var site in usage.Sites)
        {
            if (site.Kind == SiteKind.Mutate && !site.InInitialization)
                return null;
            if (site.Kind != SiteKind.Write || site.InInitialization)
                continue;
            var node = site.Location.SourceTree?.GetRoot(cancellationToken).FindNode(site.Location.SourceSpan, getInnermostNodeForTie: true);
            while (node?.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax access && access.Name == node)
                node = access;
            if (node is null || !InstanceFieldUse.IsMemoWrite(node, field.Name) || !CreatesFromConstants(node, writes.Compilation, cancellationToken))
                return null;
        }

        var value = StateModel.ValueOf(usage, field.Type, judge);
        return value.IsImmutable && usage.AssignedTypes.Count > 0 ? value : null;
    }

    /// <summary>
    /// The memo's value is a <c>new</c> whose arguments are constants or statics that cannot be set (a readonly field, a
    /// get-only property): every context would make the same object.
    /// </summary>
    private static bool CreatesFromConstants(SyntaxNode target, Compilation compilation, CancellationToken cancellationToken)
    {
        var assignment = target.FirstAncestorOrSelf<Microsoft.CodeAnalysis.CSharp.Syntax.AssignmentExpressionSyntax>();
        if (assignment?.Right is not Microsoft.CodeAnalysis.CSharp.Syntax.BaseObjectCreationExpressionSyntax { Initializer: null } creation)
            return false;
        var model = SemanticModels.For(compilation, assignment.SyntaxTree);
        return (creation.ArgumentList?.Arguments ?? default).All(a => a.Expression is Microsoft.CodeAnalysis.CSharp.Syntax.LiteralExpressionSyntax ||
            model.GetSymbolInfo(a.Expression, cancellationToken).Symbol is IFieldSymbol { IsStatic: true } and ({ IsReadOnly: true } or { IsConst: true }) or IPropertySymbol { IsStatic: true, SetMethod: null });
    }
}
