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

/// <summary>What the migration will do, decided before any text changes.</summary>
internal sealed class MigrationPlan
{
    /// <summary>Context expression for each site (state access or call) that needs one, by node.</summary>
    public Dictionary<SyntaxNode, (Document Document, ContextSource Source)> Sources { get; } = new();

    private ILookup<SyntaxTree, KeyValuePair<SyntaxNode, (Document Document, ContextSource Source)>>? _sourcesByTree;

    /// <summary><see cref="Sources"/> of one syntax tree (grouped once, when the rewrite starts).</summary>
    public IEnumerable<KeyValuePair<SyntaxNode, (Document Document, ContextSource Source)>> SourcesIn(SyntaxTree tree) =>
        (_sourcesByTree ??= Sources.ToLookup(p => p.Key.SyntaxTree))[tree];

    /// <summary>State accesses inside <c>nameof(..)</c>: they become <c>nameof(State.member)</c>.</summary>
    public HashSet<SyntaxNode> InNameOf { get; } = new();

    /// <summary>State accesses that end up inside the state class (moved initializers, static constructors).</summary>
    public HashSet<SyntaxNode> InsideState { get; } = new();

    /// <summary>Methods, constructors and get-only properties that gain a context parameter, with its name.</summary>
    public Dictionary<string, (ISymbol Member, string ParameterName)> AddedParameters { get; } = new();

    /// <summary>
    /// Public get-only properties that become methods under <c>pernet.keep_api</c>: the method is named
    /// <c>Get&lt;Name&gt;</c> and the property stays as an <c>[Obsolete]</c> forwarder passing <c>NetContext.Current</c>.
    /// </summary>
    public Dictionary<string, string> RenamedProperties { get; } = new();

    /// <summary>Calls (and property reads) whose callee gains the parameter.</summary>
    public List<Reference> CallsToUpdate { get; } = new();

    /// <summary>Places that keep their shape and pass NetContext.Initial (PN0104 territory).</summary>
    public List<Location> Boundaries { get; } = new();

    /// <summary>
    /// Classes that keep their context: a <c>NetContext</c> field set by every constructor (which gains
    /// the parameter), used by instance members that cannot change shape (<c>Dispose</c>, overrides of
    /// framework members, handlers) — the kernel's <c>sk-&gt;sk_net</c>.
    /// </summary>
    public Dictionary<string, BoundType> BoundTypes { get; } = new();

    /// <summary>
    /// Moved members (keys) made on first use, with their initializing expression: their initialization
    /// needs a context, which the state of each context passes as its own (<c>PerNet&lt;T&gt;.Net</c>) —
    /// a pool whose objects carry the context, a default instance built with it.
    /// </summary>
    public Dictionary<string, ExpressionSyntax> LazyMembers { get; } = new();

    /// <summary>Calls in moved initialization (lazily made members, initializers and static constructor statements run by the state's constructor) that pass the state's own context, <c>Net</c> (explicit style).</summary>
    public HashSet<SyntaxNode> OwnContextCalls { get; } = new();

    /// <summary>For each carrier type bound (key), how many sites read their context from one of its objects.</summary>
    public Dictionary<string, int> CarrierSites { get; } = new();

    /// <summary>The carrier types considered and chosen; null when the plan did not look for them.</summary>
    public CarrierChoice? CarrierChoice { get; set; }

    /// <summary>
    /// Carrier constructors (keys) that code of the solution still calls unchanged where no context is at
    /// hand (tests, entry points, public factories): they keep their old signature, binding the object to
    /// <c>NetContext.Current</c>. Those calls have no entry in <see cref="Sources"/>, so nothing rewrites them.
    /// </summary>
    public HashSet<string> KeptConstructors { get; } = new();

    /// <summary>Sites (accesses and calls) that take their context from a parameter the migration adds.</summary>
    public int ParameterSites { get; set; }

    /// <summary>
    /// <c>pernet.keep_api</c> (default true): a public or protected method or constructor that gains the
    /// parameter keeps its old signature as an <c>[Obsolete]</c> forwarder passing <c>NetContext.Current</c>.
    /// </summary>
    public bool KeepApi { get; set; } = true;

    /// <summary>True for the ambient variant: no signature changes, every access reads <c>State.Current</c>.</summary>
    public bool IsAmbient { get; private set; }

    /// <summary>Why the migration cannot be made safely; empty when it can.</summary>
    public List<string> Problems { get; } = new();

    /// <summary>The same problems by the type whose state they stop (its display string), when one does.</summary>
    public Dictionary<string, List<string>> ProblemsByType { get; } = new();

    /// <summary>Records why <paramref name="type"/>'s state cannot move (or the whole migration, without a type).</summary>
    public void Refuse(ITypeSymbol? type, string problem)
    {
        Problems.Add(problem);
        if (type is null)
            return;
        var key = type.OriginalDefinition.ToDisplayString();
        if (!ProblemsByType.TryGetValue(key, out var list))
            ProblemsByType[key] = list = new List<string>();
        list.Add(problem);
    }

    /// <summary>
    /// The ambient variant of this (explicit) plan: the same state, the same checks (initialization that
    /// needs a context runs in the state's constructor, inside the context being built, so State.Current
    /// there is that state) but no signature changes: every access reads the current context.
    /// </summary>
    public MigrationPlan AsAmbient(SolutionIndex index)
    {
        var ambient = new MigrationPlan();
        foreach (var access in index.StateAccesses.Where(a => Sources.ContainsKey(a.Node)))
            ambient.Sources[access.Node] = (access.Document, ContextSource.Ambient);
        ambient.InsideState.UnionWith(InsideState);
        ambient.IsAmbient = true;
        ambient.InNameOf.UnionWith(InNameOf);
        ambient.Problems.AddRange(Problems);
        foreach (var pair in ProblemsByType)
            ambient.ProblemsByType[pair.Key] = pair.Value;
        return ambient;
    }
}
