using System.Collections.Immutable;

namespace PerNet.Analyzers;

/// <summary>The rule ids, named. Fixes and tests refer to these, never to bare strings.</summary>
public static class DiagnosticIds
{
    public const string StateVerdict = "PN0000";
    public const string MutableStaticField = "PN0001";
    public const string StaticReadonlyMutableValue = "PN0002";
    public const string MutableStaticProperty = "PN0003";
    public const string StaticEvent = "PN0004";
    public const string ThreadStaticState = "PN0005";
    public const string UnjustifiedSharedState = "PN0006";
    public const string AmbientContextLost = "PN0101";
    public const string AmbientWithExplicitInScope = "PN0102";
    public const string PerContextObjectInStatic = "PN0103";
    public const string InitialContextBoundary = "PN0104";

    /// <summary>The state rules (PN0001–PN0005): what they report is per-context state, which the migration moves.</summary>
    public static readonly ImmutableArray<string> StateRules = ImmutableArray.Create(
        MutableStaticField,
        StaticReadonlyMutableValue,
        MutableStaticProperty,
        StaticEvent,
        ThreadStaticState);

    internal const string StateCategory = "PerNet.State";
    internal const string UsageCategory = "PerNet.Usage";
    internal const string ContextCategory = "PerNet.Context";

    internal static string HelpLink(string id) =>
        "https://github.com/pernet/pernet/blob/main/docs/rules/" + id + ".md";
}
