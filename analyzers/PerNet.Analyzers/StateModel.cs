using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace PerNet.Analyzers;

/// <summary>
/// The one state model: for every static member the state rules look at, which rule speaks for it
/// (<see cref="RuleFor"/>) and the verdict — state (move it), readonly (make it readonly) or not
/// state with a reason. The rules (PN0001–PN0005), the verdict report (PN0000), the code fixes, the
/// migration and the CLI all take the verdict from here.
/// </summary>
internal static class StateModel
{
    /// <summary>The rule a static member belongs to and the type of the value it stores; null for members no state rule looks at.</summary>
    public static (string RuleId, ITypeSymbol Stored)? RuleFor(ISymbol member)
    {
        switch (member)
        {
            case IFieldSymbol field when SymbolFacts.IsDeclaredStaticField(field):
                if (SymbolFacts.IsThreadLocalStorage(field))
                    return (DiagnosticIds.ThreadStaticState, ThreadLocalValue(field.Type));
                return (field.IsReadOnly ? DiagnosticIds.StaticReadonlyMutableValue : DiagnosticIds.MutableStaticField, field.Type);
            case IPropertySymbol { IsStatic: true, IsIndexer: false } property when SymbolFacts.BackingField(property) is not null:
                if (SymbolFacts.IsThreadOrAsyncLocal(property.Type))
                    return (DiagnosticIds.ThreadStaticState, ThreadLocalValue(property.Type));
                return (property.SetMethod is null ? DiagnosticIds.StaticReadonlyMutableValue : DiagnosticIds.MutableStaticProperty, property.Type);
            case IPropertySymbol { IsStatic: true, IsIndexer: false } property when IsSettingWrapper(property):
                return (DiagnosticIds.MutableStaticProperty, property.Type);
            case IEventSymbol { IsStatic: true } @event when SymbolFacts.IsFieldLikeEvent(@event):
                return (DiagnosticIds.StaticEvent, @event.Type);
            default:
                return null;
        }
    }

    /// <summary>
    /// A setting with hand-written accessors (<c>public static int MaxPayloadSize { get => ..; set { ..; UpdateSizes(value); } }</c>):
    /// a setter that code outside the type can call and that does something (not only throw). It holds nothing itself;
    /// what its setter stores is reported too, and moving that makes the setting per-context (it has no fix of its own).
    /// </summary>
    public static bool IsSettingWrapper(IPropertySymbol property) =>
        property is { SetMethod: { } setter, IsAbstract: false } && SymbolFacts.BackingField(property) is null &&
        setter.DeclaredAccessibility is not (Accessibility.Private or Accessibility.NotApplicable) &&
        setter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.AccessorDeclarationSyntax accessor &&
        (accessor.ExpressionBody?.Expression ?? (SyntaxNode?)accessor.Body) is { } body &&
        body is not Microsoft.CodeAnalysis.CSharp.Syntax.ThrowExpressionSyntax &&
        !(body is Microsoft.CodeAnalysis.CSharp.Syntax.BlockSyntax block && block.Statements.All(s => s is Microsoft.CodeAnalysis.CSharp.Syntax.ThrowStatementSyntax));

    /// <summary>T of ThreadLocal/AsyncLocal&lt;T&gt;; a [ThreadStatic] field's own type.</summary>
    private static ITypeSymbol ThreadLocalValue(ITypeSymbol type) =>
        type is INamedTypeSymbol { Arity: 1 } local && SymbolFacts.IsThreadOrAsyncLocal(local) ? local.TypeArguments[0] : type;

    /// <summary>
    /// The verdict when the member's declaration and configuration settle it, before any of its uses
    /// are seen; null when the uses decide. Members settled here cost the rules nothing more.
    /// </summary>
    public static StateVerdict? Prejudge(ISymbol member, string ruleId, ITypeSymbol stored, PerNetOptions options, MutabilityJudge judge)
    {
        if (!options.InScope(member))
            return StateVerdict.Not("out-of-scope", "outside the namespaces of pernet.scope");
        if (SymbolFacts.IsMarkedShared(member))
            return StateVerdict.Not("shared-across-contexts", "marked [SharedAcrossContexts]: process-wide by design");
        if (SymbolFacts.IsError(stored))
            return StateVerdict.Not("unknown-type", "its type does not bind; judged when the code compiles");
        if (PerContextTypes.IsPerContext(stored))
            return StateVerdict.Not("per-context-object", "holds a per-context object (PN0103 reports it), not state to move");
        if (TypeNames.MatchesSelfBaseOrInterface(stored, options.SharedTypes))
            return StateVerdict.Not(KnownKinds.IsLogger(stored) ? "logger" : "configured", "a process-wide service (pernet.shared_types): " + Shown(stored));
        if (KnownKinds.IsLogger(stored) && ruleId is not (DiagnosticIds.MutableStaticField or DiagnosticIds.MutableStaticProperty))
            return Logger(stored);
        if (ruleId is DiagnosticIds.StaticEvent)
            return StateVerdict.State("event", "a static event keeps one subscriber list for every context");
        if (ruleId is DiagnosticIds.StaticReadonlyMutableValue && judge.IsSurelyImmutable(stored) &&
            ForMember(judge.Judge(stored), member) is { IsImmutable: true } value)
            return NotState(value, stored);
        return null;
    }

    /// <summary>The verdict from the member's uses in its declaring type (and, for wider members, writes elsewhere in the compilation).</summary>
    public static StateVerdict Judge(MemberUsage usage, string ruleId, ITypeSymbol stored, MutabilityJudge judge, CompilationWrites writes, CancellationToken cancellationToken)
    {
        var member = usage.Member;
        switch (ruleId)
        {
            case DiagnosticIds.MutableStaticField:
                return JudgeField((IFieldSymbol)member, usage, judge, writes, cancellationToken);
            case DiagnosticIds.MutableStaticProperty:
                var setter = ((IPropertySymbol)member).SetMethod!;
                if (SymbolFacts.IsSettingWithAccessors(member))
                {
                    return SettingWrapper.ChangesStaticState((IPropertySymbol)member, writes.Compilation, cancellationToken)
                        ? StateVerdict.State("setting-wrapper", "a setting with its own accessors: its setter changes static state, and the setting becomes per-context with that state (it moves with it)")
                        : StateVerdict.Not("per-context-setting", "a setting with its own accessors whose setter changes no static state");
                }

                if (usage.IsWrittenAfterInitialization)
                    return StateVerdict.State("written", "set after initialization");
                if (KnownKinds.IsLogger(stored))
                    return Logger(stored); // a logging hook users may set: process-wide, as long as the library does not set it itself
                if (setter.DeclaredAccessibility != Accessibility.Private)
                    return StateVerdict.State("settable-property", "a setting: its setter is open to code outside the type");
                if (usage.IsMutatedAfterInitialization || !judge.IsImmutableValue(stored, usage.AssignedTypes))
                    return StateVerdict.State("mutable-value", "its " + Shown(stored) + " value can change");
                return StateVerdict.Readonly("its private setter is never used after initialization; drop the setter");
            case DiagnosticIds.StaticReadonlyMutableValue:
                return JudgeReadonly(usage, stored, judge, writes.Compilation, cancellationToken);
            case DiagnosticIds.StaticEvent:
                return StateVerdict.State("event", "a static event keeps one subscriber list for every context");
            default:
                if (PerThreadScratch.Is(member, usage, stored, cancellationToken))
                    return StateVerdict.Not("per-thread-scratch", $"per-thread scratch: every use ({usage.Sites.Length} site(s)) clears it before use and nothing it holds outlives a call");
                return StateVerdict.State("thread-local", "per-thread or per-flow storage is not per-context");
        }
    }

    private static StateVerdict JudgeField(IFieldSymbol field, MemberUsage usage, MutabilityJudge judge, CompilationWrites writes, CancellationToken cancellationToken)
    {
        if (usage.IsWrittenAfterInitialization)
        {
            if (Sentinels.IsLazyImmutable(field, usage, judge, writes, cancellationToken) is { } made)
                return StateVerdict.Not("lazy-immutable", "made on first use (" + Describe(made, field.Type) + "): every context would make the same value, so one is shared");
            if (ProcessWideSequence.Numbers(field, usage, writes.Compilation, cancellationToken) is { } numbered)
                return StateVerdict.Not("process-wide-sequence", "a sequence numbering " + numbered + ": every context shares those, so two contexts must never hand out the same number");
            return StateVerdict.State("written", "assigned after initialization");
        }

        if (field.DeclaredAccessibility != Accessibility.Private && writes.IsWrittenOutsideDeclaringType(field, cancellationToken))
            return StateVerdict.State("written", "assigned by code outside its type");
        if (KnownKinds.IsLogger(field.Type))
            return Logger(field.Type); // written at run time it is state above, whatever its type is called
        if (ApiVisibility.IsPublicApi(field) && !usage.Sites.Any(s => s.Kind == SiteKind.Write) && SymbolFacts.Initializer(field) is null)
            return StateVerdict.State("setting", "public and never assigned here: left for users to set");
        if (ApiVisibility.IsPublicApi(field) && !usage.Sites.Any(s => s.Kind == SiteKind.Write) && PublishedDefault(field) is { } published)
            return StateVerdict.State("setting", "public, writable and initialized from its published default (" + published.Name + "): a setting users may change");
        if (ApiVisibility.IsPublicApi(field) && !usage.Sites.Any(s => s.Kind == SiteKind.Write) && usage.Sites.Any(s => s.Kind == SiteKind.Read && !s.InInitialization) &&
            field.ContainingType.GetMembers().Any(m => m is IFieldSymbol { IsStatic: true, IsReadOnly: true, IsImplicitlyDeclared: false } sibling && sibling.DeclaredAccessibility == field.DeclaredAccessibility))
            return StateVerdict.State("setting", "public and left writable where its type's other public statics are readonly, and read at run time: a setting");
        if (field.IsVolatile)
            return StateVerdict.State("written", "volatile: written for other threads to see");
        if (Sentinels.PlatformShared(usage, writes.Compilation, cancellationToken) is { } platform)
            return StateVerdict.Readonly("never written after initialization and " + PlatformSharedReason(platform) + "; make it readonly");
        if (usage.IsMutatedAfterInitialization)
            return StateVerdict.State("mutated", "the object it holds is changed after initialization");
        if (field.Type is IArrayTypeSymbol)
        {
            if (usage.HoldsOnlyEmptyArrays)
                return StateVerdict.Readonly("never written after initialization and holds only an empty array (a sentinel); make it readonly");
            if (IsConstantTable(usage, field.Type, judge))
                return StateVerdict.Readonly("never written after initialization: a constant table; make it readonly");
            return StateVerdict.State("mutable-value", "an array handed out where it can be written");
        }

        var value = ValueOf(usage, field.Type, judge);
        if (value.IsImmutable)
            return StateVerdict.Readonly("never written after initialization and its value cannot change (" + Describe(value, field.Type) + "); make it readonly");
        return StateVerdict.State("mutable-value", "its " + Shown(usage.AssignedTypes.FirstOrDefault(t => !judge.IsImmutable(t)) ?? field.Type) + " value can change" + Evidence(value));
    }

    private static StateVerdict JudgeReadonly(MemberUsage usage, ITypeSymbol stored, MutabilityJudge judge, Compilation compilation, CancellationToken cancellationToken)
    {
        var value = ValueOf(usage, stored, judge);
        if (value.IsImmutable)
            return NotState(value, stored);
        if (Sentinels.PlatformShared(usage, compilation, cancellationToken) is { } platform)
            return PlatformShared(platform);
        if (stored.IsValueType && usage.AssignedTypes.Count == 0 && !usage.Sites.Any(s => s.Kind != SiteKind.Read))
            return StateVerdict.Not("sentinel", "never assigned: the default " + Shown(stored) + ", which references nothing");
        if (stored is IArrayTypeSymbol && usage.HoldsOnlyEmptyArrays)
            return StateVerdict.Not("sentinel", "a zero-length array: nothing can be written into it");
        if (StaticMemberTracker.IsArrayView(stored) && usage.HoldsOnlyEmptyArrays)
            return StateVerdict.Not("sentinel", "a view of no elements: nothing can be written through it");
        if (IsConstantTable(usage, stored, judge))
            return StateVerdict.Not("constant-table", stored is IArrayTypeSymbol ? "an array filled at initialization, afterwards only read" : "a view of an array filled at initialization, afterwards only read");
        if (usage.Member.DeclaredAccessibility == Accessibility.Private && !usage.IsMutatedAfterInitialization && usage.StaysAsInitialized && IsCollectionValue(stored, usage))
            return StateVerdict.Not("constant-table", "a private collection filled at initialization, afterwards only read");
        var shown = Shown(usage.AssignedTypes.FirstOrDefault(t => !judge.IsImmutable(t)) ?? stored);
        if (Sentinels.IsUnchangedSentinel(usage, compilation, cancellationToken))
            return StateVerdict.Not("sentinel", "a " + shown + " made here and only read: no use of it (" + usage.Sites.Length + " site(s)) reaches a mutator");
        if (usage.IsMutatedAfterInitialization)
            return StateVerdict.State("mutated", "the " + shown + " it holds is changed after initialization", shown);
        return StateVerdict.State("mutable-value", "readonly fixes the reference, but its " + shown + " value can change" + Evidence(value), shown);
    }

    /// <summary>
    /// The judgement of the value a member stores. A value immutable only because this assembly never
    /// uses its public setters outside construction is mutable when the member is visible to other assemblies.
    /// </summary>
    internal static TypeJudgement ValueOf(MemberUsage usage, ITypeSymbol stored, MutabilityJudge judge)
    {
        var value = judge.JudgeValue(stored, usage.AssignedTypes);
        if (value.UnlessNull is { } members && usage.CreatesWithNull(members, value.NullMustBeExplicit))
            value = value.WithMembersNull(); // a default packet: its list members left null
        if (!value.IsImmutable && usage.Made is { } made && judge.JudgeMade(made) is { IsImmutable: true } asMade)
            value = asMade; // each object as its constructor fills it: a field of a type that can change, left null or given a value that cannot
        return ForMember(value, usage.Member);
    }

    /// <summary>A value immutable only because this assembly never changes it is mutable in a member other assemblies reach.</summary>
    private static TypeJudgement ForMember(TypeJudgement value, ISymbol member) =>
        value.ReliesOnOwnCode && ApiVisibility.IsPublicApi(member) ? TypeJudgement.Mutable : value;

    /// <summary>
    /// An array filled at initialization and afterwards only read: nothing writes its elements, it is
    /// never handed out where it could be written, and what its elements hold cannot change (a call on
    /// an element of a table of stateless handlers changes nothing). Visible to other assemblies, it is
    /// a table only when written out element by element in its declaration (a published constant).
    /// </summary>
    private static bool IsConstantTable(MemberUsage usage, ITypeSymbol stored, MutabilityJudge judge)
    {
        var elements = stored is IArrayTypeSymbol array ? judge.JudgeValue(array.ElementType, usage.ElementTypes) : judge.ArrayViewElements(stored);
        if (elements is not { IsImmutable: true } || !usage.StaysAsInitialized)
            return false;
        if (usage.IsMutatedAfterInitialization && !usage.ChangesOnlyElementObjects)
            return false;
        return !ApiVisibility.IsPublicApi(usage.Member) || !usage.HoldsSizedBuffer;
    }

    /// <summary>" (Header._container: assigned after construction)": what makes the value mutable, when the judge named it.</summary>
    private static string Evidence(TypeJudgement value) =>
        value is { IsImmutable: false, UnlessNull: null, Detail: { } detail } ? " (" + detail + ")" : string.Empty;

    /// <summary>
    /// <c>public static ushort Port = DefaultPort;</c>: the initializer is another static of its type, readonly or
    /// constant, declared beside it — the default a setting starts from. A public field with any other initializer that
    /// nothing assigns is an unfinished constant (make it readonly).
    /// </summary>
    private static IFieldSymbol? PublishedDefault(IFieldSymbol field)
    {
        var name = SymbolFacts.Initializer(field) switch
        {
            Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax { Expression: Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax owner } access when owner.Identifier.ValueText == field.ContainingType.Name => access.Name.Identifier.ValueText,
            _ => null,
        };
        return name is null ? null : field.ContainingType.GetMembers(name).OfType<IFieldSymbol>()
            .FirstOrDefault(f => f.IsStatic && (f.IsReadOnly || f.IsConst) && SymbolEqualityComparer.Default.Equals(f.Type, field.Type));
    }

    private static bool IsCollectionValue(ITypeSymbol declared, MemberUsage usage) =>
        MutabilityJudge.IsCollection(declared) || (usage.AssignedTypes.Count > 0 && usage.AssignedTypes.All(MutabilityJudge.IsCollection));

    private static StateVerdict PlatformShared(ISymbol shared) => StateVerdict.Not("platform-shared", PlatformSharedReason(shared));

    private static string PlatformSharedReason(ISymbol shared) =>
        "holds " + shared.ContainingType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + "." + shared.Name +
        ", which the platform shares process-wide: every context would hold the same object, so moving it isolates nothing";

    private static StateVerdict Logger(ITypeSymbol stored) => StateVerdict.Not("logger", "a logger (" + Shown(stored) + "): a process-wide service");

    private static StateVerdict NotState(TypeJudgement value, ITypeSymbol stored) => value.Reason switch
    {
        ImmutabilityReason.Exception => StateVerdict.Not("exception", "a cached exception instance"),
        ImmutabilityReason.Logger => StateVerdict.Not("logger", "a logger (" + Shown(stored) + "): a process-wide service"),
        ImmutabilityReason.Stateless => StateVerdict.Not("stateless", Describe(value, stored)),
        ImmutabilityReason.ImmutableInEffect => StateVerdict.Not("immutable-in-effect", Describe(value, stored)),
        ImmutabilityReason.ReadOnlyView => StateVerdict.Not("sentinel", Describe(value, stored)),
        ImmutabilityReason.Configured => StateVerdict.Not("configured", Describe(value, stored)),
        _ => StateVerdict.Not("immutable-type", Describe(value, stored)),
    };

    private static string Describe(TypeJudgement value, ITypeSymbol stored) => value.Reason switch
    {
        ImmutabilityReason.Stateless => "a stateless " + Shown(stored) + ": no instance state",
        ImmutabilityReason.ImmutableInEffect => "immutable in effect: fields assigned only in construction" + (value.Detail is { } detail ? "; " + detail : string.Empty),
        ImmutabilityReason.ReadOnlyView => "seen only through a read-only interface",
        ImmutabilityReason.Configured => "listed in pernet.immutable_types",
        ImmutabilityReason.Exception => "a cached exception instance",
        ImmutabilityReason.Logger => "a logger",
        _ => Shown(stored) + " values cannot change",
    };

    private static string Shown(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
}
