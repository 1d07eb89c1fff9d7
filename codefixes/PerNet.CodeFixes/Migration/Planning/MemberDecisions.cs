using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PerNet.Analyzers;

namespace PerNet.CodeFixes.Migration;

/// <summary>What a member does when code inside it needs a context.</summary>
internal enum DecisionKind
{
    /// <summary>It gains a <c>NetContext</c> parameter, with the group it changes with (overrides, implementations).</summary>
    AddParameter,

    /// <summary>It keeps its shape: its object keeps the context, or the site passes <c>NetContext.Initial</c> (or <c>Current</c> under keep_api).</summary>
    Boundary,

    Abort,
}

/// <summary>A decision for one member and the members that change with it.</summary>
internal sealed class MemberDecision
{
    public DecisionKind Kind;
    public string? Reason;

    /// <summary>A boundary kept for <c>pernet.keep_api</c>: it reads the caller's ambient context (<c>NetContext.Current</c>), as a forwarder does.</summary>
    public bool KeptApi;
    public List<ISymbol> Group = new();
}

/// <summary>
/// The change-signatures decisions: whether a method, constructor or get-only property can gain a context
/// parameter (and with which overrides and implementations), or keeps its shape. One per planning pass: a member
/// whose object can keep its context (which depends on the carriers chosen) keeps its shape.
/// </summary>
internal sealed class MemberDecisions
{
    private readonly SolutionIndex _index;
    private readonly System.Func<ISymbol, bool> _keepApi;
    private readonly System.Func<INamedTypeSymbol, SemanticModel, bool> _objectKeepsContext;
    private readonly Dictionary<string, MemberDecision> _decisions = new();
    private readonly Dictionary<string, string> _renamedProperties = new();

    /// <param name="objectKeepsContext">Binds the class to its context if it can (<see cref="ContextPlanner"/>); true when it did.</param>
    public MemberDecisions(SolutionIndex index, System.Func<ISymbol, bool> keepApi, System.Func<INamedTypeSymbol, SemanticModel, bool> objectKeepsContext)
    {
        _index = index;
        _keepApi = keepApi;
        _objectKeepsContext = objectKeepsContext;
    }

    /// <summary>Public get-only properties that become <c>Get&lt;Name&gt;</c> methods under <c>pernet.keep_api</c>, by key.</summary>
    public IReadOnlyDictionary<string, string> RenamedProperties => _renamedProperties;

    public MemberDecision Decide(ISymbol member, SemanticModel model)
    {
        var key = SymbolKeys.Of(member);
        if (_decisions.TryGetValue(key, out var known))
            return known;
        var decision = Classify(member, model);
        _decisions[key] = decision;
        foreach (var other in decision.Group)
            _decisions[SymbolKeys.Of(other)] = decision;
        return decision;
    }

    private MemberDecision Classify(ISymbol member, SemanticModel model)
    {
        if (member is not IMethodSymbol method)
            return Boundary(member, "not a method");

        switch (method.MethodKind)
        {
            case MethodKind.StaticConstructor:
                return Boundary(method, "static constructor");
            case MethodKind.Constructor:
                if (method.ContainingType.TypeKind != TypeKind.Class || method.IsImplicitlyDeclared)
                    return Boundary(method, "struct or implicit constructor");
                if (HasDerivedTypes(method.ContainingType) || !_index.ReferencesTo(method).Any(r => r.Kind == ReferenceKind.Call))
                    return Boundary(method, "constructor called by code outside the solution or by derived types");
                return Group(method);
            case MethodKind.Ordinary:
                if (method.IsStatic && method.Name == "Main" || SymbolEqualityComparer.Default.Equals(model.Compilation.GetEntryPoint(default), method))
                    return Boundary(method, "entry point");
                if (method.PartialDefinitionPart is not null || method.PartialImplementationPart is not null || method.IsExtern)
                    return Boundary(method, "partial or extern method");
                if (CodeShapes.HasForeignAttributes(method))
                    return Boundary(method, "called by a framework (attributed)");
                // An implementation of an interface or virtual member: its object keeps the context (the
                // kernel's ops tables keep their signatures; the socket carries its namespace) rather than
                // the whole family of implementations, and every caller, changing shape.
                if (!method.IsStatic && (method.IsOverride || method.IsVirtual || method.ExplicitInterfaceImplementations.Length > 0 || ImplementedInterfaceMembers(method).Any()) &&
                    _objectKeepsContext(method.ContainingType, model))
                    return Boundary(method, "implements an interface or virtual member; its object keeps the context");
                return Group(method);
            case MethodKind.PropertyGet when method.AssociatedSymbol is IPropertySymbol property:
                if (property.IsIndexer || property.SetMethod is not null || property.IsVirtual || property.IsOverride || property.IsAbstract ||
                    property.ExplicitInterfaceImplementations.Length > 0 || ImplementsInterfaceMember(property) ||
                    _index.ReferencesTo(property).Any(r => r.Kind == ReferenceKind.Other) || CodeShapes.HasForeignAttributes(property))
                    return Boundary(method, "property that cannot become a method");
                // Code outside the solution reads it as a property: under keep_api the method that takes the
                // context is Get<Name>(net) and the property stays, forwarding with NetContext.Current.
                if (_keepApi(property) && ApiVisibility.IsReachableFromOtherAssemblies(property))
                {
                    var renamed = "Get" + property.Name;
                    if (property.ContainingType.GetMembers(renamed).Any())
                        return KeptApi(method, "a public property whose Get method name is taken (pernet.keep_api)");
                    _renamedProperties[SymbolKeys.Of(property)] = renamed;
                }

                return new MemberDecision { Kind = DecisionKind.AddParameter, Group = { property } };
            default:
                return Boundary(method, method.MethodKind.ToString());
        }
    }

    /// <summary>A method with everything it overrides, implements or is overridden by: all change together.</summary>
    private MemberDecision Group(IMethodSymbol method)
    {
        var group = new List<ISymbol>();
        var pending = new Stack<IMethodSymbol>();
        pending.Push(method);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (group.Any(g => SymbolEqualityComparer.Default.Equals(g, current)))
                continue;
            if (!current.Locations.Any(l => l.IsInSource))
                return Boundary(method, "overrides or implements a member outside the solution");
            if (_index.ReferencesTo(current).Any(r => r.Kind == ReferenceKind.Other))
                return Boundary(method, "used as a method group or in nameof");
            // Code outside the solution may override or implement it: a new signature would break that
            // code, which no forwarder can help (the old signature is kept as an [Obsolete] forwarder only
            // for members that cannot be overridden).
            if (_keepApi(current) && current.MethodKind == MethodKind.Ordinary && (current.IsVirtual || current.IsAbstract || current.IsOverride || current.ContainingType.TypeKind == TypeKind.Interface) &&
                !current.ContainingType.IsSealed && ApiVisibility.IsReachableFromOtherAssemblies(current))
                return KeptApi(method, "can be overridden or implemented outside the solution (pernet.keep_api)");
            group.Add(current);
            if (current.OverriddenMethod is { } overridden)
                pending.Push(overridden.OriginalDefinition);
            foreach (var implemented in current.ExplicitInterfaceImplementations)
                pending.Push(implemented.OriginalDefinition);
            foreach (var interfaceMember in ImplementedInterfaceMembers(current))
                pending.Push(interfaceMember);
            foreach (var other in RelatedInSolution(current))
                pending.Push(other);
        }

        return new MemberDecision { Kind = DecisionKind.AddParameter, Group = group };
    }

    /// <summary>Overrides of a virtual method and implementations of an interface method, in every project.</summary>
    private IEnumerable<IMethodSymbol> RelatedInSolution(IMethodSymbol method)
    {
        if (!method.IsVirtual && !method.IsAbstract && !method.IsOverride && method.ContainingType.TypeKind != TypeKind.Interface)
            yield break;
        var key = SymbolKeys.Of(method);
        foreach (var named in _index.SourceTypes)
        {
            foreach (var candidate in named.GetMembers(method.Name).OfType<IMethodSymbol>())
            {
                if (candidate.OverriddenMethod is { } o && SymbolKeys.Of(o) == key)
                    yield return candidate;
                if (ImplementedInterfaceMembers(candidate).Any(m => SymbolKeys.Of(m) == key) ||
                    candidate.ExplicitInterfaceImplementations.Any(m => SymbolKeys.Of(m) == key))
                    yield return candidate;
            }
        }
    }

    private static IEnumerable<IMethodSymbol> ImplementedInterfaceMembers(IMethodSymbol method)
    {
        foreach (var iface in method.ContainingType.AllInterfaces)
        {
            foreach (var member in iface.GetMembers(method.Name).OfType<IMethodSymbol>())
            {
                if (SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(member), method))
                    yield return member.OriginalDefinition;
            }
        }
    }

    private static bool ImplementsInterfaceMember(IPropertySymbol property) =>
        property.ContainingType.AllInterfaces.SelectMany(i => i.GetMembers(property.Name))
            .Any(m => SymbolEqualityComparer.Default.Equals(property.ContainingType.FindImplementationForInterfaceMember(m), property));

    public bool HasDerivedTypes(INamedTypeSymbol type)
    {
        var key = SymbolKeys.Of(type);
        return _index.SourceTypes.Any(t => t.BaseType is { SpecialType: SpecialType.None } b && SymbolKeys.Of(b) == key);
    }

    public static MemberDecision Boundary(ISymbol? member, string reason) => new() { Kind = DecisionKind.Boundary, Reason = reason };

    private static MemberDecision KeptApi(ISymbol? member, string reason) => new() { Kind = DecisionKind.Boundary, Reason = reason, KeptApi = true };
}
