using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PerNet.Analyzers;

namespace PerNet.CodeFixes.Migration;

/// <summary>
/// The find-a-context pass: for each access to moved state (and each call whose callee gains a parameter) where its
/// context comes from — a context or carrier in scope, a parameter added to the enclosing member (and so to its
/// callers, transitively), an object that keeps its context, or <c>NetContext.Initial</c> at a boundary. Whether a
/// member can change shape is <see cref="MemberDecisions"/>'; which types can carry the context,
/// <see cref="CarrierCandidates"/>'; what moves with the state, <see cref="MovedCode"/>'.
/// </summary>
internal sealed class ContextPlanner
{
    private readonly SolutionIndex _index;
    private readonly ISet<string> _migrated;
    private readonly PlanBuilder _plan = new();
    private readonly Queue<(Reference Site, Document Document)> _work = new();
    private readonly HashSet<string> _unbindable = new();
    private readonly MovedCode _moved;
    private readonly CarrierCandidates _candidates;
    private readonly MemberDecisions _decisions;

    // The carrier types this plan binds to their context (keys), or null while nothing is chosen yet: then
    // the sites that found no context are collected for the choice.
    private readonly ISet<string>? _carriers;
    private readonly List<(SyntaxNode Node, SemanticModel Model)> _uncovered = new();
    private readonly List<(Reference Site, SemanticModel Model)> _deferredCreations = new();

    private ContextPlanner(SolutionIndex index, ISet<string> migrated, System.Func<ISymbol, bool> keepApi, MovedCode moved, CarrierCandidates candidates, ISet<string>? carriers = null)
    {
        _index = index;
        _migrated = migrated;
        _moved = moved;
        _candidates = candidates;
        _carriers = carriers;
        _plan.KeepApi = keepApi;
        _decisions = new MemberDecisions(index, keepApi, (type, model) => BindToObject(type, model) is not null);
    }

    /// <summary>
    /// Plans with carriers: a first plan without them shows the sites that find no context; the carrier
    /// types in reach of most of those sites are chosen (<see cref="CarrierChoice"/>), or the ones
    /// <c>pernet.context_carriers</c> names; the final plan binds them.
    /// </summary>
    public static PlanBuilder Plan(SolutionIndex index, ISet<string> migrated, System.Func<ISymbol, bool> keepApi, string? configuredCarriers)
    {
        var moved = new MovedCode(index, migrated);
        var candidates = new CarrierCandidates(index, moved);
        var first = new ContextPlanner(index, migrated, keepApi, moved, candidates);
        var plan = first.Plan();
        var choice = CarrierChoice.Choose(first._uncovered, (site, model) => candidates.InReach(site, model, t => candidates.Verdict(t) is null), candidates.Verdict, index.SourceTypes, configuredCarriers);
        if (choice.Chosen.Count == 0)
        {
            plan.CarrierChoice = choice;
            return plan;
        }

        var second = new ContextPlanner(index, migrated, keepApi, moved, candidates, new HashSet<string>(choice.Chosen.Keys));
        var final = second.Plan();
        final.CarrierChoice = choice;
        return final;
    }

    /// <summary>The explicit plan; <see cref="MigrationPlan.AsAmbient"/> derives the ambient one.</summary>
    private PlanBuilder Plan()
    {
        _plan.InNameOf.UnionWith(_moved.InNameOf);
        _plan.InsideState.UnionWith(_moved.InsideState);
        foreach (var shadowed in _moved.ShadowedInState(_index.Models.Values.FirstOrDefault()?.Compilation))
            _plan.ShadowedInState[shadowed.Key] = shadowed.Value;
        foreach (var other in _moved.OtherStateInside)
            _plan.OtherStateInside[other.Key] = other.Value;
        foreach (var access in _index.StateAccesses)
        {
            if (!_moved.InNameOf.Contains(access.Node) && !_moved.InsideState.Contains(access.Node) && !_moved.OtherStateInside.ContainsKey(access.Node))
                _work.Enqueue((access, access.Document));
        }

        while (_work.Count > 0)
        {
            var (site, document) = _work.Dequeue();
            if (_plan.Sources.ContainsKey(site.Node))
                continue;
            if (site.Kind != ReferenceKind.StateAccess && _moved.IsInsideMovedCode(site))
                PlanInitializationCall(site);
            else if (Resolve(site, _index.Models[document.Id]) is { } source)
                _plan.Sources[site.Node] = (document, source);
        }

        PlanDeferredCreations();
        foreach (var renamed in _decisions.RenamedProperties)
            _plan.RenamedProperties[renamed.Key] = renamed.Value;
        return _plan;
    }

    /// <summary>
    /// A call inside moved initialization whose callee needs a context. A member made on first use is made by the
    /// state of one context, with that context (<c>PerNet&lt;T&gt;.Net</c>); other initialization runs in the state's
    /// constructor with the context the state is built for (the kernel's <c>ops-&gt;init(net)</c>): the call passes
    /// <c>Net</c>; what it reads of this state is the instance being built (<c>PerNet&lt;T&gt;</c> makes it visible to its
    /// own initialization).
    /// </summary>
    private void PlanInitializationCall(Reference site)
    {
        if (_moved.LazyTarget(site) is { } lazy)
            _plan.LazyMembers[SymbolKeys.Of(lazy.Member)] = lazy.Initializer;
        _plan.OwnContextCalls.Add(site.Node);
    }

    /// <summary>
    /// Where <paramref name="site"/> finds its context, nearest first: a context in scope, a parameter this migration
    /// adds, a carrier in reach, else what its member's decision gives. Null when it is left for later (a carrier's
    /// creation in code that user code calls) or refused.
    /// </summary>
    private ContextSource? Resolve(Reference site, SemanticModel model)
    {
        var node = site.Node;
        if (_carriers is not null && CodeShapes.EnclosingMember(node, model) is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor &&
            CarrierCandidates.Root(constructor.ContainingType) is { } constructed && _carriers.Contains(SymbolKeys.Of(constructed)))
            BindCarrier(constructed, model); // a carrier's constructor uses the context it is given
        if (ContextSources.Find(node, model) is { } path)
            return ContextSource.From(path);
        if (AddedParameterInScope(node, model) is { } added)
        {
            _plan.ParameterSites++;
            return added;
        }

        if (_carriers is null)
            _uncovered.Add((node, model));
        else if (_candidates.InReach(node, model, t => _carriers.Contains(SymbolKeys.Of(t))).FirstOrDefault() is { Type: not null } carrier)
        {
            BindCarrier(carrier.Type, model);
            _plan.CarrierSites[SymbolKeys.Of(carrier.Type)] = _plan.CarrierSites.TryGetValue(SymbolKeys.Of(carrier.Type), out var covered) ? covered + 1 : 1;
            return carrier.Source;
        }

        if (CreatedForUserCode(site, model))
        {
            // A carrier created where no context is at hand by code that user code calls (a public
            // factory, a test, an entry point, an initializer): the unchanged constructor binds it to
            // NetContext.Current, the creating task's context — the kernel's sock_create takes the
            // task's namespace. The creator keeps its signature, unless it gains a context for another
            // reason: decided once every other site is. Library code of its own takes the pointer.
            _deferredCreations.Add((site, model));
            return null;
        }

        return FromMember(node, model);
    }

    /// <summary>The context a site gets from its member's decision: a new parameter, its object's, <c>Current</c> under keep_api, or <c>Initial</c> at a boundary.</summary>
    private ContextSource? FromMember(SyntaxNode node, SemanticModel model)
    {
        var member = CodeShapes.EnclosingMember(node, model);
        var decision = member is null ? MemberDecisions.Boundary(null, "top-level code or an initializer") : _decisions.Decide(member, model);
        switch (decision.Kind)
        {
            case DecisionKind.AddParameter:
                _plan.ParameterSites++;
                return AddParameters(decision, member!);
            case DecisionKind.Boundary:
                if (member is { IsStatic: false } && BindToObject(CodeShapes.Owner(member).ContainingType, model) is { } field)
                {
                    // A constructor of the class uses the context it now takes: `this` is not
                    // there yet in its `: this(..)`/`: base(..)` call.
                    return member is IMethodSymbol { MethodKind: MethodKind.Constructor } && AddedParameterInScope(node, model) is { } own
                        ? own
                        : ContextSource.ThisMember(field);
                }

                if (decision.KeptApi)
                    return ContextSource.Current;
                _plan.Boundaries.Add(node.GetLocation());
                return ContextSource.Initial;
            default:
                _plan.Refuse(null, $"{decision.Reason} ({SourcePlaces.Of(node.GetLocation())})");
                return null;
        }
    }

    /// <summary>Carriers created for user code: through a context parameter their creator gained meanwhile, else their kept constructor binds them to <c>NetContext.Current</c>.</summary>
    private void PlanDeferredCreations()
    {
        foreach (var (site, model) in _deferredCreations)
        {
            if (_plan.Sources.ContainsKey(site.Node))
                continue;
            if (AddedParameterInScope(site.Node, model) is { } added)
            {
                _plan.Sources[site.Node] = (site.Document, added);
                _plan.ParameterSites++;
                continue;
            }

            _plan.KeptConstructors.Add(SymbolKeys.Of(site.Target));
        }
    }

    /// <summary>
    /// Gives <paramref name="type"/> a <c>NetContext</c> field set from a new first parameter of each of
    /// its constructors, so that instance members that cannot change shape use <c>this.net</c> instead of
    /// <c>NetContext.Initial</c>. Only for a class whose constructors can all change shape: not created by
    /// a framework or generically (see <see cref="CarrierCandidates.CreatedGenerically"/>), only called (no method groups),
    /// no derived types; an implicit constructor becomes an explicit one. Returns the field's name, or
    /// null when the class cannot keep its context.
    /// </summary>
    private string? BindToObject(INamedTypeSymbol? type, SemanticModel model)
    {
        if (type is not { TypeKind: TypeKind.Class, IsStatic: false, IsRecord: false } || !type.Locations.Any(l => l.IsInSource))
            return null;
        var key = SymbolKeys.Of(type);
        if (_plan.BoundTypes.TryGetValue(key, out var bound))
            return bound.Field;
        if (CarrierCandidates.Root(type) is { } root && _carriers?.Contains(SymbolKeys.Of(root)) == true)
            return BindCarrier(root, model);
        if (_unbindable.Contains(key) || _decisions.HasDerivedTypes(type))
            return Unbindable(key);
        // A framework that creates the objects by reflection (test classes, controllers: attributed
        // members) could not pass a context.
        if (CodeShapes.HasForeignAttributes(type) || type.GetMembers().Any(CodeShapes.HasForeignAttributes) || _candidates.CreatedGenerically(key))
            return Unbindable(key);
        var constructors = type.InstanceConstructors;
        var decisions = new List<MemberDecision>();
        foreach (var constructor in constructors)
        {
            var references = _index.ReferencesTo(constructor);
            if (references.Any(r => r.Kind != ReferenceKind.Call))
                return Unbindable(key);
            // Created only outside the solution (a library's public type): its users pass the context,
            // as they do to every public method that gains one.
            if (constructor.IsImplicitlyDeclared || references.Count == 0)
            {
                decisions.Add(new MemberDecision { Kind = DecisionKind.AddParameter, Group = { constructor } });
                continue;
            }

            var decision = _decisions.Decide(constructor, model);
            if (decision.Kind != DecisionKind.AddParameter)
                return Unbindable(key);
            decisions.Add(decision);
        }

        var field = ContextSyntax.UnusedName(type.DeclaringSyntaxReferences.Select(r => r.GetSyntax()));
        _plan.BoundTypes[key] = new BoundType(type, field, isCarrier: false, inherited: false);
        for (var i = 0; i < decisions.Count; i++)
            AddParameters(decisions[i], constructors[i]);
        return field;
    }

    /// <summary>
    /// Binds a chosen carrier, a class hierarchy of the solution by its root: the root gets
    /// <c>INetContextBound</c> with a <c>Net</c> property that every constructor of every class in it sets
    /// (derived ones through <c>base(net)</c>), each constructor gaining the context;
    /// <see cref="CarrierCandidates.Verdict"/> already made sure every constructor can.
    /// </summary>
    private string BindCarrier(INamedTypeSymbol root, SemanticModel model)
    {
        var key = SymbolKeys.Of(root);
        if (_plan.BoundTypes.TryGetValue(key, out var bound))
            return bound.Field;
        foreach (var type in _candidates.Hierarchy(root))
        {
            _plan.BoundTypes[SymbolKeys.Of(type)] = new BoundType(type, CarrierChoice.PropertyName, isCarrier: true, inherited: !SymbolEqualityComparer.Default.Equals(type, root));
            foreach (var constructor in type.InstanceConstructors)
            {
                var decision = constructor.IsImplicitlyDeclared ? null : _decisions.Decide(constructor, model);
                AddParameters(decision is { Kind: DecisionKind.AddParameter } ? decision : new MemberDecision { Kind = DecisionKind.AddParameter, Group = { constructor } }, constructor);
            }
        }

        return CarrierChoice.PropertyName;
    }

    private string? Unbindable(string key)
    {
        _unbindable.Add(key);
        return null;
    }

    /// <summary>
    /// A call of a carrier's constructor in a member that user code reaches directly — visible outside the
    /// assembly, or one that cannot take a context (entry point, test, initializer).
    /// </summary>
    private bool CreatedForUserCode(Reference site, SemanticModel model)
    {
        if (site.Kind != ReferenceKind.Call || site.Target is not IMethodSymbol { MethodKind: MethodKind.Constructor } created ||
            !_plan.BoundTypes.TryGetValue(SymbolKeys.Of(created.ContainingType.OriginalDefinition), out var bound) || !bound.IsCarrier)
            return false;
        var creator = CodeShapes.EnclosingMember(site.Node, model);
        return creator is null || ApiVisibility.IsReachableFromOtherAssemblies(CodeShapes.Owner(creator)) || _decisions.Decide(creator, model).Kind != DecisionKind.AddParameter;
    }

    /// <summary>The parameter this migration adds to the enclosing member, when it already decided to.</summary>
    private ContextSource? AddedParameterInScope(SyntaxNode node, SemanticModel model)
    {
        var member = CodeShapes.EnclosingMember(node, model);
        return member is not null && _plan.AddedParameters.TryGetValue(SymbolKeys.Of(CodeShapes.Owner(member)), out var added) ? ContextSource.Value(added.ParameterName) : null;
    }

    private ContextSource AddParameters(MemberDecision decision, ISymbol member)
    {
        foreach (var groupMember in decision.Group)
        {
            var key = SymbolKeys.Of(groupMember);
            if (_plan.AddedParameters.ContainsKey(key))
                continue;
            _plan.AddedParameters[key] = (groupMember, CodeShapes.ParameterName(groupMember));
            foreach (var reference in _index.ReferencesTo(groupMember))
            {
                if (reference.Kind is ReferenceKind.Call or ReferenceKind.PropertyRead)
                {
                    _plan.CallsToUpdate.Add(reference);
                    _work.Enqueue((reference, reference.Document));
                }
            }
        }

        return ContextSource.Value(_plan.AddedParameters[SymbolKeys.Of(CodeShapes.Owner(member))].ParameterName);
    }
}
