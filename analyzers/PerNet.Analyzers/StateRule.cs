using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerNet.Analyzers;

/// <summary>
/// How a state rule runs the <see cref="StateModel"/>: per compilation one judge per configuration and
/// one index of writes; per type the members the rule speaks for, minus those the declaration alone
/// clears; at the type's end the verdict of each, handed to the rule to report.
/// </summary>
internal static class StateRule
{
    /// <param name="ruleId">The rule whose members are tracked; null for every state rule's (PN0000).</param>
    /// <param name="report">Called at a type's end for each tracked member with its verdict.</param>
    /// <param name="keepCleared">Track members the declaration alone clears too (PN0000 reports them).</param>
    public static void Register(
        CompilationStartAnalysisContext start,
        string? ruleId,
        Action<SymbolAnalysisContext, MemberUsage, StateVerdict> report,
        bool keepCleared = false)
    {
        var judges = new ConcurrentDictionary<ImmutableArray<string>, MutabilityJudge>();
        var assembly = start.Compilation.Assembly;
        var writes = new CompilationWrites(start.Compilation, start.CancellationToken);
        MutabilityJudge JudgeFor(PerNetOptions options) => judges.GetOrAdd(options.ImmutableTypes, types => new MutabilityJudge(types, assembly, writes));
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
                    var verdict = StateModel.Prejudge(member, rule.RuleId, rule.Stored, PerNetOptions.For(analyzerOptions, member), JudgeFor(PerNetOptions.For(analyzerOptions, member)));
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
                    var rule = StateModel.RuleFor(usage.Member)!.Value;
                    prejudged.TryGetValue(usage.Member, out var early);
                    var verdict = early ?? StateModel.Judge(usage, rule.RuleId, rule.Stored, JudgeFor(PerNetOptions.For(end.Options, usage.Member)), writes);
                    report(end, usage, verdict);
                }
            });
    }

    /// <summary>A state rule's diagnostic: the member's location, its sites, their kinds and the verdict in the properties.</summary>
    public static Diagnostic Create(DiagnosticDescriptor rule, MemberUsage usage, StateVerdict verdict, params object[] messageArgs)
    {
        var properties = verdict.AddTo(ImmutableDictionary<string, string?>.Empty.Add("SiteKinds", usage.SiteKinds()));
        return StateCandidates.Create(rule, usage.Member, usage.Sites.Select(s => s.Location).ToImmutableArray(), properties, messageArgs);
    }
}
