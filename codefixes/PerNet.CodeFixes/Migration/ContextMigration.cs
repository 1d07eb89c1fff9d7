using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Formatting;

namespace PerNet.CodeFixes.Migration;

/// <summary>The outcome of a migration: the new solution, or why it was not made.</summary>
public sealed class MigrationResult
{
    internal MigrationResult(Solution? solution, ImmutableArray<string> problems, ImmutableArray<string> addedParameters, ImmutableArray<Location> boundaries)
    {
        Solution = solution;
        Problems = problems;
        AddedParameters = addedParameters;
        Boundaries = boundaries;
    }

    /// <summary>The migrated solution; null when <see cref="Problems"/> is not empty.</summary>
    public Solution? Solution { get; }

    /// <summary>Why the migration cannot be made safely.</summary>
    public ImmutableArray<string> Problems { get; }

    /// <summary>Methods, constructors and properties that gained a context parameter.</summary>
    public ImmutableArray<string> AddedParameters { get; }

    /// <summary>Places that pass <c>NetContext.Initial</c> because they cannot change shape.</summary>
    public ImmutableArray<Location> Boundaries { get; }

    /// <summary>True when the migration was made.</summary>
    public bool Succeeded => Solution is not null;
}

/// <summary>Where migrated code finds its context.</summary>
public enum MigrationStyle
{
    /// <summary>Passed down: <c>State.Of(net).member</c>, a <c>NetContext</c> parameter threaded through the call graph.</summary>
    Explicit,

    /// <summary>Ambient: <c>State.Current.member</c>, no signature changes; the context flows with the code.</summary>
    Ambient,
}

/// <summary>
/// The migration: moves static members into per-context state and, in the explicit style, threads a
/// <c>NetContext</c> through the call graph of the whole solution, in one plan.
/// </summary>
public static class ContextMigration
{
    /// <summary>Migrates <paramref name="members"/> (static fields, auto-properties, events) of <paramref name="solution"/>.</summary>
    public static Task<MigrationResult> MigrateAsync(Solution solution, IReadOnlyCollection<ISymbol> members, CancellationToken cancellationToken) =>
        MigrateAsync(solution, members, MigrationStyle.Explicit, cancellationToken);

    /// <summary>Migrates <paramref name="members"/> in the given <paramref name="style"/>.</summary>
    public static async Task<MigrationResult> MigrateAsync(Solution solution, IReadOnlyCollection<ISymbol> members, MigrationStyle style, CancellationToken cancellationToken)
    {
        var keys = new HashSet<string>(members.Select(SymbolKeys.Of));
        var index = await SolutionIndex.BuildAsync(solution, keys, cancellationToken).ConfigureAwait(false);
        var plan = new MigrationPlanner(index, keys).Plan(style);
        var states = StateClasses.Create(members, plan);
        if (plan.Problems.Count > 0)
            return new MigrationResult(null, plan.Problems.Distinct().ToImmutableArray(), ImmutableArray<string>.Empty, ImmutableArray<Location>.Empty);

        var rewritten = await new MigrationRewriter(index, plan, states).ApplyAsync(solution, cancellationToken).ConfigureAwait(false);
        var formatted = rewritten;
        foreach (var id in rewritten.GetChanges(solution).GetProjectChanges().SelectMany(p => p.GetChangedDocuments()))
        {
            var document = formatted.GetDocument(id)!;
            document = await Formatter.FormatAsync(document, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            formatted = document.Project.Solution;
        }

        return new MigrationResult(
            formatted,
            ImmutableArray<string>.Empty,
            plan.AddedParameters.Values.Select(a => a.Member.ToDisplayString()).OrderBy(s => s, System.StringComparer.Ordinal).ToImmutableArray(),
            plan.Boundaries.ToImmutableArray());
    }
}
