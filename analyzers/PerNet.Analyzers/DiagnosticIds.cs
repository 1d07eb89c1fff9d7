namespace PerNet.Analyzers;

/// <summary>The rule ids, named. Fixes and tests refer to these, never to bare strings.</summary>
public static class DiagnosticIds
{
    public const string MutableStaticField = "PN0001";
    public const string StaticReadonlyMutableValue = "PN0002";
    public const string MutableStaticProperty = "PN0003";
    public const string StaticEvent = "PN0004";
    public const string ThreadStaticState = "PN0005";
    public const string UnjustifiedSharedState = "PN0006";

    internal const string StateCategory = "PerNet.State";
    internal const string UsageCategory = "PerNet.Usage";

    internal static string HelpLink(string id) =>
        "https://github.com/pernet/pernet/blob/main/docs/rules/" + id + ".md";
}
