using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PerNet.Analyzers;

namespace PerNet.CodeFixes.Migration;

/// <summary>
/// The plan while planning makes it: <see cref="ContextPlanner"/> and <see cref="StateMoves"/> fill it, then
/// <see cref="Build"/> freezes it into the <see cref="MigrationPlan"/> that rewriting reads.
/// </summary>
internal sealed class PlanBuilder
{
    /// <inheritdoc cref="MigrationPlan.Sources"/>
    public Dictionary<SyntaxNode, (Document Document, ContextSource Source)> Sources { get; } = new();

    /// <inheritdoc cref="MigrationPlan.InNameOf"/>
    public HashSet<SyntaxNode> InNameOf { get; } = new();

    /// <inheritdoc cref="MigrationPlan.InsideState"/>
    public HashSet<SyntaxNode> InsideState { get; } = new();

    /// <inheritdoc cref="MigrationPlan.ShadowedInState"/>
    public Dictionary<SyntaxNode, string> ShadowedInState { get; } = new();

    /// <inheritdoc cref="MigrationPlan.OtherStateInside"/>
    public Dictionary<SyntaxNode, ISymbol> OtherStateInside { get; } = new();

    /// <inheritdoc cref="MigrationPlan.AddedParameters"/>
    public Dictionary<string, (ISymbol Member, string ParameterName)> AddedParameters { get; } = new();

    /// <inheritdoc cref="MigrationPlan.RenamedProperties"/>
    public Dictionary<string, string> RenamedProperties { get; } = new();

    /// <inheritdoc cref="MigrationPlan.CallsToUpdate"/>
    public List<Reference> CallsToUpdate { get; } = new();

    /// <inheritdoc cref="MigrationPlan.Boundaries"/>
    public List<Location> Boundaries { get; } = new();

    /// <inheritdoc cref="MigrationPlan.BoundTypes"/>
    public Dictionary<string, BoundType> BoundTypes { get; } = new();

    /// <inheritdoc cref="MigrationPlan.LazyMembers"/>
    public Dictionary<string, ExpressionSyntax> LazyMembers { get; } = new();

    /// <inheritdoc cref="MigrationPlan.OwnContextCalls"/>
    public HashSet<SyntaxNode> OwnContextCalls { get; } = new();

    /// <inheritdoc cref="MigrationPlan.CarrierSites"/>
    public Dictionary<string, int> CarrierSites { get; } = new();

    /// <inheritdoc cref="MigrationPlan.CarrierChoice"/>
    public CarrierChoice? CarrierChoice { get; set; }

    /// <inheritdoc cref="MigrationPlan.KeptConstructors"/>
    public HashSet<string> KeptConstructors { get; } = new();

    /// <inheritdoc cref="MigrationPlan.ParameterSites"/>
    public int ParameterSites { get; set; }

    /// <inheritdoc cref="MigrationPlan.StrictCaller"/>
    public string? StrictCaller { get; set; }

    /// <inheritdoc cref="MigrationPlan.KeepApi"/>
    public System.Func<ISymbol, bool> KeepApi { get; set; } = _ => true;

    /// <inheritdoc cref="MigrationPlan.Problems"/>
    public List<string> Problems { get; } = new();

    /// <inheritdoc cref="MigrationPlan.ProblemsByType"/>
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

    /// <summary>The plan, frozen, with the state moves.</summary>
    public MigrationPlan Build(StateMoves states) => new(this, states, isAmbient: false);
}
