using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PerNet.Analyzers;

namespace PerNet.CodeFixes.Migration;

/// <summary>What moves out of one type.</summary>
internal sealed class TypeMove
{
    public TypeMove(INamedTypeSymbol type, List<ISymbol> members, string name, TypeDeclarationSyntax host)
    {
        Type = type;
        Members = members;
        Name = name;
        Host = host;
    }

    public INamedTypeSymbol Type { get; }

    /// <summary>The type declaration the state class goes into.</summary>
    public TypeDeclarationSyntax Host { get; }

    /// <summary>The <c>#if</c> conditions each member moves inside.</summary>
    public Dictionary<ISymbol, ConditionalDirectives.Conditions> Conditions { get; } = new(SymbolEqualityComparer.Default);

    public List<ISymbol> Members { get; }

    /// <summary>The state class's name (another free name when the type already uses the configured one).</summary>
    public string Name { get; }

    /// <summary>The static constructor's statements that move into the state's constructor.</summary>
    public List<StatementSyntax> MovedStatements { get; } = new();

    /// <summary>The static constructor's expression body, when it moves (it becomes one statement of the state's constructor).</summary>
    public ExpressionSyntax? MovedExpression { get; set; }

    /// <summary>The static constructor's assignments of members made on first use: removed, their value goes to the member.</summary>
    public List<StatementSyntax> LazyStatements { get; } = new();

    /// <summary>True when every statement of the static constructor moves (it is removed).</summary>
    public bool MovesWholeConstructor { get; set; }
}

/// <summary>
/// The move-state plan: which members move out of each type into its nested <c>State : PerNet&lt;State&gt;</c>, under
/// which name, into which part of a partial type, inside which <c>#if</c> conditions, and how its static constructor
/// splits (statements that initialize moved state become the state's constructor; the rest stay) — and why a type's
/// state cannot move (refusals in the plan). <see cref="StateClassPass"/> writes it.
/// </summary>
internal sealed class StateMoves
{
    /// <summary>The state class's name unless <c>pernet.state_class_name</c> says otherwise.</summary>
    public const string DefaultName = "State";

    private static readonly string[] s_alternatives = { "NetState", "PerNetState", "ContextState" };

    // By symbol key, as everywhere in the engine: the same type is a different symbol in each project's compilation.
    private readonly Dictionary<string, TypeMove> _types = new();
    private readonly HashSet<SyntaxNode> _insideState;
    private readonly IReadOnlyDictionary<string, ExpressionSyntax> _lazy;
    private readonly HashSet<SyntaxNode> _ownContextCalls;

    // Moved [ThreadStatic] fields (ThreadLocal in the state), by key (every access asks) and by name (for
    // moved code that reads them).
    private readonly HashSet<string> _perThreadKeys = new(System.StringComparer.Ordinal);
    private readonly HashSet<string> _perThreadNames = new(System.StringComparer.Ordinal);

    private StateMoves(PlanBuilder plan)
    {
        _insideState = plan.InsideState;
        _lazy = plan.LazyMembers;
        _ownContextCalls = plan.OwnContextCalls;
        _otherStateInside = plan.OtherStateInside;
    }

    private readonly IReadOnlyDictionary<SyntaxNode, ISymbol> _otherStateInside;

    public IEnumerable<INamedTypeSymbol> Types => _types.Values.Select(m => m.Type);

    public IEnumerable<TypeMove> Moves => _types.Values;

    public TypeMove Of(INamedTypeSymbol type) => _types[SymbolKeys.Of(type)];

    /// <summary>Moved members made on first use, with their initializing expression (<see cref="MigrationPlan.LazyMembers"/>).</summary>
    public IReadOnlyDictionary<string, ExpressionSyntax> Lazy => _lazy;

    /// <summary>The names of moved per-thread members (moved code reads them through <c>.Value</c>).</summary>
    public IReadOnlyCollection<string> PerThreadNames => _perThreadNames;

    /// <summary>
    /// A moved <c>[ThreadStatic]</c> field: per context and still per thread, a
    /// <c>System.Threading.ThreadLocal&lt;T&gt;</c> of the state (a scratch buffer shared by the threads of one
    /// context would race). Its initializer, if any, runs on each thread's first read.
    /// </summary>
    public bool IsPerThread(ISymbol member) => _perThreadKeys.Contains(SymbolKeys.Of(member));

    /// <summary>A member that moves into <paramref name="type"/>'s state class hides the accessor the style uses (<c>Of</c>, <c>Current</c>).</summary>
    public bool HidesAccessor(INamedTypeSymbol type) =>
        _types.TryGetValue(SymbolKeys.Of(type), out var move) && move.Members.Any(m => GeneratedNames.IsStateAccessor(m.Name));

    /// <summary>The name of the state class nested in <paramref name="type"/>.</summary>
    public string NameOf(INamedTypeSymbol type) =>
        _types.TryGetValue(SymbolKeys.Of(type), out var move) ? move.Name : DefaultName;

    /// <summary>Groups the members by type and checks what cannot be moved safely (reported as problems).</summary>
    /// <param name="configuredName">The <c>pernet.state_class_name</c> that applies to a type, if any.</param>
    public static StateMoves Plan(IEnumerable<ISymbol> members, PlanBuilder plan, System.Func<INamedTypeSymbol, string?> configuredName, SolutionIndex index)
    {
        var byType = new Dictionary<INamedTypeSymbol, List<ISymbol>>(SymbolEqualityComparer.Default);
        foreach (var member in members)
        {
            var type = member.ContainingType.OriginalDefinition;
            if (!byType.TryGetValue(type, out var list))
                byType[type] = list = new List<ISymbol>();
            list.Add(member.OriginalDefinition);
        }

        var states = new StateMoves(plan);
        foreach (var pair in byType)
        {
            var move = new TypeMove(pair.Key, pair.Value, ChooseName(pair.Key, configuredName(pair.Key)), HostDeclaration(pair.Key, pair.Value));
            states._types[SymbolKeys.Of(pair.Key)] = move;
            foreach (var member in move.Members.Where(m => m is IFieldSymbol field && SymbolFacts.IsThreadStatic(field)))
            {
                states._perThreadKeys.Add(SymbolKeys.Of(member));
                states._perThreadNames.Add(member.Name);
            }

            states.Check(pair.Key, move, plan, index);
        }

        return states;
    }

    /// <summary>
    /// The configured name (default <c>State</c>) when the type does not already use it for something
    /// else; the existing state class of an earlier run; else the first free alternative.
    /// </summary>
    private static string ChooseName(INamedTypeSymbol type, string? configured)
    {
        var wanted = string.IsNullOrWhiteSpace(configured) || !SyntaxFacts.IsValidIdentifier(configured!.Trim()) ? DefaultName : configured!.Trim();
        bool IsOurs(string name) => type.GetTypeMembers(name).Any(t => t.BaseType is { Name: "PerNet", TypeArguments.Length: 1 } b && SymbolEqualityComparer.Default.Equals(b.TypeArguments[0], t));
        bool IsFree(string name) =>
            name != type.Name && type.TypeParameters.All(p => p.Name != name) &&
            AllMembers(type).All(m => m.Name != name);
        foreach (var candidate in new[] { wanted }.Concat(s_alternatives))
        {
            if (IsOurs(candidate) || IsFree(candidate))
                return candidate;
        }

        for (var i = 2; ; i++)
        {
            if (IsFree(wanted + i))
                return wanted + i;
        }
    }

    /// <summary>The members of <paramref name="type"/> and of its base types.</summary>
    public static IEnumerable<ISymbol> AllMembers(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
                yield return member;
        }
    }

    private void Check(INamedTypeSymbol type, TypeMove move, PlanBuilder plan, SolutionIndex index)
    {
        foreach (var member in move.Members)
        {
            if (member.DeclaringSyntaxReferences.Length == 0)
                plan.Refuse(type, $"{member.Name} has no source to move");
            if (member is IPropertySymbol property && !IsAutoProperty(property) && !IsSetting(property))
                plan.Refuse(type, $"{type.Name}.{member.Name} is not an auto-property (its accessors have bodies); move its backing field instead");
            var conditions = move.Conditions[member] = ConditionalDirectives.Extra(member, move.Host);
            if (conditions.Problem is { } conditional)
                plan.Refuse(type, $"{type.Name}.{member.Name} is declared inside {conditional}; move it by hand");
            else if (_lazy.ContainsKey(SymbolKeys.Of(member)) && conditions.Opens.Count > 0)
                plan.Refuse(type, $"{type.Name}.{member.Name} needs a context to be made and is declared inside #if; move it by hand");
        }

        // Code excluded by #if is not parsed, so an access there would not be rewritten.
        var names = new HashSet<string>(move.Members.Select(m => m.Name), System.StringComparer.Ordinal);
        foreach (var (name, where) in index.NamesInDisabledCode(type, names))
            plan.Refuse(type, $"{type.Name}.{name} is used in code excluded by #if ({where}), which the migration cannot see or rewrite");

        if (StaticConstructor(type) is { Body: { } body } && body.DescendantNodes().Any(IsStateInitialization))
            SplitStaticConstructor(type, move, body, plan);
        else if (StaticConstructor(type) is { ExpressionBody: { } arrow } && arrow.DescendantNodes().Any(IsStateInitialization))
        {
            move.MovedExpression = arrow.Expression;
            move.MovesWholeConstructor = true;
        }
    }

    /// <summary>
    /// A statement of the static constructor that touches moved state moves into the state's constructor
    /// (it runs once per context); the others stay. A statement that would have to do both — set kept
    /// statics from moved state, or use a local of a statement that stays — makes the type refused.
    /// </summary>
    private void SplitStaticConstructor(INamedTypeSymbol type, TypeMove move, BlockSyntax body, PlanBuilder plan)
    {
        bool IsLazy(StatementSyntax statement) => statement is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax assignment } && _lazy.Values.Contains(assignment.Right);

        // A statement that touches moved state, or calls code that needs a context (registers defaults through
        // the type's own methods), is the state's initialization: it runs once per context, with it.
        bool Moves(StatementSyntax statement) => statement.DescendantNodesAndSelf().Any(IsStateInitialization);
        if (MigrationBlockers.FirstUnsplittable(type, body, Moves, m => !move.Members.Contains(m, SymbolEqualityComparer.Default), IsLazy) is { } unsplittable)
        {
            plan.Refuse(type, $"the static constructor of {type.Name} has a statement that both uses moved state and sets or uses what stays ({SourcePlaces.Of(unsplittable.GetLocation())}); split it by hand");
            return;
        }

        move.LazyStatements.AddRange(body.Statements.Where(IsLazy));
        move.MovedStatements.AddRange(body.Statements.Where(s => !IsLazy(s) && Moves(s)));
        move.MovesWholeConstructor = move.MovedStatements.Count + move.LazyStatements.Count == body.Statements.Count;
    }

    /// <summary>A node that makes its code the state's initialization: it reads moved state (its own, or another type's for the same context), or calls code that needs a context.</summary>
    public bool IsStateInitialization(SyntaxNode node) => _insideState.Contains(node) || _ownContextCalls.Contains(node) || _otherStateInside.ContainsKey(node);

    /// <summary>The type declaration the state class goes into: the one that already has it, else the first moved member's.</summary>
    private static TypeDeclarationSyntax HostDeclaration(INamedTypeSymbol type, List<ISymbol> members)
    {
        var parts = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>().ToList();
        return parts.FirstOrDefault(p => p.Members.OfType<ClassDeclarationSyntax>().Any(c => c.BaseList?.Types.FirstOrDefault()?.Type is GenericNameSyntax { Identifier.ValueText: "PerNet" }))
            ?? members.Where(m => m.DeclaringSyntaxReferences.Length > 0)
                .Select(m => m.DeclaringSyntaxReferences[0].GetSyntax().FirstAncestorOrSelf<TypeDeclarationSyntax>()!)
                .OrderBy(d => d.SyntaxTree.FilePath, System.StringComparer.Ordinal).ThenBy(d => d.SpanStart).First();
    }

    public static ConstructorDeclarationSyntax? StaticConstructor(INamedTypeSymbol type) =>
        type.StaticConstructors.FirstOrDefault(c => !c.IsImplicitlyDeclared)?.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() as ConstructorDeclarationSyntax;

    /// <summary>
    /// A setting with its own accessors (<c>static bool X { get =&gt; s_options.X; set =&gt; s_options.X = value; }</c>): no
    /// storage of its own, an accessor list whose accessors all have bodies. It moves with them — they become code of the
    /// state, reading its members — so its readers see their own context's setting.
    /// </summary>
    private static bool IsSetting(IPropertySymbol property) =>
        property is { IsStatic: true, IsIndexer: false, IsAbstract: false, IsExtern: false, ReturnsByRef: false, ReturnsByRefReadonly: false } &&
        SymbolFacts.IsSettingWithAccessors(property) &&
        property.DeclaringSyntaxReferences.Length == 1 &&
        property.DeclaringSyntaxReferences[0].GetSyntax() is PropertyDeclarationSyntax { ExpressionBody: null, Initializer: null, AccessorList: { } accessors } &&
        accessors.Accessors.All(a => a.Body is not null || a.ExpressionBody is not null);

    private static bool IsAutoProperty(IPropertySymbol property) =>
        property.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is PropertyDeclarationSyntax { ExpressionBody: null, AccessorList: { } accessors } &&
        accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null);
}
