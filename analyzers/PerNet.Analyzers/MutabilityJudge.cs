using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PerNet.Analyzers;

/// <summary>
/// Decides whether a value of a type can change after it was stored in a <c>static readonly</c>
/// field. Immutable: primitives, string, enums, delegates, <c>Type</c>, <c>Immutable*</c>,
/// <c>Frozen*</c>, structs and classes whose instance fields are all (readonly and) immutable,
/// and types configured in <c>pernet.immutable_types</c>. Mutable: arrays, the BCL's collections,
/// builders and stateful helpers, classes with a writable field or settable property, and open
/// types (interfaces, abstract classes, <c>object</c> declared) whose concrete value is not visible.
/// One judge per compilation and configuration; results are cached.
/// </summary>
internal sealed class MutabilityJudge
{
    private static readonly ImmutableHashSet<string> s_immutableTypes = ImmutableHashSet.Create(
        "System.Type", "System.Uri", "System.Version", "System.Guid", "System.DateTimeOffset", "System.TimeSpan",
        "System.DateOnly", "System.TimeOnly", "System.Half", "System.Int128", "System.UInt128",
        "System.Numerics.BigInteger", "System.Net.IPAddress", "System.Net.NetworkInformation.PhysicalAddress",
        // Endpoints have setters but are values: keys of every socket and connection table, which changing one in
        // place would corrupt; published ones (well-known servers, a default bind address) are constants.
        "System.Net.IPEndPoint", "System.Net.DnsEndPoint",
        "System.Text.Encoding", "System.Text.CompositeFormat", "System.Globalization.CultureInfo",
        "System.StringComparer", "System.Text.RegularExpressions.Regex", "System.Threading.Lock",
        "System.Threading.CancellationToken", "System.ReadOnlyMemory", "System.TimeProvider",
        "System.Text.Json.JsonSerializerOptions",
        "System.Collections.Generic.EqualityComparer", "System.Collections.Generic.Comparer",
        "System.Collections.Generic.KeyValuePair", "System.Collections.ObjectModel.ReadOnlyCollection",
        "System.Collections.ObjectModel.ReadOnlyDictionary", "System.Nullable", "System.Tuple", "System.Lazy",
        "System.Collections.Generic.IEqualityComparer", "System.Collections.Generic.IComparer",
        "System.Reflection.MethodInfo", "System.Reflection.PropertyInfo", "System.Reflection.FieldInfo",
        "System.Reflection.ConstructorInfo", "System.Reflection.Assembly", "System.Reflection.MemberInfo");

    /// <summary>Generic wrappers whose immutability is that of their type arguments.</summary>
    private static readonly ImmutableHashSet<string> s_transparentGenerics = ImmutableHashSet.Create(
        "System.Nullable", "System.Tuple", "System.Lazy", "System.Collections.Generic.KeyValuePair",
        "System.Collections.ObjectModel.ReadOnlyCollection", "System.Collections.ObjectModel.ReadOnlyDictionary",
        "System.ReadOnlyMemory");

    private static readonly ImmutableHashSet<string> s_mutableTypes = ImmutableHashSet.Create(
        "System.Text.StringBuilder", "System.Random", "System.Diagnostics.Stopwatch", "System.Memory",
        "System.ArraySegment", "System.Collections.BitArray", "System.WeakReference",
        "System.Runtime.CompilerServices.ConditionalWeakTable");

    private static readonly ImmutableArray<string> s_immutableNamespaces = ImmutableArray.Create(
        "System.Collections.Immutable", "System.Collections.Frozen");

    private static readonly ImmutableArray<string> s_mutableNamespaces = ImmutableArray.Create(
        "System.Collections", "System.Collections.Generic", "System.Collections.Concurrent",
        "System.Collections.ObjectModel", "System.Collections.Specialized", "System.IO",
        "System.Threading", "System.Threading.Channels", "System.Net.Sockets", "System.Net.Http");

    /// <summary>Read-only views: a value behind one is judged by its element types.</summary>
    private static readonly ImmutableHashSet<string> s_readOnlyInterfaces = ImmutableHashSet.Create(
        "System.Collections.Generic.IEnumerable", "System.Collections.Generic.IReadOnlyCollection",
        "System.Collections.Generic.IReadOnlyList", "System.Collections.Generic.IReadOnlyDictionary",
        "System.Collections.Generic.IReadOnlySet");

    private static readonly ImmutableArray<string> s_collectionNamespaces = ImmutableArray.Create(
        "System.Collections", "System.Collections.Generic", "System.Collections.Concurrent",
        "System.Collections.ObjectModel", "System.Collections.Specialized");

    /// <summary>A BCL collection type: its mutations are calls the site collector classifies.</summary>
    public static bool IsCollection(ITypeSymbol type) =>
        type is INamedTypeSymbol named && s_collectionNamespaces.Contains(named.ContainingNamespace?.ToDisplayString() ?? string.Empty);

    private readonly ImmutableArray<string> _configuredImmutable;
    private readonly IAssemblySymbol? _assembly;
    private readonly ConcurrentDictionary<ITypeSymbol, TypeJudgement> _cache = new(SymbolEqualityComparer.Default);

    /// <param name="configuredImmutable">Types users declared immutable (<c>pernet.immutable_types</c>).</param>
    /// <param name="assembly">
    /// The assembly being analysed. Its own types are judged from their code; every other type — a
    /// package, or another project of the solution, whether it arrives as source (IDE, CLI) or as a
    /// reference assembly (build) — from its public surface, so every host reaches the same verdict.
    /// </param>
    /// <param name="writes">
    /// Assignments in the whole compilation: a public setter of our own type that only object
    /// initializers use does not make it mutable. Judgements are cached and shared by every state rule,
    /// so the index is built without one rule's cancellation.
    /// </param>
    public MutabilityJudge(ImmutableArray<string> configuredImmutable, IAssemblySymbol? assembly = null, CompilationWrites? writes = null)
    {
        _configuredImmutable = configuredImmutable;
        _assembly = assembly;
        _writes = writes;
    }

    private readonly CompilationWrites? _writes;

    /// <summary>
    /// Judges a stored value: the declared type when it is closed, otherwise the concrete types
    /// assigned to it (<paramref name="assignedTypes"/>); an open type with nothing visible is mutable.
    /// </summary>
    public bool IsImmutableValue(ITypeSymbol declared, IReadOnlyCollection<ITypeSymbol> assignedTypes) =>
        JudgeValue(declared, assignedTypes).IsImmutable;

    /// <summary><see cref="IsImmutableValue"/> with the reason: the declared type's, or that of the values assigned.</summary>
    public TypeJudgement JudgeValue(ITypeSymbol declared, IReadOnlyCollection<ITypeSymbol> assignedTypes)
    {
        var own = Judge(declared);
        if (IsSurelyImmutable(declared))
            return own.IsImmutable ? own : TypeJudgement.Immutable(ImmutabilityReason.ImmutableType);
        if (!IsOpen(declared) || assignedTypes.Count == 0)
            return own.IsImmutable ? TypeJudgement.Mutable : own;
        return All(assignedTypes, assigned => IsReadOnlyViewOfImmutable(declared, assigned)
            ? TypeJudgement.Immutable(ImmutabilityReason.ReadOnlyView)
            : Judge(assigned));
    }

    /// <summary>Several values stored in one member: immutable when each is (the first that is not, otherwise); mutable when there are none.</summary>
    private static TypeJudgement All<T>(IEnumerable<T> values, System.Func<T, TypeJudgement> judge)
    {
        TypeJudgement? combined = null;
        foreach (var value in values)
        {
            var judgement = judge(value);
            if (!judgement.IsImmutable)
                return judgement;
            combined = combined is { } previous ? previous.Combine(judgement) : judgement;
        }

        return combined ?? TypeJudgement.Mutable;
    }

    /// <summary>
    /// Immutable whatever value it holds: a closed immutable type, a configured type, or an interface
    /// known to be implemented only by immutable values. <c>object</c> and abstract classes are never sure.
    /// </summary>
    public bool IsSurelyImmutable(ITypeSymbol declared) =>
        SymbolFacts.IsError(declared) ||
        TypeNames.Matches(declared, _configuredImmutable) ||
        ((!IsOpen(declared) || declared.TypeKind == TypeKind.Interface) && IsImmutable(declared));

    public bool IsImmutable(ITypeSymbol type) => Judge(type).IsImmutable;

    /// <summary>
    /// For a struct of this assembly that only views arrays (every instance field readonly, each of an
    /// immutable type or an array of one: a span, a segment): the judgement of what its arrays hold;
    /// null for any other type. Such a value changes only if something writes through it, which the
    /// state model then looks for as it does for an array.
    /// </summary>
    public TypeJudgement? ArrayViewElements(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Struct } named || !IsOwn(named))
            return null;
        var arrays = 0;
        foreach (var field in named.GetMembers().OfType<IFieldSymbol>())
        {
            if (field.IsStatic || field.IsConst)
                continue;
            if (!field.IsReadOnly)
                return null;
            if (field.Type is IArrayTypeSymbol array)
            {
                if (!IsImmutable(array.ElementType))
                    return null;
                arrays++;
            }
            else if (!IsImmutable(field.Type))
            {
                return null;
            }
        }

        return arrays > 0 ? TypeJudgement.Immutable(ImmutabilityReason.ImmutableType) : null;
    }

    /// <summary>Whether values of <paramref name="type"/> can change, and why not when they cannot.</summary>
    public TypeJudgement Judge(ITypeSymbol type) => Judge(type, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default));

    /// <summary>Interfaces, abstract classes, <c>object</c> and type parameters: the value may be anything.</summary>
    public static bool IsOpen(ITypeSymbol type) =>
        type.TypeKind is TypeKind.Interface or TypeKind.TypeParameter ||
        type.SpecialType == SpecialType.System_Object ||
        (type.TypeKind == TypeKind.Class && type.IsAbstract);

    private TypeJudgement Judge(ITypeSymbol type, HashSet<ITypeSymbol> visiting)
    {
        if (_cache.TryGetValue(type, out var cached))
            return cached;
        if (!visiting.Add(type))
            return TypeJudgement.Immutable(ImmutabilityReason.ImmutableType); // a cycle: judged by the other members
        var result = Compute(type, visiting);
        visiting.Remove(type);
        if (visiting.Count == 0 || !result.IsImmutable)
            _cache.TryAdd(type, result); // inside a cycle an "immutable" is provisional
        return result;
    }

    private bool IsImmutable(ITypeSymbol type, HashSet<ITypeSymbol> visiting) => Judge(type, visiting).IsImmutable;

    private TypeJudgement Compute(ITypeSymbol type, HashSet<ITypeSymbol> visiting)
    {
        if (SymbolFacts.IsError(type))
            return TypeJudgement.Immutable(ImmutabilityReason.ImmutableType);
        if (TypeNames.Matches(type, _configuredImmutable))
            return TypeJudgement.Immutable(ImmutabilityReason.Configured);

        switch (type.SpecialType)
        {
            case SpecialType.System_Object: // a bare `new object()`, typically a lock
            case SpecialType.System_String:
            case SpecialType.System_Boolean:
            case SpecialType.System_Char:
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Decimal:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_IntPtr:
            case SpecialType.System_UIntPtr:
            case SpecialType.System_DateTime:
                return TypeJudgement.Immutable(ImmutabilityReason.ImmutableType);
        }

        switch (type.TypeKind)
        {
            case TypeKind.Enum:
            case TypeKind.Delegate:
            case TypeKind.Pointer:
            case TypeKind.FunctionPointer:
                return TypeJudgement.Immutable(ImmutabilityReason.ImmutableType);
            case TypeKind.Array:
            case TypeKind.TypeParameter:
            case TypeKind.Dynamic:
                return TypeJudgement.Mutable;
        }

        if (type is not INamedTypeSymbol named)
            return TypeJudgement.Mutable;

        if (KnownKinds.IsException(named))
            return TypeJudgement.Immutable(ImmutabilityReason.Exception);
        if (KnownKinds.IsLogger(named))
            return TypeJudgement.Immutable(ImmutabilityReason.Logger);

        var name = TypeNames.QualifiedName(named);
        if (s_transparentGenerics.Contains(name))
            return TypeArguments(named, visiting);
        if (s_immutableTypes.Contains(name))
            return TypeJudgement.Immutable(ImmutabilityReason.ImmutableType);
        var ns = named.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        if (s_immutableNamespaces.Contains(ns))
            return TypeArguments(named, visiting);
        if (s_mutableTypes.Contains(name) || s_mutableNamespaces.Contains(ns))
            return TypeJudgement.Mutable;
        if (named.TypeKind == TypeKind.Interface)
            return IsOwn(named) && !ApiVisibility.IsReachableFromOtherAssemblies(named) && ImplementationsImmutable(named, visiting)
                ? TypeJudgement.Immutable(ImmutabilityReason.Stateless, "every implementation of " + named.Name + " is immutable")
                : TypeJudgement.Mutable;
        if (named.IsTupleType)
            return named.TupleElements.All(e => IsImmutable(e.Type, visiting)) ? TypeJudgement.Immutable(ImmutabilityReason.ImmutableType) : TypeJudgement.Mutable;

        if (IsOwn(named))
            return SourceType(named, visiting);
        return DerivesFromImmutable(named) ? TypeJudgement.Immutable(ImmutabilityReason.ImmutableType) : MetadataType(named, visiting);
    }

    /// <summary>A type of another assembly deriving from a known immutable base (<c>UTF8Encoding</c> from <c>Encoding</c>).</summary>
    private static bool DerivesFromImmutable(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (s_immutableTypes.Contains(TypeNames.QualifiedName(current)))
                return true;
        }

        return false;
    }

    private TypeJudgement TypeArguments(INamedTypeSymbol named, HashSet<ITypeSymbol> visiting) =>
        named.TypeArguments.All(t => IsImmutable(t, visiting)) ? TypeJudgement.Immutable(ImmutabilityReason.ImmutableType) : TypeJudgement.Mutable;

    /// <summary>Declared in the assembly being analysed (with no assembly given: anywhere in source).</summary>
    private bool IsOwn(INamedTypeSymbol type) =>
        _assembly is null
            ? type.Locations.Any(l => l.IsInSource)
            : SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, _assembly) && type.Locations.Any(l => l.IsInSource);

    /// <summary>
    /// In our own code every field is visible, including those behind auto-properties. A field that is
    /// not readonly still cannot change when only construction assigns it, or when it is a memo that
    /// caches a value computed from the others (<see cref="InstanceFieldUse"/>). A private array filled
    /// at construction and never written or handed out afterwards is a constant table. A struct stored
    /// in a readonly field cannot be changed, so only what its fields reference matters.
    /// </summary>
    private TypeJudgement SourceType(INamedTypeSymbol type, HashSet<ITypeSymbol> visiting, Construction? made = null, int depth = 0)
    {
        var heldAsMade = new List<string>();
        var memos = new List<string>();
        var leftNull = new List<string>();
        var inEffect = false;
        var ownCode = false;
        var anyField = false;
        var valueEquality = HasValueEquality(type);
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (!IsOwn(current))
            {
                if (s_immutableTypes.Contains(TypeNames.QualifiedName(current)) || DerivesFromImmutable(current))
                    break; // a comparer, an encoding: the base holds nothing that changes
                var inherited = MetadataType(current, visiting);
                if (!inherited.IsImmutable)
                    return inherited;
                anyField |= inherited.Reason != ImmutabilityReason.Stateless;
                break;
            }

            InstanceFieldUse? use = null;
            foreach (var field in current.GetMembers().OfType<IFieldSymbol>())
            {
                if (field.IsStatic || field.IsConst)
                    continue;
                anyField = true;
                var shown = field.AssociatedSymbol ?? field;
                use ??= InstanceFieldUse.Of(current);
                if (made is not null && SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, made.Type) && KeepsWhatConstructionStored(field, shown, use, ref ownCode) &&
                    made.ValuesOf(field) is var values && HeldValuesImmutable(values, visiting, depth, ref ownCode))
                {
                    heldAsMade.Add(shown.Name + (values.Count == 0 ? (field.Type.IsReferenceType ? " left null" : " left default") : " holds " + string.Join(", ", values.Select(Shown).Distinct())));
                    continue; // this object holds in it only what its construction stored, which cannot change
                }

                if (IsAlwaysDefault(field, shown, use))
                    continue; // never given a value: it holds nothing that could change
                if (field.Type is IArrayTypeSymbol array)
                {
                    var memo = !field.IsReadOnly && !use.IsAssignedOnlyInConstruction(shown.Name) && use.IsIdempotentMemo(shown.Name);
                    if (!(field.IsReadOnly || use.IsAssignedOnlyInConstruction(shown.Name) || memo))
                        return TypeJudgement.MutableBecause(Evidence(current, shown, "an array assigned after construction" + use.WhereWrittenAfterConstruction(shown.Name)));
                    if (!IsImmutable(array.ElementType, visiting))
                        return TypeJudgement.MutableBecause(Evidence(current, shown, "an array of " + array.ElementType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + ", which can change"));
                    if (!(use.IsConstantArray(field, shown.Name, valueEquality) || OnlyReadAfterConstruction(field, valueEquality)))
                        return TypeJudgement.MutableBecause(Evidence(current, shown, "an array written after construction, or handed to code that may write it"));
                    if (memo)
                        memos.Add(shown.Name);
                    inEffect = true;
                    continue;
                }

                if (type.IsReferenceType && !field.IsReadOnly)
                {
                    use ??= InstanceFieldUse.Of(current);
                    if (WritableFromOutside(shown) && !IsInitOnly(shown))
                    {
                        // Code elsewhere may assign it: in this assembly we can see whether it does.
                        if (_writes is null || _writes.IsAssignedOutsideInitializers(shown, CancellationToken.None))
                            return TypeJudgement.MutableBecause(Evidence(current, shown, "writable from outside the type, and assigned there"));
                        ownCode |= ApiVisibility.IsPublicApi(shown); // the library's users could assign it; otherwise this compilation's code is all that can
                    }

                    if (use.IsAssignedOnlyInConstruction(shown.Name))
                        inEffect = true;
                    else if (use.IsIdempotentMemo(shown.Name))
                        memos.Add(shown.Name);
                    else
                        return TypeJudgement.MutableBecause(Evidence(current, shown, "assigned after construction" + use.WhereWrittenAfterConstruction(shown.Name)));
                }

                if (field.Type.TypeKind == TypeKind.TypeParameter && (field.IsReadOnly || type.IsValueType))
                    continue; // what a T holds is the caller's value; the object cannot change which one
                if (IsReadOnlyViewOfImmutable(field.Type, visiting))
                    continue; // IReadOnlyList<T> of immutable T: nothing can be changed through it
                if (field.Type is INamedTypeSymbol { TypeKind: TypeKind.Class, IsAbstract: true } open && IsOwn(open) && !DerivedTypesImmutable(open, visiting))
                    return TypeJudgement.MutableBecause(Evidence(current, shown, "holds any subclass of " + open.Name)); // an abstract class of its own holds any of its subclasses: a pool's base, say
                if (IsImmutable(field.Type, visiting))
                    continue;
                if ((field.IsReadOnly || use.IsAssignedOnlyInConstruction(shown.Name)) && IsCollection(field.Type) && field.Type is INamedTypeSymbol collection &&
                    collection.TypeArguments.All(t => IsImmutable(t, visiting)) && OnlyReadAfterConstruction(field, valueEquality))
                {
                    inEffect = true; // a private list filled while the instance is built, afterwards only read
                    continue;
                }

                if (type.IsReferenceType && field.Type.IsReferenceType && IsOnlyInitializerAssigned(shown, use))
                {
                    leftNull.Add(shown.Name); // a list property set only in object initializers: null unless one sets it
                    continue;
                }

                return TypeJudgement.MutableBecause(Evidence(current, shown, "holds a " + field.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + ", which can change"));
            }
        }

        if (leftNull.Count > 0)
            return TypeJudgement.MutableUnlessNull(leftNull, ownCode);
        if (heldAsMade.Count > 0)
            return TypeJudgement.Immutable(ImmutabilityReason.ImmutableInEffect, "as made here: " + string.Join("; ", heldAsMade), ownCode);
        if (memos.Count > 0)
            return TypeJudgement.Immutable(ImmutabilityReason.ImmutableInEffect, "memo fields: " + string.Join(", ", memos), ownCode);
        if (inEffect || ownCode)
            return TypeJudgement.Immutable(ImmutabilityReason.ImmutableInEffect, ownCode ? "its setters are used only in object initializers" : valueEquality ? "value equality; fields written only while an instance is built" : null, ownCode);
        return TypeJudgement.Immutable(anyField ? ImmutabilityReason.ImmutableType : ImmutabilityReason.Stateless);
    }

    /// <summary>How deep <see cref="JudgeBound"/> follows a value into the objects and statics that make it.</summary>
    private const int MadeDepth = 4;

    /// <summary>
    /// The judgement of the objects <paramref name="creations"/> make, each by what its construction stores in it
    /// (<see cref="Construction"/>): a class with a field of a type that can change holds nothing that can when that
    /// field is left null, or given a value that cannot change, by the constructor called. Falls back to the class's
    /// judgement wherever the construction is not plain code of this compilation.
    /// </summary>
    public TypeJudgement JudgeMade(IReadOnlyList<IObjectCreationOperation> creations) =>
        All(creations, creation => JudgeMade(creation, BoundValue.NoArguments, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default), 0));

    private TypeJudgement JudgeMade(IObjectCreationOperation creation, ImmutableDictionary<IParameterSymbol, BoundValue> arguments, HashSet<ITypeSymbol> visiting, int depth)
    {
        if (creation.Type is not INamedTypeSymbol type)
            return TypeJudgement.Mutable;
        var general = Judge(type, visiting);
        if (general.IsImmutable || _writes is null || !IsOwn(type) || IsCollection(type) ||
            Construction.Of(creation, arguments, _writes.Compilation, CancellationToken.None) is not { } made || !visiting.Add(type))
            return general;
        var result = SourceType(type, visiting, made, depth);
        visiting.Remove(type);
        return result;
    }

    /// <summary>
    /// What a value made by this compilation's code holds: a constant, null, an object judged by its construction, a
    /// static whose one value is known, a parameter by what the call handed it. Null for any other value: the field
    /// that holds it is judged as its class declares it (an abstract pool by every subclass, an interface by who may
    /// implement it), not by the static type of an expression.
    /// </summary>
    private TypeJudgement? JudgeBound(BoundValue bound, HashSet<ITypeSymbol> visiting, int depth)
    {
        var value = Unwrapped(bound.Value);
        if (value.ConstantValue.HasValue || value is IDefaultValueOperation)
            return TypeJudgement.Immutable(ImmutabilityReason.ImmutableType);
        switch (value)
        {
            case IParameterReferenceOperation parameter when bound.Arguments.TryGetValue(parameter.Parameter.OriginalDefinition, out var argument):
                return JudgeBound(argument, visiting, depth);
            case IObjectCreationOperation creation when depth < MadeDepth:
                return JudgeMade(creation, bound.Arguments, visiting, depth + 1);
            case IMemberReferenceOperation { Instance: null, Member: var member } when depth < MadeDepth && _writes is not null && member.ContainingType is { } owner && IsOwn(owner) &&
                                                                                 Construction.StaticValue(member, _writes.Compilation, CancellationToken.None) is { } always:
                return JudgeBound(new BoundValue(always, BoundValue.NoArguments), visiting, depth + 1);
        }

        return null;
    }

    /// <summary>Every value <paramref name="values"/> names cannot change; one that relies on this compilation's code passes that on.</summary>
    private bool HeldValuesImmutable(IReadOnlyList<BoundValue> values, HashSet<ITypeSymbol> visiting, int depth, ref bool ownCode)
    {
        foreach (var value in values)
        {
            if (JudgeBound(value, visiting, depth) is not { IsImmutable: true } judged)
                return false;
            ownCode |= judged.ReliesOnOwnCode;
        }

        return true;
    }

    /// <summary>
    /// After construction nothing changes which object the field holds: it is readonly, or only construction assigns it
    /// (a setter others may use counts when this compilation never assigns it outside object initializers, and then the
    /// judgement relies on this compilation's code).
    /// </summary>
    private bool KeepsWhatConstructionStored(IFieldSymbol field, ISymbol shown, InstanceFieldUse use, ref bool ownCode)
    {
        if (field.IsReadOnly)
            return true;
        if (field.Type.IsValueType)
            return false; // a struct field changes in place (`_acc.Add(x)`), which no assignment shows
        if (!use.IsAssignedOnlyInConstruction(shown.Name))
            return false;
        if (!WritableFromOutside(shown) || IsInitOnly(shown))
            return true;
        if (_writes is null || _writes.IsAssignedOutsideInitializers(shown, CancellationToken.None))
            return false;
        ownCode |= ApiVisibility.IsPublicApi(shown);
        return true;
    }

    /// <summary>The expression that makes the value, through the parameters that handed it on: <c>new MalformedPdu()</c>.</summary>
    private static string Shown(BoundValue bound)
    {
        var value = Unwrapped(bound.Value);
        if (value is IParameterReferenceOperation parameter && bound.Arguments.TryGetValue(parameter.Parameter.OriginalDefinition, out var argument))
            return Shown(argument);
        var text = value.Syntax.ToString();
        return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
    }

    /// <summary>The value under implicit conversions, parentheses and an argument check (<c>x ?? throw ..</c>).</summary>
    private static IOperation Unwrapped(IOperation value)
    {
        while (true)
        {
            switch (value)
            {
                case IConversionOperation { IsImplicit: true, Conversion.IsUserDefined: false } conversion when !(conversion.Operand.Type is { IsValueType: true } && conversion.Type is { IsReferenceType: true }):
                    value = conversion.Operand; // a user-defined conversion runs code; a boxed struct changes in place
                    continue;
                case IParenthesizedOperation parenthesized:
                    value = parenthesized.Operand;
                    continue;
                case ICoalesceOperation { WhenNull: IThrowOperation or IConversionOperation { Operand: IThrowOperation } } checkedValue:
                    value = checkedValue.Value;
                    continue;
                default:
                    return value;
            }
        }
    }

    /// <summary>"Header._container: assigned after construction" — the evidence a verdict names.</summary>
    private static string Evidence(INamedTypeSymbol type, ISymbol member, string what) => type.Name + "." + member.Name + ": " + what;

    private ILookup<ISymbol?, INamedTypeSymbol>? _derived; // built once; a race builds the same lookup twice

    /// <summary>
    /// Whether every class of this assembly that derives from <paramref name="open"/> (an abstract class of its own) is
    /// immutable: a field declared as the base holds one of them (<c>ObjectPool&lt;T&gt;</c> with a
    /// <c>DefaultObjectPool&lt;T&gt;</c> that changes on every <c>Get</c>).
    /// </summary>
    private ILookup<ISymbol?, INamedTypeSymbol>? _implementations; // built once; a race builds the same lookup twice

    /// <summary>
    /// An interface no other assembly can implement (this assembly's, not visible to others): every class or struct of
    /// this assembly that implements it is immutable, and there is at least one.
    /// </summary>
    private bool ImplementationsImmutable(INamedTypeSymbol iface, HashSet<ITypeSymbol> visiting)
    {
        if (_assembly is null)
            return false;
        var implementations = _implementations ??= AllTypes(_assembly.GlobalNamespace)
            .Where(t => t.TypeKind is TypeKind.Class or TypeKind.Struct)
            .SelectMany(t => t.AllInterfaces.Select(i => (Interface: i.OriginalDefinition, Type: t)))
            .ToLookup(p => (ISymbol?)p.Interface, p => p.Type, SymbolEqualityComparer.Default);
        var found = implementations[iface.OriginalDefinition].ToList();
        return found.Count > 0 && found.All(t => IsImmutable(t, visiting));
    }

    private bool DerivedTypesImmutable(INamedTypeSymbol open, HashSet<ITypeSymbol> visiting)
    {
        if (_assembly is null)
            return false;
        var derived = _derived ??= AllTypes(_assembly.GlobalNamespace)
            .SelectMany(t => BaseClasses(t).Select(b => (Base: b, Type: t)))
            .ToLookup(p => p.Base, p => p.Type, SymbolEqualityComparer.Default);
        return derived[open.OriginalDefinition].All(t => IsImmutable(t, visiting));

        static IEnumerable<INamedTypeSymbol> BaseClasses(INamedTypeSymbol type)
        {
            for (var current = type.BaseType; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
                yield return current.OriginalDefinition;
        }
    }

    private static IEnumerable<INamedTypeSymbol> AllTypes(INamespaceSymbol ns)
    {
        foreach (var member in ns.GetMembers())
        {
            if (member is INamespaceSymbol inner)
            {
                foreach (var type in AllTypes(inner))
                    yield return type;
            }
            else if (member is INamedTypeSymbol type)
            {
                foreach (var nested in Nested(type))
                    yield return nested;
            }
        }

        static IEnumerable<INamedTypeSymbol> Nested(INamedTypeSymbol type)
        {
            yield return type;
            foreach (var inner in type.GetTypeMembers())
            {
                foreach (var nested in Nested(inner))
                    yield return nested;
            }
        }
    }

    /// <summary>
    /// Neither its declaration, nor a constructor, nor any later code of the type assigns it, and code
    /// elsewhere only in object initializers: an instance holds in it what its creator put there.
    /// </summary>
    /// <summary>
    /// A field the library's users cannot reach (private, or internal to this assembly) followed through this
    /// compilation's code (<see cref="ValueFlow.OnlyReadAfterConstruction"/>): after an instance is built, everything
    /// that reaches what it holds only reads it.
    /// </summary>
    private bool OnlyReadAfterConstruction(IFieldSymbol field, bool valueEquality) =>
        _writes is { } writes && !ApiVisibility.IsPublicApi(field.AssociatedSymbol ?? field) &&
        ValueFlow.OnlyReadAfterConstruction(field, writes.Compilation, valueEquality, CancellationToken.None);

    /// <summary>A readonly field (or get-only auto-property) with no initializer but <c>null</c>/<c>default</c> that no constructor assigns.</summary>
    private static bool IsAlwaysDefault(IFieldSymbol field, ISymbol shown, InstanceFieldUse use) =>
        field.IsReadOnly && !use.IsAssignedInConstruction(shown.Name) && !field.Type.IsValueType &&
        shown.DeclaringSyntaxReferences.Length == 1 &&
        SymbolFacts.Initializer(shown) switch
        {
            null => true,
            Microsoft.CodeAnalysis.CSharp.Syntax.PostfixUnaryExpressionSyntax { Operand: var operand } suppressed when suppressed.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.SuppressNullableWarningExpression) => InstanceFieldUse.IsDefaultLiteral(operand),
            var value => InstanceFieldUse.IsDefaultLiteral(value),
        };

    private bool IsOnlyInitializerAssigned(ISymbol member, InstanceFieldUse use) =>
        !use.IsAssignedInConstruction(member.Name) && use.IsAssignedOnlyInConstruction(member.Name) && SymbolFacts.Initializer(member) is null &&
        (!WritableFromOutside(member) || (_writes is not null && !_writes.IsAssignedOutsideInitializers(member, CancellationToken.None)));

    /// <summary>
    /// The type declares value equality (overrides <c>Equals(object)</c> and <c>GetHashCode</c>): the
    /// design guidelines reserve that for immutable types, so arrays it shares with its own helpers
    /// are its representation, not something handed out — still mutable if it writes their elements.
    /// </summary>
    private static bool HasValueEquality(INamedTypeSymbol type) =>
        type.IsReferenceType &&
        type.GetMembers("Equals").Any(m => m is IMethodSymbol { IsOverride: true, Parameters.Length: 1 } equals && equals.Parameters[0].Type.SpecialType == SpecialType.System_Object) &&
        type.GetMembers("GetHashCode").Any(m => m is IMethodSymbol { IsOverride: true, Parameters.Length: 0 });

    /// <summary>Assignable by code outside the type: a non-private field, or a property whose setter is not private.</summary>
    private static bool WritableFromOutside(ISymbol member) => member switch
    {
        IPropertySymbol property => property.SetMethod is { DeclaredAccessibility: not Accessibility.Private },
        _ => member.DeclaredAccessibility != Accessibility.Private,
    };

    private static bool IsInitOnly(ISymbol member) => member is IPropertySymbol { SetMethod.IsInitOnly: true };

    /// <summary>
    /// Metadata hides private fields, so a type from another assembly is judged by its public surface:
    /// a settable property or writable field makes it mutable; with no instance surface at all it is stateless.
    /// </summary>
    private TypeJudgement MetadataType(INamedTypeSymbol type, HashSet<ITypeSymbol> visiting)
    {
        var anyState = false;
        var ownCode = false;
        var setToNull = new List<string>();
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member.IsStatic || member.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
                    continue;
                switch (member)
                {
                    case IFieldSymbol { IsConst: false } field:
                        anyState = true;
                        if ((type.IsReferenceType && !field.IsReadOnly) || !IsImmutable(field.Type, visiting))
                            return TypeJudgement.Mutable;
                        break;
                    case IPropertySymbol { SetMethod: { IsInitOnly: false } setter } property when type.IsReferenceType &&
                        setter.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal:
                        // A data object of a library this one uses: mutable unless this assembly sets
                        // its properties only while building instances (and leaves list members null).
                        if (_writes is null || _assembly is null || _writes.IsAssignedOutsideInitializers(property, CancellationToken.None))
                            return TypeJudgement.Mutable;
                        ownCode = anyState = true;
                        if (!IsImmutable(property.Type, visiting))
                        {
                            if (!property.Type.IsReferenceType)
                                return TypeJudgement.Mutable;
                            setToNull.Add(property.Name);
                        }

                        break;
                    case IPropertySymbol { IsIndexer: false }:
                        anyState = true;
                        break;
                }
            }
        }

        // Its private fields are not visible here: a pool (Get/Return), a limiter (Acquire/Release)
        // keeps state behind methods. A data object, or a type without public state, is taken at its
        // word only when every public method reads by its name (Compare, Equals, TryFormat...) the way
        // the BCL names readers.
        if ((ownCode || !(anyState || type.IsValueType)) && HasChangingMethods(type))
            return TypeJudgement.Mutable;
        if (setToNull.Count > 0)
            return TypeJudgement.MutableUnlessNull(setToNull, reliesOnOwnCode: true, nullMustBeExplicit: true);
        if (ownCode)
            return TypeJudgement.Immutable(ImmutabilityReason.ImmutableInEffect, "its setters are used here only in object initializers", reliesOnOwnCode: true);
        return anyState || type.IsValueType ? TypeJudgement.Immutable(ImmutabilityReason.ImmutableType) : TypeJudgement.Immutable(ImmutabilityReason.Stateless);
    }

    private static bool HasChangingMethods(INamedTypeSymbol type)
    {
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var method in current.GetMembers().OfType<IMethodSymbol>())
            {
                if (method is { IsStatic: false, MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Public } &&
                    !method.Name.StartsWith("Get", System.StringComparison.Ordinal) && !StaticMemberTracker.IsReadOnlyCall(method, type))
                    return true;
            }
        }

        return false;
    }

    private bool IsReadOnlyViewOfImmutable(ITypeSymbol declared, HashSet<ITypeSymbol> visiting) =>
        IsOpenReadOnlyView(declared) && ((INamedTypeSymbol)declared).TypeArguments.All(t => IsImmutable(t, visiting));

    internal static bool IsOpenReadOnlyView(ITypeSymbol declared) =>
        declared is INamedTypeSymbol { TypeKind: TypeKind.Interface } named &&
        s_readOnlyInterfaces.Contains(TypeNames.QualifiedName(named));

    /// <summary>
    /// An array (or a collection expression, recorded as an array by the site collector) behind a
    /// read-only interface cannot be written through it; it is immutable when its elements are.
    /// </summary>
    private bool IsReadOnlyViewOfImmutable(ITypeSymbol declared, ITypeSymbol assigned) =>
        IsOpenReadOnlyView(declared) && assigned is IArrayTypeSymbol array && IsImmutable(array.ElementType);
}
