using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerNet.Analyzers;

/// <summary>What the state rules (PN0001–PN0005) share: which members are exempt and the per-compilation judge.</summary>
internal static class StateCandidates
{
    /// <summary>
    /// Out of <c>pernet.scope</c>, marked <c>[SharedAcrossContexts]</c> (itself or a containing type),
    /// holding a process-wide service (<c>pernet.shared_types</c>): not per-context state. Holding one
    /// per-context object (a NetContext, a state object, a bound object) is PN0103's finding, not a
    /// state to move.
    /// </summary>
    public static bool IsExempt(ISymbol member, ITypeSymbol valueType, PerNetOptions options) =>
        !options.InScope(member) ||
        SymbolFacts.IsMarkedShared(member) ||
        (!SymbolFacts.IsError(valueType) && (TypeNames.MatchesSelfBaseOrInterface(valueType, options.SharedTypes) || PerContextTypes.IsPerContext(valueType)));

    /// <summary>
    /// The members of <paramref name="type"/> a rule tracks: those for which <paramref name="storedType"/>
    /// gives the type of the value they hold (null: not this rule's kind of member), that are not exempt,
    /// and that <paramref name="isState"/> (when given) judges to be state.
    /// </summary>
    public static IReadOnlyCollection<ISymbol> Select<TMember>(
        INamedTypeSymbol type,
        AnalyzerOptions analyzerOptions,
        Func<TMember, ITypeSymbol?> storedType,
        Func<ITypeSymbol, PerNetOptions, bool>? isState = null)
        where TMember : ISymbol
    {
        var candidates = new List<ISymbol>();
        foreach (var member in type.GetMembers().OfType<TMember>())
        {
            if (storedType(member) is not { } stored)
                continue;
            var options = PerNetOptions.For(analyzerOptions, member);
            if (IsExempt(member, stored, options) || (isState is not null && !isState(stored, options)))
                continue;
            candidates.Add(member);
        }

        return candidates;
    }

    /// <summary>A type-end callback that reports every tracked member with the same message shape.</summary>
    public static Action<SymbolAnalysisContext, IReadOnlyCollection<MemberUsage>> ReportEach(
        DiagnosticDescriptor rule, Func<MemberUsage, object[]> messageArgs) =>
        (context, usages) =>
        {
            foreach (var usage in usages)
                context.ReportDiagnostic(Create(rule, usage, messageArgs(usage)));
        };

    /// <summary>Thread- or async-local storage belongs to PN0005, not to the field rules.</summary>
    public static bool IsThreadLocalStorage(IFieldSymbol field) =>
        SymbolFacts.IsThreadStatic(field) || SymbolFacts.IsThreadOrAsyncLocal(field.Type);

    public static Diagnostic Create(DiagnosticDescriptor rule, MemberUsage usage, params object[] messageArgs)
    {
        var sites = usage.Sites;
        var locations = ImmutableArray.CreateBuilder<Location>(sites.Length);
        foreach (var site in sites)
            locations.Add(site.Location);
        var properties = ImmutableDictionary<string, string?>.Empty.Add("SiteKinds", usage.SiteKinds());
        return Create(rule, usage.Member, locations.ToImmutable(), properties, messageArgs);
    }

    public static Diagnostic Create(
        DiagnosticDescriptor rule,
        ISymbol member,
        ImmutableArray<Location> additionalLocations,
        ImmutableDictionary<string, string?> properties,
        params object[] messageArgs) =>
        Diagnostic.Create(rule, member.Locations.IsEmpty ? Location.None : member.Locations[0], additionalLocations, properties, messageArgs);
}

/// <summary>One <see cref="MutabilityJudge"/> per configured set of immutable types, for one compilation.</summary>
internal sealed class MutabilityJudges
{
    private readonly ConcurrentDictionary<ImmutableArray<string>, MutabilityJudge> _judges = new();

    public MutabilityJudge For(PerNetOptions options) =>
        _judges.GetOrAdd(options.ImmutableTypes, static types => new MutabilityJudge(types));
}
