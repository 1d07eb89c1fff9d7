namespace PerNet;

/// <summary>
/// Marks static state that is truly process-wide and must not move into a <see cref="NetContext"/>.
/// The PerNet analyzers skip what it marks (a member, or every static of a type) and ask for the
/// reason (PN0006). They recognise it by name, so a project may also declare its own copy.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Field | AttributeTargets.Property | AttributeTargets.Event, Inherited = false)]
public sealed class SharedAcrossContextsAttribute : Attribute
{
    /// <summary>Marks state as shared, saying why that is safe.</summary>
    /// <param name="justification">Why every context may share this state.</param>
    public SharedAcrossContextsAttribute(string justification)
    {
        Justification = justification;
    }

    /// <summary>Why every context may share this state.</summary>
    public string Justification { get; }
}
