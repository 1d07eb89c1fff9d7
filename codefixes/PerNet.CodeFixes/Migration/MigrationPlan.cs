using System.Collections;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PerNet.Analyzers;

namespace PerNet.CodeFixes.Migration;

/// <summary>A class that keeps its context: a private field, or for a carrier the <c>INetContextBound.Net</c> property.</summary>
internal sealed class BoundType
{
    public BoundType(INamedTypeSymbol type, string field, bool isCarrier, bool inherited)
    {
        Type = type;
        Field = field;
        IsCarrier = isCarrier;
        Inherited = inherited;
    }

    /// <summary>A class derived from a carrier: it inherits <c>Net</c>, its constructors pass the context to <c>base</c>.</summary>
    public bool Inherited { get; }

    public INamedTypeSymbol Type { get; }

    /// <summary>The field (or for a carrier, the property) that holds the context.</summary>
    public string Field { get; }

    public bool IsCarrier { get; }
}

/// <summary>
/// What the migration will do, decided before any text changes: made by planning (<see cref="PlanBuilder"/>),
/// frozen, and only read by the rewriting passes. One per run; the ambient plan is derived from the explicit one.
/// </summary>
internal sealed class MigrationPlan
{
    private readonly ILookup<SyntaxTree, KeyValuePair<SyntaxNode, (Document Document, ContextSource Source)>> _sourcesByTree;

    internal MigrationPlan(PlanBuilder builder, StateMoves states, bool isAmbient)
    {
        Sources = builder.Sources.ToDictionary(p => p.Key, p => p.Value);
        InNameOf = new(builder.InNameOf);
        InsideState = new(builder.InsideState);
        ShadowedInState = Copy(builder.ShadowedInState);
        OtherStateInside = Copy(builder.OtherStateInside);
        AddedParameters = Copy(builder.AddedParameters);
        RenamedProperties = Copy(builder.RenamedProperties);
        CallsToUpdate = builder.CallsToUpdate.ToList();
        Boundaries = builder.Boundaries.ToList();
        BoundTypes = Copy(builder.BoundTypes);
        LazyMembers = Copy(builder.LazyMembers);
        OwnContextCalls = new(builder.OwnContextCalls);
        CarrierSites = Copy(builder.CarrierSites);
        CarrierChoice = builder.CarrierChoice;
        KeptConstructors = new(builder.KeptConstructors);
        ParameterSites = builder.ParameterSites;
        KeepApi = builder.KeepApi;
        StrictCaller = builder.StrictCaller;
        Problems = builder.Problems.ToList();
        ProblemsByType = builder.ProblemsByType.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.ToList());
        States = states;
        IsAmbient = isAmbient;
        _sourcesByTree = Sources.ToLookup(p => p.Key.SyntaxTree);
    }

    /// <summary>Context expression for each site (state access or call) that needs one, by node.</summary>
    public IReadOnlyDictionary<SyntaxNode, (Document Document, ContextSource Source)> Sources { get; }

    /// <summary>State accesses inside <c>nameof(..)</c>: they become <c>nameof(State.member)</c>.</summary>
    public ReadOnlySet<SyntaxNode> InNameOf { get; }

    /// <summary>State accesses that end up inside the state class (moved initializers, static constructors).</summary>
    public ReadOnlySet<SyntaxNode> InsideState { get; }

    /// <summary>Names in moved code that the state class would bind to its own inherited members, with the type that qualifies them.</summary>
    public IReadOnlyDictionary<SyntaxNode, string> ShadowedInState { get; }

    /// <summary>
    /// Reads of another type's moved state inside moved code, with the member read: in the state class they read that
    /// state for the context being set up (<c>Octets.State.Of(Net).Empty</c>), in both styles.
    /// </summary>
    public IReadOnlyDictionary<SyntaxNode, ISymbol> OtherStateInside { get; }

    /// <summary>Methods, constructors and get-only properties that gain a context parameter, with its name.</summary>
    public IReadOnlyDictionary<string, (ISymbol Member, string ParameterName)> AddedParameters { get; }

    /// <summary>
    /// Public get-only properties that become methods under <c>pernet.keep_api</c>: the method is named
    /// <c>Get&lt;Name&gt;</c> and the property stays as an <c>[Obsolete]</c> forwarder passing <c>NetContext.Current</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> RenamedProperties { get; }

    /// <summary>Calls (and property reads) whose callee gains the parameter.</summary>
    public IReadOnlyList<Reference> CallsToUpdate { get; }

    /// <summary>Places that keep their shape and pass NetContext.Initial (PN0104 territory).</summary>
    public IReadOnlyList<Location> Boundaries { get; }

    /// <summary>
    /// Classes that keep their context: a <c>NetContext</c> field set by every constructor (which gains
    /// the parameter), used by instance members that cannot change shape (<c>Dispose</c>, overrides of
    /// framework members, handlers) — the kernel's <c>sk-&gt;sk_net</c>.
    /// </summary>
    public IReadOnlyDictionary<string, BoundType> BoundTypes { get; }

    /// <summary>
    /// Moved members (keys) made on first use, with their initializing expression: their initialization
    /// needs a context, which the state of each context passes as its own (<c>PerNet&lt;T&gt;.Net</c>) —
    /// a pool whose objects carry the context, a default instance built with it.
    /// </summary>
    public IReadOnlyDictionary<string, ExpressionSyntax> LazyMembers { get; }

    /// <summary>Calls in moved initialization (lazily made members, initializers and static constructor statements run by the state's constructor) that pass the state's own context, <c>Net</c> (explicit style).</summary>
    public ReadOnlySet<SyntaxNode> OwnContextCalls { get; }

    /// <summary>For each carrier type bound (key), how many sites read their context from one of its objects.</summary>
    public IReadOnlyDictionary<string, int> CarrierSites { get; }

    /// <summary>The carrier types considered and chosen; null when the plan did not look for them.</summary>
    public CarrierChoice? CarrierChoice { get; }

    /// <summary>
    /// Carrier constructors (keys) that code of the solution still calls unchanged where no context is at
    /// hand (tests, entry points, public factories): they keep their old signature, binding the object to
    /// <c>NetContext.Current</c>. Those calls have no entry in <see cref="Sources"/>, so nothing rewrites them.
    /// </summary>
    public ReadOnlySet<string> KeptConstructors { get; }

    /// <summary>Sites (accesses and calls) that take their context from a parameter the migration adds.</summary>
    public int ParameterSites { get; }

    /// <summary>
    /// <c>pernet.keep_api</c> (default true) as it applies to a member, by the file that declares its type: a public or
    /// protected method or constructor that gains the parameter keeps its old signature as an <c>[Obsolete]</c>
    /// forwarder passing <c>NetContext.Current</c>.
    /// </summary>
    public System.Func<ISymbol, bool> KeepApi { get; }

    /// <summary>
    /// A project of the solution that calls the migrated code and treats obsolete uses as errors (its name): the kept API
    /// is then left unmarked, so that project still builds; null when the kept API is marked <c>[Obsolete]</c>.
    /// </summary>
    public string? StrictCaller { get; }

    /// <summary>Whether kept signatures and members are marked <c>[Obsolete]</c> (no caller here treats that as an error).</summary>
    public bool MarksKeptApiObsolete => StrictCaller is null;

    /// <summary>Why the migration cannot be made safely; empty when it can.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>The same problems by the type whose state they stop (its display string), when one does.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ProblemsByType { get; }

    /// <summary>What moves out of each type, and how (<see cref="StateMoves"/>).</summary>
    public StateMoves States { get; }

    /// <summary>True for the ambient variant: no signature changes, every access reads <c>State.Current</c>.</summary>
    public bool IsAmbient { get; }

    /// <summary><see cref="Sources"/> of one syntax tree.</summary>
    public IEnumerable<KeyValuePair<SyntaxNode, (Document Document, ContextSource Source)>> SourcesIn(SyntaxTree tree) => _sourcesByTree[tree];

    /// <summary>
    /// The ambient variant of this (explicit) plan: the same state, the same checks (initialization that
    /// needs a context runs in the state's constructor, inside the context being built, so State.Current
    /// there is that state) but no signature changes: every access reads the current context.
    /// </summary>
    public MigrationPlan AsAmbient(SolutionIndex index)
    {
        var ambient = new PlanBuilder();
        foreach (var access in index.StateAccesses.Where(a => Sources.ContainsKey(a.Node)))
            ambient.Sources[access.Node] = (access.Document, ContextSource.Ambient);
        ambient.InsideState.UnionWith(InsideState);
        foreach (var shadowed in ShadowedInState)
            ambient.ShadowedInState[shadowed.Key] = shadowed.Value;
        foreach (var other in OtherStateInside)
            ambient.OtherStateInside[other.Key] = other.Value;
        ambient.InNameOf.UnionWith(InNameOf);
        foreach (var lazy in LazyMembers)
            ambient.LazyMembers[lazy.Key] = lazy.Value;
        ambient.OwnContextCalls.UnionWith(OwnContextCalls);
        ambient.KeepApi = KeepApi;
        ambient.StrictCaller = StrictCaller;
        ambient.Problems.AddRange(Problems);
        foreach (var pair in ProblemsByType)
            ambient.ProblemsByType[pair.Key] = pair.Value.ToList();
        return new MigrationPlan(ambient, States, isAmbient: true);
    }

    private static IReadOnlyDictionary<TKey, TValue> Copy<TKey, TValue>(Dictionary<TKey, TValue> source)
        where TKey : notnull => new Dictionary<TKey, TValue>(source, source.Comparer);
}

/// <summary>A set that can be read, not changed (netstandard2.0 has no <c>IReadOnlySet</c>).</summary>
internal sealed class ReadOnlySet<T> : IReadOnlyCollection<T>
{
    private readonly HashSet<T> _items;

    public ReadOnlySet(IEnumerable<T> items) => _items = new HashSet<T>(items);

    public int Count => _items.Count;

    public bool Contains(T item) => _items.Contains(item);

    public IEnumerator<T> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();
}
