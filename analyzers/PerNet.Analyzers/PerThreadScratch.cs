using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PerNet.Analyzers;

/// <summary>
/// A per-thread scratch buffer: a private <c>[ThreadStatic]</c> field or static <c>ThreadLocal&lt;T&gt;</c> holding a
/// buffer (an array, <c>StringBuilder</c>, <c>List&lt;T&gt;</c>, <c>MemoryStream</c>) that every function using it
/// clears before it reads or writes what it holds, and that never lets the buffer go: not returned, not stored, not
/// captured, not passed but as a span or to a BCL routine that only reads or fills it. Nothing it holds outlives a
/// call, so sharing it between contexts shares nothing: it is not state (and moving it would make every use pay for
/// a <c>ThreadLocal</c> lookup on the hot path). The kernel keeps such buffers per CPU, not per namespace.
/// </summary>
internal static class PerThreadScratch
{
    /// <summary>True when <paramref name="member"/> is per-thread scratch, judged from its sites in its declaring type.</summary>
    public static bool Is(ISymbol member, MemberUsage usage, ITypeSymbol stored, CancellationToken cancellationToken)
    {
        if (member is not IFieldSymbol { DeclaredAccessibility: Accessibility.Private } field || !IsBuffer(stored))
            return false;
        var throughValue = !SymbolFacts.IsThreadStatic(field);
        if (throughValue && field.Type is not INamedTypeSymbol { Name: "ThreadLocal" })
            return false; // AsyncLocal flows with the code: not per-thread
        var bodies = new Dictionary<SyntaxNode, List<ExpressionSyntax>>();
        foreach (var site in usage.Sites)
        {
            if (site.InInitialization)
                continue;
            var root = site.Location.SourceTree?.GetRoot(cancellationToken);
            if (root is null || !root.FullSpan.Contains(site.Location.SourceSpan) ||
                root.FindNode(site.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax node)
                return false;
            var value = ValueExpression(node, throughValue);
            if (value is null || EnclosingBody(value) is not { } body)
                return false;
            if (!bodies.TryGetValue(body, out var list))
                bodies[body] = list = new List<ExpressionSyntax>();
            list.Add(value);
        }

        return bodies.Count > 0 && bodies.All(b => ClearedBeforeUseAndKept(b.Key, b.Value));
    }

    private static bool IsBuffer(ITypeSymbol type) =>
        type is IArrayTypeSymbol ||
        type.OriginalDefinition.ToDisplayString() is "System.Text.StringBuilder" or "System.Collections.Generic.List<T>" or "System.IO.MemoryStream";

    /// <summary>The expression whose value is the buffer: the field itself, or <c>field.Value</c> for a <c>ThreadLocal</c>.</summary>
    private static ExpressionSyntax? ValueExpression(ExpressionSyntax node, bool throughValue)
    {
        ExpressionSyntax expression = node.Parent is MemberAccessExpressionSyntax qualified && qualified.Name == node ? qualified : node;
        if (!throughValue)
            return expression;
        return expression.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Value" } value && value.Expression == expression ? value : null;
    }

    private static SyntaxNode? EnclosingBody(SyntaxNode node) =>
        node.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax
            or ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax or IndexerDeclarationSyntax });

    private enum Use
    {
        Check,   // is null, == null, .Length, .Count, .Capacity
        Make,    // assigned a new buffer
        Alias,   // var span = buffer.AsSpan(..) / var b = buffer
        Clear,   // .Clear(), .Length = 0, .SetLength(0), Array.Clear(buffer, ..), .Fill(..)
        Content, // anything that reads or writes what it holds
        Escape,  // returned, stored, captured, passed where it can be kept
    }

    /// <summary>In one function: the buffer (or a local taken from it) is cleared before its content is first used, and never escapes.</summary>
    private static bool ClearedBeforeUseAndKept(SyntaxNode body, List<ExpressionSyntax> values)
    {
        var uses = new List<(int Position, Use Use)>();
        var aliases = new List<(string Name, bool IsSpan)>();
        foreach (var value in values)
        {
            var use = Classify(value, isSpan: false, body, aliases);
            uses.Add((value.SpanStart, use));
        }

        foreach (var (name, isSpan) in aliases.ToList())
        {
            foreach (var identifier in body.DescendantNodes().OfType<IdentifierNameSyntax>().Where(i => i.Identifier.ValueText == name))
            {
                if (identifier.Parent is VariableDeclaratorSyntax)
                    continue;
                uses.Add((identifier.SpanStart, Classify(identifier, isSpan, body, aliases: null)));
            }
        }

        if (uses.Any(u => u.Use == Use.Escape))
            return false;
        var firstContent = uses.Where(u => u.Use == Use.Content).Select(u => u.Position).DefaultIfEmpty(int.MaxValue).Min();
        var firstClear = uses.Where(u => u.Use == Use.Clear).Select(u => u.Position).DefaultIfEmpty(int.MaxValue).Min();
        return firstContent == int.MaxValue || firstClear < firstContent;
    }

    private static Use Classify(ExpressionSyntax value, bool isSpan, SyntaxNode body, List<(string Name, bool IsSpan)>? aliases)
    {
        if (value.Ancestors().TakeWhile(a => a != body).Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            return Use.Escape; // captured: it may run after the next use has refilled the buffer
        while (value.Parent is ParenthesizedExpressionSyntax or PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression })
            value = (ExpressionSyntax)value.Parent;
        var parent = value.Parent;
        switch (parent)
        {
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression or (int)SyntaxKind.NotEqualsExpression } compare
                when compare.Left.IsKind(SyntaxKind.NullLiteralExpression) || compare.Right.IsKind(SyntaxKind.NullLiteralExpression):
            case IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax { Expression.RawKind: (int)SyntaxKind.NullLiteralExpression } or UnaryPatternSyntax { Pattern: ConstantPatternSyntax { Expression.RawKind: (int)SyntaxKind.NullLiteralExpression } } }:
                return Use.Check;
            case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression or (int)SyntaxKind.CoalesceAssignmentExpression } assignment when assignment.Left == value:
                // a new buffer, as a statement: `b = new byte[n];`, `b ??= new();` (as an expression it hands the buffer on)
                return assignment.Parent is ExpressionStatementSyntax &&
                       assignment.Right is BaseObjectCreationExpressionSyntax or ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax or CollectionExpressionSyntax
                    ? Use.Make
                    : Use.Escape;
            case AssignmentExpressionSyntax other when other.Left == value:
                return Use.Escape;
            case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } when aliases is not null:
                aliases.Add((declarator.Identifier.ValueText, false));
                return Use.Alias;
            case MemberAccessExpressionSyntax access when access.Expression == value:
                return ClassifyMember(access, isSpan, aliases);
            case ArgumentSyntax argument:
                return isSpan || ReadsOrFillsOnly(argument) ? (IsClearCall(argument) ? Use.Clear : Use.Content) : Use.Escape;
            case ElementAccessExpressionSyntax element when element.Expression == value:
                return Use.Content;
            case ReturnStatementSyntax or ArrowExpressionClauseSyntax or YieldStatementSyntax:
                return Use.Escape;
            default:
                return parent is ExpressionStatementSyntax ? Use.Check : Use.Escape;
        }
    }

    private static Use ClassifyMember(MemberAccessExpressionSyntax access, bool isSpan, List<(string Name, bool IsSpan)>? aliases)
    {
        var name = access.Name.Identifier.ValueText;
        if (name is "Length" or "Count" or "Capacity")
            return access.Parent is AssignmentExpressionSyntax assignment && assignment.Left == access
                ? (assignment.Right is LiteralExpressionSyntax { Token.ValueText: "0" } ? Use.Clear : Use.Content)
                : Use.Check;
        if (access.Parent is not InvocationExpressionSyntax invocation)
            return Use.Content;
        if (name is "Clear" && invocation.ArgumentList.Arguments.Count == 0 || name is "SetLength" && invocation.ArgumentList.Arguments.FirstOrDefault()?.Expression is LiteralExpressionSyntax { Token.ValueText: "0" })
            return Use.Clear;
        if (name is "AsSpan" or "AsMemory" && invocation.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax span } && aliases is not null)
        {
            aliases.Add((span.Identifier.ValueText, name == "AsSpan"));
            return Use.Alias;
        }

        if (name is "AsSpan" && invocation.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Clear" or "Fill" } cleared && cleared.Parent is InvocationExpressionSyntax)
            return Use.Clear;
        if (name is "ToString" or "ToArray")
            return Use.Content; // a copy: what it holds does not leave
        // Append(..) returns the builder itself: follow the chain; it may end in a statement, a copy, or hand the builder on.
        var outer = invocation;
        while (outer.Parent is MemberAccessExpressionSyntax chained && chained.Parent is InvocationExpressionSyntax next)
        {
            if (chained.Name.Identifier.ValueText is "ToString" or "ToArray")
                return Use.Content;
            outer = next;
        }

        return outer.Parent is ExpressionStatementSyntax || isSpan || IsConsumedInPlace(outer) ? Use.Content : Use.Escape;
    }

    /// <summary>A call on the buffer whose result is used where it cannot be kept: an operand, a condition, an argument of a reading routine.</summary>
    private static bool IsConsumedInPlace(InvocationExpressionSyntax invocation) =>
        invocation.Parent is BinaryExpressionSyntax or PrefixUnaryExpressionSyntax or IfStatementSyntax or ConditionalExpressionSyntax
            or MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ToString" };

    /// <summary>Passed to a BCL routine that reads or fills a buffer and keeps nothing: Array, Buffer, Encoding, Stream, BinaryPrimitives, spans.</summary>
    private static bool ReadsOrFillsOnly(ArgumentSyntax argument) =>
        argument.Parent?.Parent is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax callee } &&
        (callee.Expression.ToString() is "Array" or "System.Array" or "Buffer" or "System.Buffer" or "BinaryPrimitives" or "System.Buffers.Binary.BinaryPrimitives" or "BitConverter" ||
         callee.Name.Identifier.ValueText is "Read" or "ReadAsync" or "Write" or "WriteAsync" or "GetBytes" or "GetChars" or "CopyTo" or "BlockCopy");

    private static bool IsClearCall(ArgumentSyntax argument) =>
        argument.Parent?.Parent is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Clear" } callee } &&
        callee.Expression.ToString() is "Array" or "System.Array";
}
