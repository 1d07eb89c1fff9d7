using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PerNet.Analyzers;

namespace PerNet.CodeFixes.Migration;

/// <summary>
/// The find-a-context pass and the change-signatures decisions: for each access to moved state (and each
/// call whose callee gains a parameter) where its context comes from — a context or carrier in scope, a
/// parameter added to the enclosing member (and so to its callers, transitively), an object that keeps
/// its context, or <c>NetContext.Initial</c> at a boundary.
/// </summary>
internal sealed class ContextPlanner
{
    private readonly SolutionIndex _index;
    private readonly ISet<string> _migrated;
    private readonly MigrationPlan _plan = new();
    private readonly Queue<(Reference Site, Document Document)> _work = new();
    private readonly Dictionary<string, MemberDecision> _decisions = new();
    private readonly HashSet<string> _unbindable = new();
    private HashSet<string>? _createdGenerically;
    private readonly Dictionary<string, string?> _carrierVerdicts = new();

    // The carrier types this plan binds to their context (keys), or null while nothing is chosen yet: then
    // the sites that found no context are collected for the choice.
    private readonly ISet<string>? _carriers;
    private readonly List<(SyntaxNode Node, SemanticModel Model)> _uncovered = new();
    private readonly List<(Reference Site, SemanticModel Model)> _deferredCreations = new();
    private readonly Dictionary<string, bool> _alwaysSet = new();

    private readonly bool _keepApi;

    public ContextPlanner(SolutionIndex index, ISet<string> migrated, bool keepApi = true, ISet<string>? carriers = null)
    {
        _index = index;
        _migrated = migrated;
        _keepApi = keepApi;
        _carriers = carriers;
        _plan.KeepApi = keepApi;
    }

    /// <summary>
    /// Plans with carriers: a first plan without them shows the sites that find no context; the carrier
    /// types in reach of most of those sites are chosen (<see cref="CarrierChoice"/>), or the ones
    /// <c>pernet.context_carriers</c> names; the final plan binds them.
    /// </summary>
    public static MigrationPlan Plan(SolutionIndex index, ISet<string> migrated, bool keepApi, string? configuredCarriers)
    {
        var first = new ContextPlanner(index, migrated, keepApi);
        var plan = first.Plan();
        var choice = CarrierChoice.Choose(first._uncovered, (site, model) => first.CarriersInReach(site, model, t => first.CarrierVerdict(t) is null), first.CarrierVerdict, index.SourceTypes, configuredCarriers);
        if (choice.Chosen.Count == 0)
        {
            plan.CarrierChoice = choice;
            return plan;
        }

        var second = new ContextPlanner(index, migrated, keepApi, new HashSet<string>(choice.Chosen.Keys));
        var final = second.Plan();
        final.CarrierChoice = choice;
        return final;
    }

    private enum DecisionKind
    {
        AddParameter,
        Boundary,
        Abort,
    }

    private sealed class MemberDecision
    {
        public DecisionKind Kind;
        public string? Reason;

        /// <summary>A boundary kept for <c>pernet.keep_api</c>: it reads the caller's ambient context (<c>NetContext.Current</c>), as a forwarder does.</summary>
        public bool KeptApi;
        public List<ISymbol> Group = new();
    }

    /// <summary>The explicit plan; <see cref="MigrationPlan.AsAmbient"/> derives the ambient one.</summary>
    public MigrationPlan Plan()
    {
        foreach (var access in _index.StateAccesses)
        {
            if (IsInNameOf(access.Node))
                _plan.InNameOf.Add(access.Node); // names the member; needs no context
            else if (IsInsideMovedCode(access))
                _plan.InsideState.Add(access.Node);
            else
                _work.Enqueue((access, access.Document));
        }

        while (_work.Count > 0)
        {
            var (site, document) = _work.Dequeue();
            var node = site.Node;
            if (_plan.Sources.ContainsKey(node))
                continue;
            if (site.Kind != ReferenceKind.StateAccess && IsInsideMovedCode(site))
            {
                if (LazyTarget(site) is { } lazy)
                {
                    // Made on first use, by the state of one context, with that context (PerNet<T>.Net).
                    _plan.LazyMembers[SymbolKeys.Of(lazy.Member)] = lazy.Initializer;
                    _plan.OwnContextCalls.Add(node);
                    continue;
                }

                // Initialization that needs a context runs in the state's constructor with the context the state
                // is built for (the kernel's ops->init(net)): the call passes Net; what it reads of this state
                // is the instance being built (PerNet<T> makes it visible to its own initialization).
                _plan.OwnContextCalls.Add(node);
                continue;
            }
            var model = _index.Models[document.Id];
            if (_carriers is not null && EnclosingMember(node, model) is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor &&
                CarrierRoot(constructor.ContainingType) is { } constructed && _carriers.Contains(SymbolKeys.Of(constructed)))
                BindCarrier(constructed, model); // a carrier's constructor uses the context it is given
            var source = ContextSources.Find(node, model) is { } path ? ContextSource.From(path) : null;
            if (source is null && AddedParameterInScope(node, model) is { } added)
            {
                source = added;
                _plan.ParameterSites++;
            }

            if (source is null && _carriers is null)
                _uncovered.Add((node, model));
            if (source is null && _carriers is not null && CarriersInReach(node, model, t => _carriers.Contains(SymbolKeys.Of(t))).FirstOrDefault() is { Type: not null } carrier)
            {
                source = carrier.Source;
                BindCarrier(carrier.Type, model);
                _plan.CarrierSites[SymbolKeys.Of(carrier.Type)] = _plan.CarrierSites.TryGetValue(SymbolKeys.Of(carrier.Type), out var covered) ? covered + 1 : 1;
            }

            if (source is null && CreatedForUserCode(site, model))
            {
                // A carrier created where no context is at hand by code that user code calls (a public
                // factory, a test, an entry point, an initializer): the unchanged constructor binds it to
                // NetContext.Current, the creating task's context — the kernel's sock_create takes the
                // task's namespace. The creator keeps its signature, unless it gains a context for another
                // reason: decided once every other site is. Library code of its own takes the pointer.
                _deferredCreations.Add((site, model));
                continue;
            }

            if (source is null)
            {
                var member = EnclosingMember(node, model);
                var decision = member is null ? Boundary(null, "top-level code or an initializer") : Decide(member, model);
                switch (decision.Kind)
                {
                    case DecisionKind.AddParameter:
                        source = AddParameters(decision, member!);
                        _plan.ParameterSites++;
                        break;
                    case DecisionKind.Boundary:
                        if (member is { IsStatic: false } && BindToObject(Owner(member).ContainingType, model) is { } field)
                        {
                            // A constructor of the class uses the context it now takes: `this` is not
                            // there yet in its `: this(..)`/`: base(..)` call.
                            source = member is IMethodSymbol { MethodKind: MethodKind.Constructor } && AddedParameterInScope(node, model) is { } own
                                ? own
                                : ContextSource.ThisMember(field);
                            break;
                        }

                        if (decision.KeptApi)
                        {
                            source = ContextSource.Current;
                            break;
                        }

                        source = ContextSource.Initial;
                        _plan.Boundaries.Add(node.GetLocation());
                        break;
                    default:
                        _plan.Refuse(null, $"{decision.Reason} ({node.GetLocation().GetLineSpan()})");
                        continue;
                }
            }

            _plan.Sources[node] = (document, source);
        }

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

        return _plan;
    }

    /// <summary>
    /// Gives <paramref name="type"/> a <c>NetContext</c> field set from a new first parameter of each of
    /// its constructors, so that instance members that cannot change shape use <c>this.net</c> instead of
    /// <c>NetContext.Initial</c>. Only for a class whose constructors can all change shape: not created by
    /// a framework or generically (see <see cref="CreatedGenerically"/>), only called (no method groups),
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
        if (CarrierRoot(type) is { } root && _carriers?.Contains(SymbolKeys.Of(root)) == true)
            return BindCarrier(root, model);
        if (_unbindable.Contains(key) || HasDerivedTypes(type))
            return Unbindable(key);
        // A framework that creates the objects by reflection (test classes, controllers: attributed
        // members) could not pass a context.
        if (HasForeignAttributes(type) || type.GetMembers().Any(HasForeignAttributes) || CreatedGenerically(key))
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

            var decision = Decide(constructor, model);
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
    /// <see cref="CarrierVerdict"/> already made sure every constructor can.
    /// </summary>
    private string BindCarrier(INamedTypeSymbol root, SemanticModel model)
    {
        var key = SymbolKeys.Of(root);
        if (_plan.BoundTypes.TryGetValue(key, out var bound))
            return bound.Field;
        foreach (var type in Hierarchy(root))
        {
            _plan.BoundTypes[SymbolKeys.Of(type)] = new BoundType(type, CarrierChoice.PropertyName, isCarrier: true, inherited: !SymbolEqualityComparer.Default.Equals(type, root));
            foreach (var constructor in type.InstanceConstructors)
            {
                var decision = constructor.IsImplicitlyDeclared ? null : Decide(constructor, model);
                AddParameters(decision is { Kind: DecisionKind.AddParameter } ? decision : new MemberDecision { Kind = DecisionKind.AddParameter, Group = { constructor } }, constructor);
            }
        }

        return CarrierChoice.PropertyName;
    }

    /// <summary>
    /// A readonly field or get-only auto-property of an object that holds another object from its creation
    /// on (a socket's device): set to a new object by its initializer, or by every constructor that does not
    /// chain to another, to a new object or a constructor parameter. A computed property, or a field set
    /// only sometimes, may be null when the site runs.
    /// </summary>
    private bool HoldsFromCreation(ISymbol member)
    {
        var key = SymbolKeys.Of(member);
        if (!_alwaysSet.TryGetValue(key, out var holds))
            _alwaysSet[key] = holds = AlwaysSet(member);
        return holds;
    }

    private static bool AlwaysSet(ISymbol member)
    {
        var declaration = member.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax();
        switch (declaration)
        {
            case VariableDeclaratorSyntax { Initializer.Value: BaseObjectCreationExpressionSyntax }:
            case PropertyDeclarationSyntax { Initializer.Value: BaseObjectCreationExpressionSyntax }:
                return true;
            case PropertyDeclarationSyntax { AccessorList: { } accessors } when accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null):
            case VariableDeclaratorSyntax:
                break;
            default:
                return false; // a computed property
        }

        var constructors = member.ContainingType.InstanceConstructors;
        if (constructors.Any(c => c.IsImplicitlyDeclared))
            return false;
        foreach (var constructor in constructors)
        {
            if (constructor.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not ConstructorDeclarationSyntax syntax)
                return false;
            if (syntax.Initializer is { ThisOrBaseKeyword.RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.ThisKeyword })
                continue; // the constructor it chains to sets it
            var parameters = new HashSet<string>(syntax.ParameterList.Parameters.Select(p => p.Identifier.ValueText));
            var statements = syntax.Body?.Statements.OfType<ExpressionStatementSyntax>().Select(s => s.Expression) ?? Enumerable.Empty<ExpressionSyntax>();
            if (syntax.ExpressionBody is { } arrow)
                statements = statements.Append(arrow.Expression);
            var set = statements.OfType<AssignmentExpressionSyntax>().Any(a =>
                (a.Left is IdentifierNameSyntax left ? left : (a.Left as MemberAccessExpressionSyntax)?.Name)?.Identifier.ValueText == member.Name &&
                (a.Right is BaseObjectCreationExpressionSyntax || a.Right is IdentifierNameSyntax value && parameters.Contains(value.Identifier.ValueText)));
            if (!set)
                return false;
        }

        return true;
    }

    /// <summary>The topmost class of the solution that <paramref name="type"/> is or derives from: a carrier hierarchy is named by it.</summary>
    internal static INamedTypeSymbol? CarrierRoot(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class } named || !named.Locations.Any(l => l.IsInSource))
            return null;
        var root = named.OriginalDefinition;
        while (root.BaseType is { TypeKind: TypeKind.Class } baseType && baseType.Locations.Any(l => l.IsInSource))
            root = baseType.OriginalDefinition;
        return root;
    }

    /// <summary><paramref name="root"/> and every class of the solution derived from it.</summary>
    private List<INamedTypeSymbol> Hierarchy(INamedTypeSymbol root)
    {
        var key = SymbolKeys.Of(root);
        var members = new List<INamedTypeSymbol> { root };
        var seen = new HashSet<string> { key };
        foreach (var type in _index.SourceTypes)
        {
            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                if (SymbolKeys.Of(current.OriginalDefinition) == key)
                {
                    if (seen.Add(SymbolKeys.Of(type.OriginalDefinition)))
                        members.Add(type.OriginalDefinition);
                    break;
                }
            }
        }

        return members;
    }

    /// <summary>
    /// Why the hierarchy rooted at <paramref name="root"/> cannot carry the context (null when it can). A
    /// carrier is a class hierarchy of the solution whose every instance is created by a plain <c>new</c>
    /// where a context can be had: not records, exceptions, attributes or event-args classes; not created by
    /// a framework or generically; never created by the state that moves (it would need itself) nor in a
    /// field initializer (no context there: it would silently take the ambient one); no member that is
    /// already called <c>Net</c> or holds a <c>NetContext</c>.
    /// </summary>
    internal string? CarrierVerdict(INamedTypeSymbol root)
    {
        var key = SymbolKeys.Of(root);
        if (_carrierVerdicts.TryGetValue(key, out var known))
            return known;
        var verdict = Judge();
        _carrierVerdicts[key] = verdict;
        return verdict;

        string? Judge()
        {
            if (CarrierRoot(root) is not { } named || SymbolKeys.Of(named) != key)
                return "not the root of a class hierarchy of the solution";
            for (var current = root.BaseType; current is not null; current = current.BaseType)
            {
                if (current.ToDisplayString() is "System.Exception" or "System.Attribute" or "System.EventArgs" or "System.Delegate")
                    return "an exception, attribute or event-args class";
                if (current.GetMembers(CarrierChoice.PropertyName).Any() || current.GetMembers().Any(HoldsContext))
                    return "already has a member named Net or holding a NetContext";
            }

            if (PerContextTypes.IsBound(root))
                return "already bound to a context";
            // Data, not a stack instance: a collection or buffer view, or a value compared by content.
            if (root.AllInterfaces.Any(i => i.OriginalDefinition.SpecialType is SpecialType.System_Collections_Generic_IEnumerable_T or SpecialType.System_Collections_IEnumerable ||
                                            i.OriginalDefinition.ToDisplayString() is "System.IEquatable<T>" or "System.IComparable<T>" or "System.IComparable"))
                return "a collection or a value compared by content (data, not a stack instance)";
            foreach (var type in Hierarchy(root))
            {
                if (type is not { IsStatic: false, IsRecord: false, IsImplicitlyDeclared: false, IsAnonymousType: false })
                    return $"{type.Name} is a record or static";
                if (type.GetMembers(CarrierChoice.PropertyName).Any() || type.GetMembers().Any(HoldsContext))
                    return $"{type.Name} already has a member named Net or holding a NetContext";
                if (HasForeignAttributes(type) || type.GetMembers().Any(HasForeignAttributes) || CreatedGenerically(SymbolKeys.Of(type)))
                    return $"{type.Name} is created by a framework or generically";
                foreach (var constructor in type.InstanceConstructors)
                {
                    foreach (var reference in _index.ReferencesTo(constructor))
                    {
                        if (reference.Kind != ReferenceKind.Call)
                            return $"a constructor of {type.Name} is used other than by a call";
                        if (IsInsideMovedCode(reference))
                        {
                            if (LazyTarget(reference) is null)
                                return $"{type.Name} is created by the state that moves";
                            continue; // made on first use, with the state's own context
                        }

                        if (EnclosingMember(reference.Node, _index.Models[reference.Document.Id]) is null)
                            return $"{type.Name} is created in an initializer, where no context can be passed";
                    }
                }
            }

            return null;
        }

        static bool HoldsContext(ISymbol member) =>
            !member.IsStatic && (member is IFieldSymbol { Type: var t } && PerContextTypes.IsNetContext(t) || member is IPropertySymbol { Type: var p } && PerContextTypes.IsNetContext(p));
    }

    /// <summary>
    /// Values in reach of <paramref name="site"/> whose type passes <paramref name="isCarrier"/>, nearest
    /// first: parameters of the lambdas and local functions around it and of its member (not <c>out</c>,
    /// not nullable), <c>this</c> in an instance member, then <c>this</c>'s readonly fields and get-only
    /// properties (not in a constructor).
    /// </summary>
    /// <remarks>
    /// In order of trust: <c>this</c> and what it holds from creation (never null), then parameters, innermost first. A
    /// parameter that can be null is no source: annotated <c>T?</c>, or optional with a null default (a client's
    /// <c>Log(Message message = null, ..)</c> called with none crashed reading <c>message.Net</c>).
    /// </remarks>
    internal IEnumerable<(ContextSource Source, INamedTypeSymbol? Type)> CarriersInReach(SyntaxNode site, SemanticModel model, System.Func<INamedTypeSymbol, bool> isCarrier)
    {
        static bool Usable(ITypeSymbol type) => type.NullableAnnotation != NullableAnnotation.Annotated;
        static bool NeverNull(IParameterSymbol parameter) =>
            parameter.RefKind != RefKind.Out && Usable(parameter.Type) && !(parameter.HasExplicitDefaultValue && parameter.ExplicitDefaultValue is null);
        static ContextSource Path(string root, params string[] members) =>
            ContextSource.From(new ContextSources.ContextPath(root == "this" ? root : ContextSources.Escape(root), System.Collections.Immutable.ImmutableArray.Create(members)));
        var parameters = new List<(ContextSource Source, INamedTypeSymbol? Type)>();
        foreach (var ancestor in site.Ancestors())
        {
            if (ancestor is BaseTypeDeclarationSyntax or FieldDeclarationSyntax or GlobalStatementSyntax)
                break;
            if (ancestor is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax
                or ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax or IndexerDeclarationSyntax }))
                continue;
            var symbol = ancestor is AnonymousFunctionExpressionSyntax ? model.GetSymbolInfo(ancestor).Symbol : ancestor is ArrowExpressionClauseSyntax ? null : model.GetDeclaredSymbol(ancestor);
            if (symbol is IMethodSymbol method)
            {
                foreach (var parameter in method.Parameters)
                {
                    if (NeverNull(parameter) && CarrierRoot(parameter.Type) is { } root && isCarrier(root))
                        parameters.Add((Path(parameter.Name, CarrierChoice.PropertyName), root));
                }
            }

            if (ancestor is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                continue;
            var member = EnclosingMember(site, model);
            // A constructor takes the context it binds: neither this nor its fields are set up yet.
            if (!(member is null or IMethodSymbol { MethodKind: MethodKind.Constructor } || member.IsStatic || member.ContainingType is not { } type))
            {
                if (CarrierRoot(type) is { } own && isCarrier(own))
                    yield return (Path("this", CarrierChoice.PropertyName), own);
                foreach (var candidate in type.GetMembers())
                {
                    var valueType = candidate switch
                    {
                        IFieldSymbol { IsStatic: false, IsReadOnly: true, IsImplicitlyDeclared: false } field => field.Type,
                        IPropertySymbol { IsStatic: false, IsIndexer: false, SetMethod: null, GetMethod: not null } property => property.Type,
                        _ => null,
                    };
                    if (valueType is not null && Usable(valueType) && CarrierRoot(valueType) is { } held && isCarrier(held) && HoldsFromCreation(candidate))
                        yield return (Path("this", candidate.Name, CarrierChoice.PropertyName), held);
                }
            }

            break;
        }

        foreach (var parameter in parameters)
            yield return parameter;
    }

    /// <summary>
    /// <c>Make&lt;C&gt;()</c> under a <c>new()</c> constraint, or <c>Activator.CreateInstance</c> of C
    /// (generic or with <c>typeof(C)</c>): a constructor parameter would break them, so such classes keep
    /// their boundaries. Plain type arguments (<c>List&lt;C&gt;</c>) do not matter. The solution is
    /// scanned once, on the first class that could keep its context.
    /// </summary>
    private bool CreatedGenerically(string typeKey) => (_createdGenerically ??= FindCreatedGenerically()).Contains(typeKey);

    private HashSet<string> FindCreatedGenerically()
    {
        var keys = new HashSet<string>();
        void Add(SemanticModel model, TypeSyntax syntax)
        {
            if (model.GetTypeInfo(syntax).Type is { } bound)
                keys.Add(SymbolKeys.Of(bound.OriginalDefinition));
        }

        foreach (var model in _index.Models.Values)
        {
            foreach (var node in model.SyntaxTree.GetRoot().DescendantNodes())
            {
                switch (node)
                {
                    case GenericNameSyntax generic:
                        var symbol = model.GetSymbolInfo(generic).Symbol;
                        var parameters = symbol switch
                        {
                            IMethodSymbol method => method.TypeParameters,
                            INamedTypeSymbol type => type.TypeParameters,
                            _ => default,
                        };
                        if (parameters.IsDefault)
                            break;
                        var arguments = generic.TypeArgumentList.Arguments;
                        for (var i = 0; i < arguments.Count && i < parameters.Length; i++)
                        {
                            if (parameters[i].HasConstructorConstraint || symbol!.Name == "CreateInstance")
                                Add(model, arguments[i]);
                        }

                        break;
                    case TypeOfExpressionSyntax typeOf when typeOf.Parent is ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax invocation } &&
                        invocation.Expression.ToString().EndsWith("CreateInstance", System.StringComparison.Ordinal):
                        Add(model, typeOf.Type);
                        break;
                }
            }
        }

        return keys;
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
        var creator = EnclosingMember(site.Node, model);
        return creator is null || ApiForwarders.IsVisibleOutside(Owner(creator)) || Decide(creator, model).Kind != DecisionKind.AddParameter;
    }

    /// <summary>The parameter this migration adds to the enclosing member, when it already decided to.</summary>
    private ContextSource? AddedParameterInScope(SyntaxNode node, SemanticModel model)
    {
        var member = EnclosingMember(node, model);
        return member is not null && _plan.AddedParameters.TryGetValue(SymbolKeys.Of(Owner(member)), out var added) ? ContextSource.Value(added.ParameterName) : null;
    }

    private ContextSource AddParameters(MemberDecision decision, ISymbol member)
    {
        foreach (var groupMember in decision.Group)
        {
            var key = SymbolKeys.Of(groupMember);
            if (_plan.AddedParameters.ContainsKey(key))
                continue;
            _plan.AddedParameters[key] = (groupMember, ParameterName(groupMember));
            foreach (var reference in _index.ReferencesTo(groupMember))
            {
                if (reference.Kind is ReferenceKind.Call or ReferenceKind.PropertyRead)
                {
                    _plan.CallsToUpdate.Add(reference);
                    _work.Enqueue((reference, reference.Document));
                }
            }
        }

        return ContextSource.Value(_plan.AddedParameters[SymbolKeys.Of(Owner(member))].ParameterName);
    }

    /// <summary>A getter's parameter belongs to its property (which becomes a method).</summary>
    private static ISymbol Owner(ISymbol member) =>
        member is IMethodSymbol { MethodKind: MethodKind.PropertyGet, AssociatedSymbol: { } property } ? property : member;

    /// <summary>"net", unless the member already uses that name.</summary>
    private static string ParameterName(ISymbol member) =>
        ContextSyntax.UnusedName(member.DeclaringSyntaxReferences.Select(r => r.GetSyntax()));

    /// <summary>The method, constructor or property whose signature would carry the context.</summary>
    internal static ISymbol? EnclosingMember(SyntaxNode node, SemanticModel model)
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

    private MemberDecision Decide(ISymbol member, SemanticModel model)
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
                if (HasForeignAttributes(method))
                    return Boundary(method, "called by a framework (attributed)");
                // An implementation of an interface or virtual member: its object keeps the context (the
                // kernel's ops tables keep their signatures; the socket carries its namespace) rather than
                // the whole family of implementations, and every caller, changing shape.
                if (!method.IsStatic && (method.IsOverride || method.IsVirtual || method.ExplicitInterfaceImplementations.Length > 0 || ImplementedInterfaceMembers(method).Any()) &&
                    BindToObject(method.ContainingType, model) is not null)
                    return Boundary(method, "implements an interface or virtual member; its object keeps the context");
                return Group(method);
            case MethodKind.PropertyGet when method.AssociatedSymbol is IPropertySymbol property:
                if (property.IsIndexer || property.SetMethod is not null || property.IsVirtual || property.IsOverride || property.IsAbstract ||
                    property.ExplicitInterfaceImplementations.Length > 0 || ImplementsInterfaceMember(property) ||
                    _index.ReferencesTo(property).Any(r => r.Kind == ReferenceKind.Other) || HasForeignAttributes(property))
                    return Boundary(method, "property that cannot become a method");
                // Code outside the solution reads it as a property: under keep_api the method that takes the
                // context is Get<Name>(net) and the property stays, forwarding with NetContext.Current.
                if (_keepApi && ApiForwarders.IsVisibleOutside(property))
                {
                    var renamed = "Get" + property.Name;
                    if (property.ContainingType.GetMembers(renamed).Any())
                        return KeptApi(method, "a public property whose Get method name is taken (pernet.keep_api)");
                    _plan.RenamedProperties[SymbolKeys.Of(property)] = renamed;
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
            if (_keepApi && current.MethodKind == MethodKind.Ordinary && (current.IsVirtual || current.IsAbstract || current.IsOverride || current.ContainingType.TypeKind == TypeKind.Interface) &&
                !current.ContainingType.IsSealed && ApiForwarders.IsVisibleOutside(current))
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

    private bool HasDerivedTypes(INamedTypeSymbol type)
    {
        var key = SymbolKeys.Of(type);
        return _index.SourceTypes.Any(t => t.BaseType is { SpecialType: SpecialType.None } b && SymbolKeys.Of(b) == key);
    }

    /// <summary>Attributes from other assemblies ([Fact], [HttpGet], ...): a framework calls the member by reflection.</summary>
    private static bool HasForeignAttributes(ISymbol member) =>
        member.GetAttributes().Any(a => a.AttributeClass is { } c &&
            !SymbolEqualityComparer.Default.Equals(c.ContainingAssembly, member.ContainingAssembly) &&
            c.ContainingNamespace?.ToDisplayString() is not ("System" or "System.Diagnostics" or "System.Diagnostics.CodeAnalysis" or "System.Runtime.CompilerServices" or "PerNet"));

    private static MemberDecision Boundary(ISymbol? member, string reason) => new() { Kind = DecisionKind.Boundary, Reason = reason };

    private static MemberDecision KeptApi(ISymbol? member, string reason) => new() { Kind = DecisionKind.Boundary, Reason = reason, KeptApi = true };

    internal static bool IsInNameOf(SyntaxNode node) =>
        node.Ancestors().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" });

    /// <summary>Inside a migrated member's initializer, or a static constructor of a type whose state moves.</summary>
    private bool IsInsideMovedCode(Reference access)
    {
        var model = _index.Models[access.Document.Id];
        foreach (var ancestor in access.Node.Ancestors())
        {
            switch (ancestor)
            {
                case VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: FieldDeclarationSyntax } } declarator:
                    return model.GetDeclaredSymbol(declarator) is { } field && _migrated.Contains(SymbolKeys.Of(field));
                case PropertyDeclarationSyntax property when property.Initializer?.Span.Contains(access.Node.Span) == true:
                    return model.GetDeclaredSymbol(property) is { } p && _migrated.Contains(SymbolKeys.Of(p));
                case ConstructorDeclarationSyntax constructor when constructor.Modifiers.Any(Microsoft.CodeAnalysis.CSharp.SyntaxKind.StaticKeyword):
                    return model.GetDeclaredSymbol(constructor)?.ContainingType is { } type &&
                           HasMigratedMembers(type) &&
                           !ancestor.DescendantNodes().OfType<AnonymousFunctionExpressionSyntax>().Any(l => l.Span.Contains(access.Node.Span));
                case BaseTypeDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// The moved field or auto-property whose initialization holds <paramref name="site"/> (inside moved
    /// code), when it can be made on first use instead: its own initializer, or a static constructor
    /// statement <c>F = value;</c> for an F without one; one variable in its declaration; never passed by
    /// <c>ref</c> (it becomes a property); made with <c>new</c>, its arguments reading no moved state but
    /// through lambdas. Null when it cannot.
    /// </summary>
    private (ISymbol Member, ExpressionSyntax Initializer)? LazyTarget(Reference site)
    {
        var found = FindLazyTarget(site);
        // Only an object made with new (a default instance, a pool): making it later is not observable the
        // way a value computed from other state would be (`b = Read()` must see the state as it was then).
        return site.Node is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax &&
               found is { Initializer: BaseObjectCreationExpressionSyntax creation } && !creation.DescendantNodes().Any(n => _plan.InsideState.Contains(n) && !InLambda(n, creation))
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
                           Initializer(assigned) is null && CanBeLazy(assigned) &&
                           (assigned.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: > 1 } })
                        ? (assigned, assignment.Right)
                        : null;
                case BaseTypeDeclarationSyntax:
                    return null;
            }
        }

        return null;

        static ExpressionSyntax? Initializer(ISymbol member) => member.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() switch
        {
            VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
            PropertyDeclarationSyntax property => property.Initializer?.Value,
            _ => null,
        };
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

    /// <summary>A member as a reader names it: <c>the constructor Crc32(uint)</c>, <c>Arp.Lookup(IPAddress)</c>.</summary>
    private static string Describe(ISymbol member) =>
        member is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
            ? "the constructor " + constructor.ContainingType.Name + "(" + string.Join(", ", constructor.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat))) + ")"
            : member.ContainingType is { } type ? type.Name + "." + member.Name : member.Name;
}
