using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PerNet.Analyzers;

/// <summary>
/// A process-wide sequence: a static counter that only counts up (<c>x++</c>, <c>x += n</c>,
/// <c>Interlocked.Increment(ref x)</c>) and whose every number is stored into an instance field of the objects it
/// numbers — when some of those objects are held by statics, which every context shares (thread-local slots, pools,
/// constants). Two contexts must then never hand out the same number, so the counter stays global. A counter whose
/// numbers go anywhere else (connection ids, sequence numbers sent on the wire) is per-context state as before. The
/// numbers are followed through return values (<c>NextIndex()</c>) to every call in the compilation.
/// </summary>
internal static class ProcessWideSequence
{
    /// <summary>How many methods a number may be returned through before the question is given up.</summary>
    private const int Hops = 4;

    /// <summary>"FastLocal objects, held by static X.Slot": what the numbers go to; null when the field is no such sequence.</summary>
    public static string? Numbers(IFieldSymbol field, MemberUsage usage, Compilation compilation, CancellationToken cancellationToken)
    {
        if (field.Type.SpecialType is not (SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_UInt32 or SpecialType.System_UInt64))
            return null;
        var numbered = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        var any = false;
        foreach (var site in usage.Sites)
        {
            if (site.InInitialization || site.Kind == SiteKind.Read)
                continue;
            if (site.Location.SourceTree is not { } tree || !compilation.ContainsSyntaxTree(tree))
                return null;
            var node = tree.GetRoot(cancellationToken).FindNode(site.Location.SourceSpan, getInnermostNodeForTie: true);
            var reference = SemanticModels.For(compilation, tree).GetOperation(node, cancellationToken);
            while (reference is not null and not IMemberReferenceOperation)
                reference = reference.Parent;
            if (reference is null || NewNumber(reference) is not { } number || !StoredIn(number, numbered, compilation, 0, cancellationToken))
                return null;
            any = true;
        }

        if (!any)
            return null;
        foreach (var type in numbered)
        {
            if (HeldByStatic(type, compilation, cancellationToken) is { } holder)
                return type.Name + " objects, held by static " + holder.ContainingType.Name + "." + holder.Name;
        }

        return null;
    }

    /// <summary>The operation whose value is the number a counting write hands out; null for any other write.</summary>
    private static IOperation? NewNumber(IOperation reference) => reference.Parent switch
    {
        IIncrementOrDecrementOperation increment when increment.Kind == OperationKind.Increment => increment,
        ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add } add when add.Target == reference => add,
        IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { Name: "Increment" or "Add", ContainingType.Name: "Interlocked" } } call } => call,
        _ => null,
    };

    /// <summary>Where the number goes: into an instance field or auto-property of the object being built, or returned to callers that do the same.</summary>
    private static bool StoredIn(IOperation number, HashSet<INamedTypeSymbol> numbered, Compilation compilation, int hops, CancellationToken cancellationToken)
    {
        var current = number;
        while (current.Parent is IConversionOperation or IParenthesizedOperation)
            current = current.Parent;
        switch (current.Parent)
        {
            case ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Instance: IInstanceReferenceOperation, Member: var member } } assignment when assignment.Value == current && !member.IsStatic:
                numbered.Add(member.ContainingType);
                return true;
            case IFieldInitializerOperation initializer when initializer.InitializedFields.All(f => !f.IsStatic):
                numbered.Add(initializer.InitializedFields[0].ContainingType);
                return true;
            case IPropertyInitializerOperation initializer when initializer.InitializedProperties.All(p => !p.IsStatic):
                numbered.Add(initializer.InitializedProperties[0].ContainingType);
                return true;
            case IReturnOperation { Kind: OperationKind.Return } returned when hops < Hops &&
                returned.SemanticModel?.GetEnclosingSymbol(returned.Syntax.SpanStart, cancellationToken) is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsVirtual: false, IsAbstract: false, IsOverride: false } method:
                var calls = ValueFlow.UsesOf(method, compilation, cancellationToken).ToList();
                return calls.Count > 0 && calls.All(call => call is IInvocationOperation && StoredIn(call, numbered, compilation, hops + 1, cancellationToken));
            default:
                return false;
        }
    }

    /// <summary>A static field or auto-property of this compilation whose type is <paramref name="numbered"/> or derives from it, and that its declaration gives a value.</summary>
    private static ISymbol? HeldByStatic(INamedTypeSymbol numbered, Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var member in compilation.GetSymbolsWithName(_ => true, SymbolFilter.Member, cancellationToken))
        {
            var type = member switch
            {
                IFieldSymbol { IsStatic: true, IsConst: false, IsImplicitlyDeclared: false } field => field.Type,
                IPropertySymbol { IsStatic: true } property when SymbolFacts.BackingField(property) is not null => property.Type,
                _ => null,
            };
            if (type is INamedTypeSymbol named && DerivesFrom(named, numbered) && SymbolFacts.Initializer(member) is not null)
                return member;
        }

        return null;
    }

    private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol numbered)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, numbered.OriginalDefinition))
                return true;
        }

        return false;
    }
}
