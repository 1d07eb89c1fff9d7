using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace PerNet.Analyzers;

/// <summary>
/// A value as one expression of this compilation makes it: the operation, and what the parameters it may read were
/// handed at the call that got there (<c>new Scope(new MalformedPdu())</c> → <c>Pdu = pdu</c>, with <c>pdu</c> bound to
/// <c>new MalformedPdu()</c>).
/// </summary>
internal readonly struct BoundValue
{
    public BoundValue(IOperation value, ImmutableDictionary<IParameterSymbol, BoundValue> arguments)
    {
        Value = value;
        Arguments = arguments;
    }

    public IOperation Value { get; }

    public ImmutableDictionary<IParameterSymbol, BoundValue> Arguments { get; }

    public static ImmutableDictionary<IParameterSymbol, BoundValue> NoArguments { get; } =
        ImmutableDictionary.Create<IParameterSymbol, BoundValue>(SymbolEqualityComparer.Default);

    /// <summary>The parameters of <paramref name="call"/>'s target bound to its arguments, each read where the call is.</summary>
    public static ImmutableDictionary<IParameterSymbol, BoundValue> Bind(ImmutableArray<IArgumentOperation> call, ImmutableDictionary<IParameterSymbol, BoundValue> outer)
    {
        var bound = NoArguments.ToBuilder();
        foreach (var argument in call)
        {
            if (argument.Parameter is { } parameter && argument.ArgumentKind != ArgumentKind.ParamArray)
                bound[parameter.OriginalDefinition] = new BoundValue(argument.Value, outer);
        }

        return bound.ToImmutable();
    }
}

/// <summary>
/// What one <c>new C(..)</c> of this compilation puts into the fields <c>C</c> declares: the constructor it calls,
/// followed through <c>this(..)</c> to the one that runs the field initializers, with each parameter bound to what the
/// call handed it. A field no part of that path assigns holds null (or its default) in the object made. Only a path
/// whose code is plain — assignments to the object's own fields and auto-properties, reads, argument checks — is
/// read; one that calls the object's methods, hands <c>this</c> on, or captures it in a lambda is not known.
/// Used by <see cref="MutabilityJudge"/> to judge one object by what it holds rather than by its class's field types:
/// a scope made from a PDU alone holds no sequence; a provider made with a stateless default holds no open interface.
/// </summary>
internal sealed class Construction
{
    private Construction(INamedTypeSymbol type, Dictionary<IFieldSymbol, List<BoundValue>> assigned)
    {
        Type = type;
        _assigned = assigned;
    }

    private readonly Dictionary<IFieldSymbol, List<BoundValue>> _assigned;

    /// <summary>The class made, as declared (a generic one's definition: its code is bound in terms of its type parameters).</summary>
    public INamedTypeSymbol Type { get; }

    /// <summary>Every value the construction path may store in <paramref name="field"/>; empty when it stores none.</summary>
    public IReadOnlyList<BoundValue> ValuesOf(IFieldSymbol field) =>
        _assigned.TryGetValue(field.OriginalDefinition, out var values) ? values : (IReadOnlyList<BoundValue>)System.Array.Empty<BoundValue>();

    /// <summary>How <paramref name="creation"/> fills its object's own fields, or null when its path is not plain code of this compilation.</summary>
    public static Construction? Of(IObjectCreationOperation creation, ImmutableDictionary<IParameterSymbol, BoundValue> outer, Compilation compilation, CancellationToken cancellationToken)
    {
        if (creation.Constructor?.OriginalDefinition is not { } constructor || creation.Type?.OriginalDefinition is not INamedTypeSymbol { TypeKind: TypeKind.Class } type ||
            creation.Initializer is { Initializers.Length: > 0 } || OverridesOwnCode(type))
            return null; // a base constructor of this compilation may call an override that assigns the type's fields
        var assigned = new Dictionary<IFieldSymbol, List<BoundValue>>(SymbolEqualityComparer.Default);
        var arguments = BoundValue.Bind(creation.Arguments, outer);
        for (var hops = 0; hops < 8; hops++)
        {
            if (constructor.IsImplicitlyDeclared)
                return FieldInitializers(type, assigned, compilation, cancellationToken) ? new Construction(type, assigned) : null;
            if (constructor.DeclaringSyntaxReferences.Length != 1 ||
                constructor.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not ConstructorDeclarationSyntax declaration ||
                !compilation.ContainsSyntaxTree(declaration.SyntaxTree) ||
                SemanticModels.For(compilation, declaration.SyntaxTree).GetOperation(declaration, cancellationToken) is not IConstructorBodyOperation body)
                return null;
            // A parameter the body changes before it stores it (`l ??= new()`, `Normalize(ref l)`) no longer holds the argument.
            var stored = arguments.RemoveRange(ChangedParameters(body));
            foreach (var part in new IOperation?[] { body.BlockBody, body.ExpressionBody })
            {
                if (part is not null && !Assignments(part, type, stored, assigned))
                    return null;
            }

            var chained = (body.Initializer as IExpressionStatementOperation)?.Operation as IInvocationOperation ?? body.Initializer as IInvocationOperation;
            if (chained is not null && chained.Arguments.Any(a => ThisEscapes(a.Value)))
                return null;
            if (chained?.TargetMethod.OriginalDefinition is { } next && SymbolEqualityComparer.Default.Equals(next.ContainingType, type))
            {
                arguments = BoundValue.Bind(chained.Arguments, arguments);
                constructor = next;
                continue;
            }

            return FieldInitializers(type, assigned, compilation, cancellationToken) ? new Construction(type, assigned) : null;
        }

        return null;
    }

    /// <summary>
    /// Records the assignments <paramref name="code"/> makes to the object's own fields; false when it does anything
    /// else with the object (calls its methods or setters, hands it on, captures it).
    /// </summary>
    private static bool Assignments(IOperation code, INamedTypeSymbol type, ImmutableDictionary<IParameterSymbol, BoundValue> arguments, Dictionary<IFieldSymbol, List<BoundValue>> assigned)
    {
        foreach (var operation in code.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return false;
                case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } self:
                    if (!IsOwnMemberAccess(self.Parent, type))
                        return false;
                    break;
                case ISimpleAssignmentOperation { Target: var target } assignment when OwnField(target, type) is { } field:
                    Record(assigned, field, new BoundValue(assignment.Value, arguments));
                    break;
                case IMemberReferenceOperation { Instance: IInstanceReferenceOperation } reference when reference.Parent is not ISimpleAssignmentOperation &&
                                                                                                       StaticMemberTracker.Classify(reference) != SiteKind.Read &&
                                                                                                       OwnField(reference, type) is { } changed:
                    Record(assigned, changed, new BoundValue(reference, arguments)); // this.count++, this.list.Add(..), out this.field: known only by its type
                    break;
            }
        }

        return true;
    }

    /// <summary>The parameters <paramref name="body"/> assigns, increments, or hands on by <c>ref</c>/<c>out</c> (or to a <c>ref</c> local).</summary>
    private static IEnumerable<IParameterSymbol> ChangedParameters(IOperation body) =>
        body.DescendantsAndSelf().OfType<IParameterReferenceOperation>().Where(p => p.Parent switch
        {
            IAssignmentOperation assignment => assignment.Target == p,
            IIncrementOrDecrementOperation => true,
            IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } => true,
            ITupleOperation => true, // (a, b) = ..: a deconstruction may assign it
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol.RefKind: not RefKind.None } } => true,
            _ => false,
        }).Select(p => p.Parameter.OriginalDefinition).Distinct<IParameterSymbol>(SymbolEqualityComparer.Default);

    /// <summary><c>this.field</c>, or an auto-property of the type read or assigned: no code of the object runs.</summary>
    private static bool IsOwnMemberAccess(IOperation? parent, INamedTypeSymbol type) => parent switch
    {
        IFieldReferenceOperation => true,
        IPropertyReferenceOperation { Property: var property } => SymbolFacts.BackingField(property) is not null &&
                                                                  SymbolEqualityComparer.Default.Equals(property.ContainingType.OriginalDefinition, type),
        _ => false,
    };

    private static IFieldSymbol? OwnField(IOperation target, INamedTypeSymbol type) => target switch
    {
        IFieldReferenceOperation { Instance: IInstanceReferenceOperation, Field: var field } when SymbolEqualityComparer.Default.Equals(field.ContainingType.OriginalDefinition, type) => field.OriginalDefinition,
        IPropertyReferenceOperation { Instance: IInstanceReferenceOperation, Property: var property } when SymbolEqualityComparer.Default.Equals(property.ContainingType.OriginalDefinition, type) =>
            SymbolFacts.BackingField(property.OriginalDefinition),
        _ => null,
    };

    private static bool OverridesOwnCode(INamedTypeSymbol type) =>
        type.GetMembers().Any(m => m is IMethodSymbol { IsOverride: true, OverriddenMethod: { } overridden } && overridden.Locations.Any(l => l.IsInSource));

    private static bool ThisEscapes(IOperation value) =>
        value.DescendantsAndSelf().Any(o => o is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance });

    /// <summary>The initializers of the type's instance fields and auto-properties, run by the constructor that does not chain to <c>this(..)</c>.</summary>
    private static bool FieldInitializers(INamedTypeSymbol type, Dictionary<IFieldSymbol, List<BoundValue>> assigned, Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var field in type.GetMembers().OfType<IFieldSymbol>())
        {
            if (field.IsStatic || field.IsConst)
                continue;
            var shown = field.AssociatedSymbol ?? field;
            if (SymbolFacts.Initializer(shown) is null)
                continue;
            if (Initialized(shown, compilation, cancellationToken) is not { } value)
                return false;
            Record(assigned, field, new BoundValue(value, BoundValue.NoArguments));
        }

        return true;
    }

    private static void Record(Dictionary<IFieldSymbol, List<BoundValue>> assigned, IFieldSymbol field, BoundValue value)
    {
        if (!assigned.TryGetValue(field, out var values))
            assigned[field] = values = new List<BoundValue>();
        values.Add(value);
    }

    /// <summary>
    /// The value a static member of this compilation always holds, when one expression makes it: a readonly field or
    /// get-only auto-property with an initializer (no static constructor in its type), or a get-only property that
    /// returns <c>_f ??= new T(..)</c> of a private field nothing else assigns. Null otherwise.
    /// </summary>
    public static IOperation? StaticValue(ISymbol member, Compilation compilation, CancellationToken cancellationToken)
    {
        if (!member.IsStatic || member.ContainingType is not { } type || type.StaticConstructors.Any(c => !c.IsImplicitlyDeclared))
            return null;
        switch (member)
        {
            case IFieldSymbol { IsReadOnly: true } field:
                return Initialized(field, compilation, cancellationToken);
            case IPropertySymbol { SetMethod: null } property when SymbolFacts.BackingField(property) is not null:
                return Initialized(property, compilation, cancellationToken);
            case IPropertySymbol { SetMethod: null, GetMethod: { } getter } when getter.DeclaringSyntaxReferences.Length == 1:
                var syntax = getter.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
                if (!compilation.ContainsSyntaxTree(syntax.SyntaxTree))
                    return null;
                var returned = SemanticModels.For(compilation, syntax.SyntaxTree).GetOperation(syntax, cancellationToken)?.DescendantsAndSelf()
                    .OfType<IReturnOperation>().ToList();
                if (returned is not { Count: 1 } || returned[0].ReturnedValue is not ICoalesceAssignmentOperation
                    {
                        Target: IFieldReferenceOperation { Field: { IsStatic: true, DeclaredAccessibility: Accessibility.Private } memo },
                        Value: var made,
                    } || SymbolFacts.Initializer(memo) is not null || AssignmentsIn(type, memo.Name) != 1)
                    return null;
                return made;
            default:
                return null;
        }
    }

    private static IOperation? Initialized(ISymbol member, Compilation compilation, CancellationToken cancellationToken) =>
        SymbolFacts.Initializer(member) is { } initializer && compilation.ContainsSyntaxTree(initializer.SyntaxTree) &&
        SemanticModels.For(compilation, initializer.SyntaxTree).GetOperation(initializer.Parent!, cancellationToken) is ISymbolInitializerOperation made
            ? made.Value
            : null;

    /// <summary>How many assignments in the type's declarations have <paramref name="name"/> on their left (names matched, not bound: more only makes it unknown).</summary>
    private static int AssignmentsIn(INamedTypeSymbol type, string name) =>
        type.DeclaringSyntaxReferences.Sum(r => r.GetSyntax().DescendantNodes().OfType<AssignmentExpressionSyntax>().Count(a =>
            a.Left is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name ||
            a.Left is MemberAccessExpressionSyntax access && access.Name.Identifier.ValueText == name));
}
