using System.Collections.Immutable;

namespace PerNet.Analyzers;

/// <summary>What the state model decides for one static member.</summary>
public enum VerdictKind
{
    /// <summary>Per-context state: move it into the context.</summary>
    State,

    /// <summary>Never written after initialization and holding a value that cannot change: make it readonly.</summary>
    Readonly,

    /// <summary>Not state, for the reason given.</summary>
    NotState,
}

/// <summary>
/// The verdict of the one state model on a static member, with a stable reason code (JSON, SARIF,
/// diagnostic properties) and a sentence for people. Carried by every PN0001–PN0005 diagnostic in
/// its properties (<see cref="KindProperty"/>, <see cref="ReasonProperty"/>, <see cref="ExplanationProperty"/>),
/// so the code fixes, the migration and the CLI read it instead of judging again.
/// </summary>
public readonly struct StateVerdict
{
    public const string KindProperty = "Verdict";
    public const string ReasonProperty = "Reason";
    public const string ExplanationProperty = "Explanation";

    public StateVerdict(VerdictKind kind, string reason, string explanation, string? value = null)
    {
        Kind = kind;
        Reason = reason;
        Explanation = explanation;
        Value = value;
    }

    /// <summary>The type of the value that makes it state, as the messages show it (PN0002).</summary>
    public string? Value { get; }

    public VerdictKind Kind { get; }

    /// <summary>
    /// <c>written</c>, <c>mutated</c>, <c>mutable-value</c>, <c>settable-property</c>, <c>event</c>,
    /// <c>thread-local</c>, <c>never-written</c>; for not state: <c>immutable-type</c>,
    /// <c>immutable-in-effect</c>, <c>stateless</c>, <c>logger</c>, <c>exception</c>, <c>sentinel</c>,
    /// <c>constant-table</c>, <c>configured</c>, <c>shared-across-contexts</c>, <c>out-of-scope</c>,
    /// <c>per-context-object</c>.
    /// </summary>
    public string Reason { get; }

    public string Explanation { get; }

    /// <summary><c>state</c>, <c>readonly</c> or <c>not-state</c>, as written in properties and reports.</summary>
    public string KindText => Text(Kind);

    public static string Text(VerdictKind kind) => kind switch
    {
        VerdictKind.State => "state",
        VerdictKind.Readonly => "readonly",
        _ => "not-state",
    };

    public static StateVerdict State(string reason, string explanation, string? value = null) => new(VerdictKind.State, reason, explanation, value);

    public static StateVerdict Readonly(string explanation) => new(VerdictKind.Readonly, "never-written", explanation);

    public static StateVerdict Not(string reason, string explanation) => new(VerdictKind.NotState, reason, explanation);

    public ImmutableDictionary<string, string?> AddTo(ImmutableDictionary<string, string?> properties) =>
        properties.SetItem(KindProperty, KindText).SetItem(ReasonProperty, Reason).SetItem(ExplanationProperty, Explanation);

    /// <summary>The verdict a diagnostic carries; null when it carries none (not a state rule's).</summary>
    public static StateVerdict? From(ImmutableDictionary<string, string?> properties)
    {
        if (!properties.TryGetValue(KindProperty, out var kind) || kind is null)
            return null;
        properties.TryGetValue(ReasonProperty, out var reason);
        properties.TryGetValue(ExplanationProperty, out var explanation);
        var parsed = kind == "state" ? VerdictKind.State : kind == "readonly" ? VerdictKind.Readonly : VerdictKind.NotState;
        return new StateVerdict(parsed, reason ?? string.Empty, explanation ?? string.Empty);
    }

    public override string ToString() => KindText + " (" + Reason + "): " + Explanation;
}
