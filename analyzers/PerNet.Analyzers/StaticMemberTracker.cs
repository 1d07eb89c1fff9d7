using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerNet.Analyzers;

/// <summary>
/// Collects, for the static members a rule chose, every reference inside the declaring type — its
/// other partial parts and its nested types included — and how it uses the member. One tracker per
/// rule per compilation. A type's symbol-start scope does not cover the code of its nested types, so
/// each type registers collection when it or any containing type has candidates, all feeding the
/// declaring type's map; the declaring type reports at its symbol end, which the driver runs after
/// its members (nested types are members) are done. Types with no candidates in their chain register
/// nothing, so code without static state costs only a member scan.
/// </summary>
internal sealed class StaticMemberTracker
{
    private readonly Func<INamedTypeSymbol, AnalyzerOptions, IReadOnlyCollection<ISymbol>> _selectCandidates;
    private readonly Action<SymbolAnalysisContext, IReadOnlyCollection<MemberUsage>> _onTypeEnd;
    private readonly ConcurrentDictionary<INamedTypeSymbol, Dictionary<ISymbol, MemberUsage>> _byType = new(SymbolEqualityComparer.Default);

    public StaticMemberTracker(
        Func<INamedTypeSymbol, AnalyzerOptions, IReadOnlyCollection<ISymbol>> selectCandidates,
        Action<SymbolAnalysisContext, IReadOnlyCollection<MemberUsage>> onTypeEnd)
    {
        _selectCandidates = selectCandidates;
        _onTypeEnd = onTypeEnd;
    }

    /// <summary>Registers a <see cref="OnTypeStart"/> for every named type of the compilation.</summary>
    public static void Register(
        CompilationStartAnalysisContext context,
        Func<INamedTypeSymbol, AnalyzerOptions, IReadOnlyCollection<ISymbol>> selectCandidates,
        Action<SymbolAnalysisContext, IReadOnlyCollection<MemberUsage>> onTypeEnd)
    {
        var tracker = new StaticMemberTracker(selectCandidates, onTypeEnd);
        context.RegisterSymbolStartAction(tracker.OnTypeStart, SymbolKind.NamedType);
    }

    private void OnTypeStart(SymbolStartAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var own = UsagesOf(type, context.Options);
        var visible = own;
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            var outerUsages = UsagesOf(outer, context.Options);
            if (outerUsages.Count == 0)
                continue;
            if (ReferenceEquals(visible, own))
                visible = new Dictionary<ISymbol, MemberUsage>(own, SymbolEqualityComparer.Default);
            foreach (var pair in outerUsages)
                visible[pair.Key] = pair.Value;
        }

        if (visible.Count == 0)
            return; // most types: nothing registered, nothing allocated

        var kinds = new List<OperationKind>();
        if (own.Count > 0)
            kinds.AddRange(new[] { OperationKind.FieldInitializer, OperationKind.PropertyInitializer });
        if (visible.Keys.Any(c => c is IFieldSymbol))
            kinds.Add(OperationKind.FieldReference);
        if (visible.Keys.Any(c => c is IPropertySymbol))
            kinds.Add(OperationKind.PropertyReference);
        if (visible.Keys.Any(c => c is IEventSymbol))
            kinds.Add(OperationKind.EventReference);

        context.RegisterOperationAction(c => OnOperation(c, visible), kinds.ToImmutableArray());
        if (own.Count > 0)
            context.RegisterSymbolEndAction(c => _onTypeEnd(c, own.Values));
    }

    private static readonly Dictionary<ISymbol, MemberUsage> s_none = new(SymbolEqualityComparer.Default);

    private Dictionary<ISymbol, MemberUsage> UsagesOf(INamedTypeSymbol type, AnalyzerOptions options) =>
        _byType.GetOrAdd(type.OriginalDefinition, t =>
        {
            var candidates = _selectCandidates(t, options);
            if (candidates.Count == 0)
                return s_none; // shared and never written: types without state cost no dictionary
            var usages = new Dictionary<ISymbol, MemberUsage>(SymbolEqualityComparer.Default);
            foreach (var candidate in candidates)
                usages[candidate] = new MemberUsage(candidate);
            return usages;
        });

    private static void OnOperation(OperationAnalysisContext context, Dictionary<ISymbol, MemberUsage> usages)
    {
        switch (context.Operation)
        {
            case IFieldInitializerOperation initializer:
                foreach (var field in initializer.InitializedFields)
                {
                    if (usages.TryGetValue(field.OriginalDefinition, out var usage))
                        RecordValue(usage, initializer.Value, context.Compilation);
                }

                break;

            case IPropertyInitializerOperation initializer:
                foreach (var property in initializer.InitializedProperties)
                {
                    if (usages.TryGetValue(property.OriginalDefinition, out var usage))
                        RecordValue(usage, initializer.Value, context.Compilation);
                }

                break;

            case IMemberReferenceOperation reference when usages.TryGetValue(reference.Member.OriginalDefinition, out var usage):
                var kind = Classify(reference);
                var inInitialization = IsInInitialization(reference, context.ContainingSymbol, usage.Member);
                usage.AddSite(new Site(reference.Syntax.GetLocation(), kind, inInitialization, kind == SiteKind.Mutate && ChangesElementObject(reference)));
                if (kind == SiteKind.Write && reference.Parent is ISimpleAssignmentOperation assignment)
                    RecordValue(usage, assignment.Value, context.Compilation);
                if (!inInitialization && kind == SiteKind.Read && ValueFlow.MayBeWritten(reference, context.Compilation, context.CancellationToken))
                    usage.MarkEscapes();
                break;
        }
    }

    /// <summary>Records the concrete type of a stored value, seen through conversions.</summary>
    private static void RecordValue(MemberUsage usage, IOperation value, Compilation compilation)
    {
        while (value is IConversionOperation conversion)
            value = conversion.Operand;

        switch (value)
        {
            case ICollectionExpressionOperation collection:
                usage.AddElementTypes(collection.Elements.Any(e => e is ISpreadOperation) ? null : ElementTypes(collection.Elements));
                // A collection expression behind IEnumerable<T>/IReadOnly*<T> is a compiler-made
                // read-only list: recorded as T[] so the judge treats it as a read-only view.
                var type = collection.Type is INamedTypeSymbol { TypeKind: TypeKind.Interface, TypeArguments.Length: 1 } view
                    ? compilation.CreateArrayTypeSymbol(view.TypeArguments[0])
                    : collection.Type;
                usage.AddAssignedValue(type, collection.Elements.IsEmpty && type is IArrayTypeSymbol);
                break;
            case IArrayCreationOperation creation:
                usage.AddAssignedValue(creation.Type, creation.DimensionSizes.All(d => d.ConstantValue is { HasValue: true, Value: 0 }));
                usage.AddElementTypes(creation.Initializer is { } initializer ? ElementTypes(initializer.ElementValues) : null);
                break;
            case IInvocationOperation { TargetMethod: { Name: "Empty", ContainingType.SpecialType: SpecialType.System_Array } } empty:
                usage.AddAssignedValue(empty.Type, isEmptyArray: true);
                break;
            case IObjectCreationOperation creation:
                usage.AddAssignedValue(creation.Type, IsEmptyView(creation));
                usage.AddElementTypes(null);
                usage.AddCreation(SetByInitializer(creation, toNull: false), SetByInitializer(creation, toNull: true));
                return;
            case IPropertyReferenceOperation { Property: { Name: "Empty", IsStatic: true } empty } when IsArrayView(empty.Type):
                usage.AddAssignedValue(empty.Type, isEmptyArray: true);
                break;
            default:
                usage.AddAssignedValue(value.Type, isEmptyArray: false);
                usage.AddElementTypes(null);
                break;
        }

        usage.AddCreation(null);
    }

    /// <summary>The members an object initializer sets to something that may not be null (or, <paramref name="toNull"/>, to null).</summary>
    private static IEnumerable<string> SetByInitializer(IObjectCreationOperation creation, bool toNull)
    {
        if (creation.Initializer is null)
            yield break;
        foreach (var initializer in creation.Initializer.Initializers)
        {
            switch (initializer)
            {
                case ISimpleAssignmentOperation { Target: IMemberReferenceOperation member } assignment:
                    var value = assignment.Value;
                    while (value is IConversionOperation conversion)
                        value = conversion.Operand;
                    var isNull = value.ConstantValue is { HasValue: true, Value: null } || value is IDefaultValueOperation;
                    if (isNull == toNull)
                        yield return member.Member.Name;
                    break;
                case IMemberInitializerOperation { InitializedMember: IMemberReferenceOperation nested } when !toNull:
                    yield return nested.Member.Name; // Items = { a, b }: fills what the member holds
                    break;
            }
        }
    }

    /// <summary><c>ArraySegment&lt;T&gt;</c> and <c>Memory&lt;T&gt;</c>: views that write through to an array.</summary>
    internal static bool IsArrayView(ITypeSymbol? type) =>
        type is INamedTypeSymbol named && TypeNames.QualifiedName(named) is "System.ArraySegment" or "System.Memory";

    /// <summary><c>new ArraySegment&lt;byte&gt;(array, 0, 0)</c>: a view of no elements, nothing can be written through it.</summary>
    private static bool IsEmptyView(IObjectCreationOperation creation) =>
        IsArrayView(creation.Type) && creation.Arguments.Length == 3 && creation.Arguments[2].Value.ConstantValue is { HasValue: true, Value: 0 };

    /// <summary>The types of the elements as created, seen through conversions (a <c>null</c> element has nothing to change).</summary>
    private static IEnumerable<ITypeSymbol?> ElementTypes(IEnumerable<IOperation> elements)
    {
        foreach (var element in elements)
        {
            var value = element;
            while (value is IConversionOperation conversion)
                value = conversion.Operand;
            if (value.ConstantValue is not { HasValue: true, Value: null })
                yield return value.Type;
        }
    }

    /// <summary><c>table[i].Process(..)</c>, <c>table[i].Count++</c>: the element's object changes, the array does not.</summary>
    private static bool ChangesElementObject(IOperation reference) =>
        reference.Parent is IArrayElementReferenceOperation element && element.ArrayReference == reference &&
        element.Type is { IsReferenceType: true } && element.Parent is IInvocationOperation or IMemberReferenceOperation or IConditionalAccessOperation &&
        Classify(element) == SiteKind.Mutate;

    /// <summary>
    /// Read, write or mutation. Writes are stores into the member itself; mutations change the
    /// object it holds (through a call, an indexer, an element or a member of it).
    /// </summary>
    internal static SiteKind Classify(IOperation operation)
    {
        var parent = operation.Parent;
        switch (parent)
        {
            case IAssignmentOperation assignment when assignment.Target == operation:
            case IIncrementOrDecrementOperation:
            case IAddressOfOperation:
            case IEventAssignmentOperation:
            case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out }:
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol.RefKind: RefKind.Ref } }:
            case ITupleOperation when IsDeconstructionTarget(parent):
                return SiteKind.Write;

            case IMemberReferenceOperation member when member.Instance == operation:
                return Through(operation, Classify(member) != SiteKind.Read);

            case IArrayElementReferenceOperation element when element.ArrayReference == operation:
                return Classify(element) != SiteKind.Read ? SiteKind.Mutate : SiteKind.Read;

            case IInvocationOperation invocation when invocation.Instance == operation:
                return Through(operation, !IsReadOnlyCall(invocation.TargetMethod, operation.Type));

            case IArgumentOperation { Parameter.Ordinal: 0, Parent: IInvocationOperation { TargetMethod.IsExtensionMethod: true } extension }:
                return Through(operation, !IsReadOnlyCall(extension.TargetMethod, operation.Type));

            case IConditionalAccessOperation conditional when conditional.Operation == operation:
                var instance = conditional.WhenNotNull.DescendantsAndSelf().OfType<IConditionalAccessInstanceOperation>().FirstOrDefault();
                return instance is null ? SiteKind.Read : Classify(instance);

            default:
                return SiteKind.Read;
        }
    }

    /// <summary>
    /// <see cref="Classify"/> for a reference found by syntax (a <c>FindReferences</c> hit): the member
    /// reference the name binds to, classified as the analyzers classify it; null when it binds to none.
    /// </summary>
    internal static SiteKind? ClassifyAt(SemanticModel model, SyntaxNode node, System.Threading.CancellationToken cancellationToken)
    {
        for (var current = node; current is not null && current is not Microsoft.CodeAnalysis.CSharp.Syntax.StatementSyntax; current = current.Parent)
        {
            if (model.GetOperation(current, cancellationToken) is IMemberReferenceOperation reference)
                return Classify(reference);
        }

        return null;
    }

    /// <summary>A change made through the value: of the member itself for a struct, of its object otherwise.</summary>
    private static SiteKind Through(IOperation operation, bool changes) =>
        !changes ? SiteKind.Read
        : operation.Type is { IsValueType: true } ? SiteKind.Write
        : SiteKind.Mutate;

    private static bool IsDeconstructionTarget(IOperation tuple)
    {
        var current = tuple;
        while (current.Parent is ITupleOperation outer)
            current = outer;
        return current.Parent is IDeconstructionAssignmentOperation deconstruction && deconstruction.Target == current;
    }

    private static readonly ImmutableArray<string> s_readOnlyPrefixes = ImmutableArray.Create(
        "Get", "TryGet", "TryPeek", "Peek", "Contains", "Find", "IndexOf", "LastIndexOf", "To", "CopyTo", "Equals",
        "Exists", "BinarySearch", "AsReadOnly", "ConvertAll", "Is", "Has", "Overlaps", "Compare", "Format",
        "Clone", "Count", "Match", "As", "Invoke", "BeginInvoke", "DynamicInvoke", "TryFormat", "Slice");

    private static readonly ImmutableArray<string> s_mutatingInfixes = ImmutableArray.Create(
        "OrAdd", "OrCreate", "OrUpdate", "AndSet", "AndReset", "AndRemove", "AndClear");

    /// <summary>
    /// Whether a call leaves the receiver as it was. Known by kind (delegates, readonly structs,
    /// LINQ, <c>object</c> members) or, for collections and builders, by the BCL's naming.
    /// </summary>
    internal static bool IsReadOnlyCall(IMethodSymbol method, ITypeSymbol? receiver)
    {
        if (receiver is { TypeKind: TypeKind.Delegate } or { SpecialType: SpecialType.System_String })
            return true;
        // Span<T> and Memory<T> are readonly structs that write through to what they view.
        var isView = receiver is INamedTypeSymbol named && TypeNames.QualifiedName(named) is "System.Span" or "System.Memory";
        if (!isView && (receiver?.IsReadOnly == true || method.IsReadOnly))
            return true;
        if (method.ContainingType?.SpecialType == SpecialType.System_Object)
            return true;
        if (method.ContainingNamespace?.ToDisplayString() == "System.Linq")
            return true;

        var name = method.Name;
        foreach (var infix in s_mutatingInfixes)
        {
            if (name.IndexOf(infix, StringComparison.Ordinal) >= 0)
                return false;
        }

        foreach (var prefix in s_readOnlyPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal) &&
                (name.Length == prefix.Length || char.IsUpper(name[prefix.Length])))
                return true;
        }

        return false;
    }

    private static bool IsInInitialization(IOperation operation, ISymbol containingSymbol, ISymbol member)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                return false; // runs later, whenever it is called
        }

        var owner = containingSymbol switch
        {
            IMethodSymbol { MethodKind: MethodKind.StaticConstructor } constructor => constructor.ContainingType,
            IFieldSymbol { IsStatic: true } field => field.ContainingType,
            IPropertySymbol { IsStatic: true } property => property.ContainingType,
            _ => null,
        };
        return owner is not null && SymbolEqualityComparer.Default.Equals(owner.OriginalDefinition, member.ContainingType?.OriginalDefinition);
    }

    /// <summary>
    /// Whether a reference (an array, a collection) leaves the member as something that can be written:
    /// stored, returned, passed to our own code or to a BCL method that fills it, viewed as a writable
    /// span. Indexing, <c>Length</c>/<c>Count</c>, read-only calls, <c>foreach</c>, read-only views and
    /// BCL readers do not hand it out.
    /// </summary>
    internal static bool EscapesAsWritable(IOperation operation)
    {
        switch (operation.Parent)
        {
            case IArrayElementReferenceOperation element when element.ArrayReference == operation:
                return false; // element writes are mutations, classified elsewhere
            case IPropertyReferenceOperation property when property.Instance == operation:
                return Classify(property) != SiteKind.Read;
            case IInvocationOperation invocation when invocation.Instance == operation:
                // On the array itself: CopyTo, Clone, GetValue.. (SetValue is a mutation, classified
                // elsewhere). On a span view of it: Fill, Clear.. write through.
                return operation.Type is not IArrayTypeSymbol && !IsReadOnlyCall(invocation.TargetMethod, operation.Type);
            case IForEachLoopOperation:
            case INameOfOperation:
            case ISpreadOperation:
            case IConditionalAccessOperation:
            case IBinaryOperation:
            case IIsPatternOperation:
            case IIsTypeOperation:
            case IExpressionStatementOperation:
                return false;
            case IConversionOperation { Parent: IArgumentOperation argument }:
                return ArgumentEscapes(argument); // byte[] passed as Array: judged by the method it goes to
            case IConversionOperation conversion:
                return !IsReadOnlyView(conversion.Type) &&
                       (!SymbolEqualityComparer.Default.Equals(conversion.Type, conversion.Operand.Type) || EscapesAsWritable(conversion));
            case IArgumentOperation argument:
                return ArgumentEscapes(argument);
            default:
                return true;
        }
    }

    private static bool ArgumentEscapes(IArgumentOperation argument)
    {
        if (argument.Parameter is not { } parameter || parameter.ContainingSymbol is not IMethodSymbol method)
            return true;
        if (IsReadOnlyView(parameter.Type))
            return false;
        if (method.Locations.Any(l => l.IsInSource))
            return true; // our own code may write it; we do not follow it

        var ns = method.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        if (!ns.StartsWith("System", StringComparison.Ordinal))
            return true;
        if (method.Name is "AsSpan" or "AsMemory" && argument.Parent is IInvocationOperation view)
            return EscapesAsWritable(view);
        return IsBclWriter(method, parameter);
    }

    /// <summary>BCL methods that write into an array argument; other BCL methods only read arrays.</summary>
    private static bool IsBclWriter(IMethodSymbol method, IParameterSymbol parameter)
    {
        var parameterName = parameter.Name;
        if (parameterName.StartsWith("dest", StringComparison.OrdinalIgnoreCase) ||
            parameterName.StartsWith("dst", StringComparison.OrdinalIgnoreCase) ||
            parameterName.StartsWith("output", StringComparison.OrdinalIgnoreCase))
            return true;

        var type = method.ContainingType?.Name;
        return (type, method.Name) switch
        {
            ("Array", "Sort" or "Reverse" or "Clear" or "Fill" or "Resize" or "Initialize") => true,
            ("Random" or "RandomNumberGenerator", _) => true,
            (_, "Read" or "ReadAsync" or "ReadExactly" or "ReadAtLeast" or "ReadBlock" or "Receive" or "ReceiveFrom" or "ReceiveAsync" or "Fill") => true,
            _ => false,
        };
    }

    private static bool IsReadOnlyView(ITypeSymbol? type) =>
        type is INamedTypeSymbol named &&
        TypeNames.QualifiedName(named) is "System.ReadOnlySpan" or "System.ReadOnlyMemory"
            or "System.Collections.Generic.IEnumerable" or "System.Collections.IEnumerable"
            or "System.Collections.Generic.IReadOnlyList" or "System.Collections.Generic.IReadOnlyCollection"
            or "System.Collections.Generic.IReadOnlyDictionary" or "System.Collections.Generic.IReadOnlySet";
}
