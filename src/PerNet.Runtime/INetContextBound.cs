namespace PerNet;

/// <summary>
/// An object that belongs to one context: a device, a socket, a route. The explicit migration uses
/// such an object, when one is in scope, as the source of the context instead of adding a parameter.
/// </summary>
public interface INetContextBound
{
    /// <summary>The context this object belongs to.</summary>
    NetContext Net { get; }
}
