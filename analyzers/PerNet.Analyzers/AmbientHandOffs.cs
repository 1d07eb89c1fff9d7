using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace PerNet.Analyzers;

/// <summary>How an API that runs a callback later treats the ExecutionContext (and so the ambient NetContext).</summary>
internal enum ContextFlow
{
    /// <summary>Never flows: the callback runs in the default context, where Current is Initial.</summary>
    Never,

    /// <summary>Captures the context when called: flows, unless <c>ExecutionContext.SuppressFlow</c> is in effect there.</summary>
    CapturedAtCall,
}

/// <summary>One API that hands a callback to another thread or to later.</summary>
internal sealed class HandOff
{
    public HandOff(string typeMetadataName, string member, ContextFlow flow)
    {
        TypeMetadataName = typeMetadataName;
        Member = member;
        Flow = flow;
    }

    public string TypeMetadataName { get; }

    /// <summary>Method name, or <c>.ctor</c>.</summary>
    public string Member { get; }

    public ContextFlow Flow { get; }

    public string DisplayName
    {
        get
        {
            var type = TypeMetadataName.Substring(TypeMetadataName.LastIndexOf('.') + 1);
            var tick = type.IndexOf('`');
            if (tick >= 0)
                type = type.Substring(0, tick);
            return Member == WellKnownMemberNames.InstanceConstructorName ? "new " + type : type + "." + Member;
        }
    }
}

/// <summary>
/// The hand-off APIs PN0101 knows, each checked against the runtime by a test that runs it inside
/// <c>using (ctx.Enter())</c> and looks at <c>NetContext.Current</c> in the callback
/// (AmbientFlowTests). The list in docs/rules/PN0101.md is this one.
/// </summary>
internal static class AmbientHandOffs
{
    public static readonly ImmutableArray<HandOff> All = ImmutableArray.Create(
        new HandOff("System.Threading.ThreadPool", "UnsafeQueueUserWorkItem", ContextFlow.Never),
        new HandOff("System.Threading.ThreadPool", "UnsafeRegisterWaitForSingleObject", ContextFlow.Never),
        new HandOff("System.Threading.Thread", "UnsafeStart", ContextFlow.Never),
        new HandOff("System.Threading.CancellationToken", "UnsafeRegister", ContextFlow.Never),
        new HandOff("System.Threading.Tasks.Task", "Run", ContextFlow.CapturedAtCall),
        new HandOff("System.Threading.Tasks.TaskFactory", "StartNew", ContextFlow.CapturedAtCall),
        new HandOff("System.Threading.Tasks.TaskFactory`1", "StartNew", ContextFlow.CapturedAtCall),
        new HandOff("System.Threading.Tasks.Task", "ContinueWith", ContextFlow.CapturedAtCall),
        new HandOff("System.Threading.Tasks.Task`1", "ContinueWith", ContextFlow.CapturedAtCall),
        new HandOff("System.Threading.ThreadPool", "QueueUserWorkItem", ContextFlow.CapturedAtCall),
        new HandOff("System.Threading.ThreadPool", "RegisterWaitForSingleObject", ContextFlow.CapturedAtCall),
        new HandOff("System.Threading.Thread", "Start", ContextFlow.CapturedAtCall),
        new HandOff("System.Threading.Timer", WellKnownMemberNames.InstanceConstructorName, ContextFlow.CapturedAtCall),
        new HandOff("System.Threading.CancellationToken", "Register", ContextFlow.CapturedAtCall));

    /// <summary>The catalog's member names (<c>.ctor</c> for constructors).</summary>
    public static readonly ImmutableHashSet<string> MemberNames = All.Select(h => h.Member).ToImmutableHashSet(System.StringComparer.Ordinal);

    /// <summary>The catalog resolved against one compilation: (type, member) → hand-off.</summary>
    public static Dictionary<(INamedTypeSymbol Type, string Member), HandOff> Resolve(Compilation compilation)
    {
        var resolved = new Dictionary<(INamedTypeSymbol, string), HandOff>(new TypeMemberComparer());
        foreach (var handOff in All)
        {
            if (compilation.GetTypeByMetadataName(handOff.TypeMetadataName) is { } type)
                resolved[(type, handOff.Member)] = handOff;
        }

        return resolved;
    }

    private sealed class TypeMemberComparer : IEqualityComparer<(INamedTypeSymbol Type, string Member)>
    {
        public bool Equals((INamedTypeSymbol Type, string Member) x, (INamedTypeSymbol Type, string Member) y) =>
            SymbolEqualityComparer.Default.Equals(x.Type, y.Type) && x.Member == y.Member;

        public int GetHashCode((INamedTypeSymbol Type, string Member) obj) =>
            SymbolEqualityComparer.Default.GetHashCode(obj.Type) ^ obj.Member.GetHashCode();
    }
}
