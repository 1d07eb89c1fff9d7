using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerNet.Analyzers;

/// <summary>
/// How a state rule runs the <see cref="StateModel"/>: per type the members the rule speaks for,
/// minus those the declaration alone clears; at the type's end the verdict of each, handed to the
/// rule to report. The judges (one per configuration) and the index of writes belong to the
/// compilation, shared by every state rule, so a type is judged and the trees are indexed once.
/// </summary>
internal static class StateRule
{
    /// <summary>What the state rules of one compilation share.</summary>
    private sealed class Shared
    {
        private readonly ConcurrentDictionary<ImmutableArray<string>, MutabilityJudge> _judges = new();
        private readonly IAssemblySymbol _assembly;

        public Shared(Compilation compilation)
        {
            _assembly = compilation.Assembly;
            Writes = new CompilationWrites(compilation);
        }

        public CompilationWrites Writes { get; }

        public MutabilityJudge JudgeFor(PerNetOptions options) =>
            _judges.GetOrAdd(options.ImmutableTypes, types => new MutabilityJudge(types, _assembly, Writes));
    }

    private static readonly ConditionalWeakTable<Compilation, Shared> s_shared = new();

    /// <param name="ruleId">The rule whose members are tracked; null for every state rule's (PN0000).</param>
    /// <param name="report">Called at a type's end for each tracked member with its verdict.</param>
    /// <param name="keepCleared">Track members the declaration alone clears too (PN0000 reports them).</param>
    public static void Register(
        CompilationStartAnalysisContext start,
        string? ruleId,
        Action<StateReport, MemberUsage, StateVerdict> report,
        bool keepCleared = false)
    {
        var shared = s_shared.GetValue(start.Compilation, c => new Shared(c));
        var prejudged = new ConcurrentDictionary<ISymbol, StateVerdict?>(SymbolEqualityComparer.Default);

        StaticMemberTracker.Register(
            start,
            (type, analyzerOptions) =>
            {
                var candidates = new List<ISymbol>();
                foreach (var member in type.GetMembers())
                {
                    if (StateModel.RuleFor(member) is not { } rule || (ruleId is not null && rule.RuleId != ruleId))
                        continue;
                    var options = PerNetOptions.For(analyzerOptions, member);
                    var verdict = StateModel.Prejudge(member, rule.RuleId, rule.Stored, options, shared.JudgeFor(options));
                    if (verdict is { Kind: VerdictKind.NotState } && !keepCleared)
                        continue;
                    prejudged[member] = verdict;
                    candidates.Add(member);
                }

                return candidates;
            },
            (end, usages) =>
            {
                foreach (var usage in usages)
                {
                    prejudged.TryGetValue(usage.Member, out var early);
                    var verdict = early ?? Judge(usage, shared, end);
                    report(end, usage, verdict);
                }
            });
    }

    private static StateVerdict Judge(MemberUsage usage, Shared shared, StateReport end)
    {
        var rule = StateModel.RuleFor(usage.Member)!.Value;
        return StateModel.Judge(usage, rule.RuleId, rule.Stored, shared.JudgeFor(PerNetOptions.For(end.Options, usage.Member)), shared.Writes, end.CancellationToken);
    }

    /// <summary>Diagnostic property: why "Move to NetContext" is not offered for the member's type.</summary>
    public const string MigrationBlockedProperty = "MigrationBlocked";

    /// <summary>
    /// A state rule's diagnostic at the member: its sites as additional locations, and in the
    /// properties their kinds (<c>SiteKinds</c>: r, w, m), the rule that speaks for the member
    /// (<c>Rule</c>) and the verdict; a readonly verdict also sets <c>MakeReadonly</c>, and a type the fix
    /// cannot migrate as it stands sets <see cref="MigrationBlockedProperty"/> to the reason (so the IDE decides
    /// whether to offer the fix from the diagnostic, without planning the migration).
    /// </summary>
    public static Diagnostic Create(DiagnosticDescriptor descriptor, MemberUsage usage, StateVerdict verdict, params object[] messageArgs)
    {
        var properties = ImmutableDictionary<string, string?>.Empty
            .Add("SiteKinds", usage.SiteKinds())
            .Add("Rule", StateModel.RuleFor(usage.Member)?.RuleId);
        if (verdict.Kind == VerdictKind.Readonly)
            properties = properties.Add(MutableStaticFieldAnalyzer.MakeReadonlyProperty, "true");
        var member = usage.Member;
        if (verdict.Kind == VerdictKind.State && member.ContainingType is { } type && MigrationBlockers.TypeNote(type) is { Length: > 0 } blocked)
            properties = properties.Add(MigrationBlockedProperty, blocked.Trim(' ', '(', ')'));
        return Diagnostic.Create(
            descriptor,
            member.Locations.IsEmpty ? Location.None : member.Locations[0],
            usage.Sites.Select(s => s.Location),
            verdict.AddTo(properties),
            messageArgs);
    }
}
