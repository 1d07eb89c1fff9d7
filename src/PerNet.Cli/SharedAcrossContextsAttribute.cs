namespace PerNet.Cli;

/// <summary>
/// PerNet's own rules run on the CLI (dogfooding). The CLI is a tool, not a network stack: what it
/// keeps in statics is per process by design, and says why with this attribute, which the rules
/// recognise by name as they do the runtime's <c>PerNet.SharedAcrossContextsAttribute</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Field | AttributeTargets.Property | AttributeTargets.Event)]
internal sealed class SharedAcrossContextsAttribute(string justification) : Attribute
{
    public string Justification { get; } = justification;
}
