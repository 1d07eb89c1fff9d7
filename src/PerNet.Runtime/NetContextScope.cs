namespace PerNet;

/// <summary>
/// The ambient-context scope returned by <see cref="NetContext.Enter"/>: disposing it restores the
/// context that was current before. Scopes must be disposed innermost first.
/// </summary>
public readonly struct NetContextScope : IDisposable
{
    private readonly NetContext? _previous;
    private readonly NetContext? _entered;
    private readonly ExecutionContext? _outerFlow;
    private readonly ExecutionContext? _enteredFlow;

    internal NetContextScope(NetContext? previous, NetContext entered, ExecutionContext? outerFlow, ExecutionContext? enteredFlow)
    {
        _previous = previous;
        _entered = entered;
        _outerFlow = outerFlow;
        _enteredFlow = enteredFlow;
    }

    /// <summary>Restores the outer context.</summary>
    /// <exception cref="InvalidOperationException">An inner scope is still open (scopes disposed out of order).</exception>
    public void Dispose()
    {
        if (_entered is null)
            return;
        NetContext.Exit(_previous, _entered, _outerFlow, _enteredFlow);
    }
}
