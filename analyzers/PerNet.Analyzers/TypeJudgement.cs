namespace PerNet.Analyzers;

/// <summary>Why values of a type cannot change (or <see cref="None"/> when they can).</summary>
internal enum ImmutabilityReason
{
    None,

    /// <summary>Primitives, string, enums, delegates, <c>Immutable*</c>, types whose fields are all readonly and immutable.</summary>
    ImmutableType,

    /// <summary>Fields that are not readonly, but only construction assigns them, or memo fields that cache a value.</summary>
    ImmutableInEffect,

    /// <summary>No instance state at all: handlers, codecs, comparers, strategies.</summary>
    Stateless,

    /// <summary>An exception instance kept to be thrown again.</summary>
    Exception,

    /// <summary>A logger from any logging abstraction.</summary>
    Logger,

    /// <summary>An array or collection expression seen only through a read-only interface.</summary>
    ReadOnlyView,

    /// <summary>Named in <c>pernet.immutable_types</c>.</summary>
    Configured,
}

/// <summary>The judgement of a type (or a stored value): immutable or not, and why.</summary>
internal readonly struct TypeJudgement
{
    private TypeJudgement(bool isImmutable, ImmutabilityReason reason, string? detail, bool reliesOnOwnCode = false, System.Collections.Generic.IReadOnlyList<string>? unlessNull = null, bool nullMustBeExplicit = false)
    {
        NullMustBeExplicit = nullMustBeExplicit;
        IsImmutable = isImmutable;
        Reason = reason;
        Detail = detail;
        ReliesOnOwnCode = reliesOnOwnCode;
        UnlessNull = unlessNull;
    }

    /// <summary>
    /// For a mutable judgement: the members whose values are the only thing that can change — of a
    /// mutable type, but assigned nowhere except in object initializers. An instance created with
    /// each of them left null (a default packet, default options) cannot change. Null otherwise.
    /// </summary>
    public System.Collections.Generic.IReadOnlyList<string>? UnlessNull { get; }

    /// <summary>
    /// The instance must set <see cref="UnlessNull"/> to null in its initializer: a type of another
    /// assembly, whose constructor may fill them, is not known to leave them null.
    /// </summary>
    public bool NullMustBeExplicit { get; }

    /// <summary>Mutable only through the members named, when an instance holds something in them.</summary>
    public static TypeJudgement MutableUnlessNull(System.Collections.Generic.IReadOnlyList<string> members, bool reliesOnOwnCode, bool nullMustBeExplicit = false) =>
        new(false, ImmutabilityReason.None, (nullMustBeExplicit ? "set to null: " : "left null: ") + string.Join(", ", members), reliesOnOwnCode, members, nullMustBeExplicit);

    /// <summary>What <see cref="MutableUnlessNull"/> becomes for an instance that leaves those members null.</summary>
    public TypeJudgement WithMembersNull() =>
        new(true, ImmutabilityReason.ImmutableInEffect, "its setters are used only in object initializers; " + Detail, ReliesOnOwnCode);

    /// <summary>
    /// Immutable only because this assembly never uses a public setter outside construction: true of
    /// a value this assembly keeps to itself, not of one code elsewhere can reach and change.
    /// </summary>
    public bool ReliesOnOwnCode { get; }

    public static TypeJudgement Mutable => default;

    /// <summary>Mutable, with the evidence: the member that can change and how.</summary>
    public static TypeJudgement MutableBecause(string detail) => new(false, ImmutabilityReason.None, detail);

    public bool IsImmutable { get; }

    public ImmutabilityReason Reason { get; }

    /// <summary>What a reader needs to check the judgement, e.g. the memo fields named.</summary>
    public string? Detail { get; }

    public static TypeJudgement Immutable(ImmutabilityReason reason, string? detail = null, bool reliesOnOwnCode = false) => new(true, reason, detail, reliesOnOwnCode);

    /// <summary>Two immutable values stored in one member: the less obvious reason wins, so the detail is kept.</summary>
    public TypeJudgement Combine(TypeJudgement other) =>
        !IsImmutable || !other.IsImmutable ? Mutable
        : other.ReliesOnOwnCode || other.Reason == ImmutabilityReason.ImmutableInEffect || Reason == ImmutabilityReason.None ? other
        : this;
}
