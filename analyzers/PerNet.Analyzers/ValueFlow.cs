using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace PerNet.Analyzers;

/// <summary>
/// Follows an array or collection that leaves a static member into the code of this compilation
/// that receives it, to see whether anything there writes into it. A table handed to a private
/// field, a local, or a parameter of our own method or constructor stays a constant table when every
/// use of that field, local or parameter only reads it (indexes, measures, enumerates, passes it on
/// as a read-only view or to a BCL reader). Anything not followed — a return, a field other
/// assemblies can reach, a virtual or abstract target, more than a few hops — counts as written.
/// Bound on demand: only members that escape pay for it, once per escape.
/// </summary>
internal static class ValueFlow
{
    /// <summary>How many fields, locals and parameters one question may visit before it answers "written".</summary>
    private const int Budget = 24;

    /// <summary>Whether the value <paramref name="reference"/> yields may be written by the code it flows to.</summary>
    public static bool MayBeWritten(IOperation reference, Compilation compilation, CancellationToken cancellationToken)
    {
        if (!StaticMemberTracker.EscapesAsWritable(reference))
            return false;
        var visited = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        return !FlowsOnlyToReaders(reference, compilation, visited, cancellationToken);
    }

    /// <summary>True when every place the value reaches from <paramref name="value"/> only reads it.</summary>
    private static bool FlowsOnlyToReaders(IOperation value, Compilation compilation, HashSet<ISymbol> visited, CancellationToken cancellationToken)
    {
        var current = value;
        while (current.Parent is IConversionOperation { Parent: not IArgumentOperation } or IParenthesizedOperation or IConditionalOperation or ICoalesceOperation)
        {
            if (current.Parent is IConditionalOperation conditional && conditional.Condition == current)
                return true;
            current = current.Parent;
        }

        if (!ReferenceEquals(current, value) && !StaticMemberTracker.EscapesAsWritable(current))
            return true;

        switch (current.Parent)
        {
            case IArgumentOperation argument:
                return ReachesOnlyReaders(argument.Parameter, compilation, visited, cancellationToken);
            case IConversionOperation { Parent: IArgumentOperation argument }:
                return ReachesOnlyReaders(argument.Parameter, compilation, visited, cancellationToken);
            case ISimpleAssignmentOperation assignment when assignment.Value == current:
                return assignment.Target switch
                {
                    ILocalReferenceOperation local => ReachesOnlyReaders(local.Local, compilation, visited, cancellationToken),
                    IFieldReferenceOperation field => ReachesOnlyReaders(field.Field, compilation, visited, cancellationToken),
                    IPropertyReferenceOperation property when SymbolFacts.BackingField(property.Property) is not null => ReachesOnlyReaders(property.Property, compilation, visited, cancellationToken),
                    _ => false,
                };
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return ReachesOnlyReaders(declarator.Symbol, compilation, visited, cancellationToken);
            default:
                return false;
        }
    }

    /// <summary>Every use of a parameter, local or private field (of our own code) only reads what it holds.</summary>
    private static bool ReachesOnlyReaders(ISymbol? holder, Compilation compilation, HashSet<ISymbol> visited, CancellationToken cancellationToken)
    {
        if (holder is null)
            return false;
        holder = holder.OriginalDefinition;
        if (!visited.Add(holder))
            return true; // already being followed: its other uses decide
        if (visited.Count > Budget)
            return false;

        var scope = ScopeOf(holder);
        if (scope.Count == 0 || scope.Any(node => !compilation.ContainsSyntaxTree(node.SyntaxTree)))
            return false; // code of another project: not bound here, so not followed
        foreach (var node in scope)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var model = SemanticModels.For(compilation, node.SyntaxTree);
            foreach (var identifier in node.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (identifier.Identifier.ValueText != holder.Name)
                    continue;
                var use = UseOf(model.GetOperation(identifier, cancellationToken), holder);
                if (use is null)
                    continue;
                if (ReceiverOfOwnExtension(use) is { } receiver)
                {
                    // bytes.ReadLittleEndian32(): our own extension method; what it does to its receiver decides, not its name
                    if (!ReachesOnlyReaders(receiver, compilation, visited, cancellationToken))
                        return false;
                    continue;
                }

                var kind = StaticMemberTracker.Classify(use);
                if (kind == SiteKind.Mutate || (kind == SiteKind.Write && !IsStoreInto(use)))
                    return false; // written into (storing another value in the holder itself is not)
                if (kind == SiteKind.Read && StaticMemberTracker.EscapesAsWritable(use) && !FlowsOnlyToReaders(use, compilation, visited, cancellationToken))
                    return false;
            }
        }

        return true;
    }

    /// <summary>The <c>this</c> parameter of an extension method of this compilation that <paramref name="use"/> is the receiver of.</summary>
    private static IParameterSymbol? ReceiverOfOwnExtension(IOperation use)
    {
        var argument = use.Parent as IArgumentOperation ?? (use.Parent as IConversionOperation)?.Parent as IArgumentOperation;
        return argument is { Parameter: { Ordinal: 0 } parameter, Parent: IInvocationOperation { TargetMethod: { IsExtensionMethod: true } method } } &&
               method.DeclaringSyntaxReferences.Length > 0
            ? parameter
            : null;
    }

    /// <summary><c>holder = other</c>: a new value in the holder, nothing written into the old one.</summary>
    private static bool IsStoreInto(IOperation use) => use.Parent is ISimpleAssignmentOperation assignment && assignment.Target == use;

    /// <summary>The reference operation for <paramref name="holder"/> an identifier binds to.</summary>
    private static IOperation? UseOf(IOperation? operation, ISymbol holder)
    {
        var referenced = operation switch
        {
            IParameterReferenceOperation parameter => (ISymbol)parameter.Parameter,
            ILocalReferenceOperation local => local.Local,
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };
        return referenced is not null && SymbolEqualityComparer.Default.Equals(referenced.OriginalDefinition, holder) ? operation : null;
    }

    /// <summary>
    /// Where every use of the holder can be: a parameter's method body (a method that can be
    /// overridden or has no body is not followed); a local's declaring member; a private field's type.
    /// </summary>
    private static IReadOnlyList<SyntaxNode> ScopeOf(ISymbol holder)
    {
        switch (holder)
        {
            case IParameterSymbol { ContainingSymbol: IMethodSymbol method }:
                if (method.IsAbstract || method.IsVirtual || method.IsOverride || method.IsExtern || method.PartialImplementationPart is not null)
                    return System.Array.Empty<SyntaxNode>();
                return method.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).ToArray();
            case ILocalSymbol local:
                return local.DeclaringSyntaxReferences
                    .Select(r => r.GetSyntax().FirstAncestorOrSelf<SyntaxNode>(n => n is MemberDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax))
                    .Where(n => n is not null).Select(n => n!).ToArray();
            case IFieldSymbol or IPropertySymbol when holder.DeclaredAccessibility == Accessibility.Private && holder.ContainingType is { } type:
                return type.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).ToArray();
            default:
                return System.Array.Empty<SyntaxNode>();
        }
    }
}
