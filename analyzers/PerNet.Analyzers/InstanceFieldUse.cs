using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PerNet.Analyzers;

/// <summary>
/// How a type's own code uses its instance fields, read from the syntax of its declarations (all
/// partial parts, nested types included, since they may assign the outer type's private fields).
/// Names are matched, not bound: a local of the same name makes a field look written, which can
/// only make a type look mutable, never the reverse. Used by <see cref="MutabilityJudge"/> to see
/// types that are immutable in effect.
/// </summary>
internal sealed class InstanceFieldUse
{
    private readonly Dictionary<string, List<SyntaxNode>> _writesAfterConstruction = new(StringComparer.Ordinal);
    private readonly HashSet<string> _elementWritesAfterConstruction = new(StringComparer.Ordinal);
    private readonly HashSet<string> _escapesAfterConstruction = new(StringComparer.Ordinal);
    private readonly HashSet<string> _assignedInConstruction = new(StringComparer.Ordinal);
    private readonly HashSet<string> _returnedAfterConstruction = new(StringComparer.Ordinal);

    private InstanceFieldUse()
    {
    }

    public static InstanceFieldUse Of(INamedTypeSymbol type)
    {
        var use = new InstanceFieldUse();
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax().DescendantNodes())
            {
                if (node is IdentifierNameSyntax identifier)
                    use.Visit(identifier);
            }
        }

        return use;
    }

    /// <summary>A constructor or an <c>init</c> accessor of the type assigns it (its declaration's initializer aside).</summary>
    public bool IsAssignedInConstruction(string name) => _assignedInConstruction.Contains(name);

    /// <summary>Only constructors and initializers assign it (or nothing does).</summary>
    public bool IsAssignedOnlyInConstruction(string name) => !_writesAfterConstruction.ContainsKey(name);

    /// <summary>" in SetLength (OctetString.cs:326)": where it is first assigned after construction, for a verdict's evidence; empty when it is not.</summary>
    public string WhereWrittenAfterConstruction(string name)
    {
        if (!_writesAfterConstruction.TryGetValue(name, out var writes) || writes.Count == 0)
            return string.Empty;
        var write = writes[0];
        var member = write.FirstAncestorOrSelf<MemberDeclarationSyntax>() switch
        {
            MethodDeclarationSyntax method => method.Identifier.ValueText,
            PropertyDeclarationSyntax property => property.Identifier.ValueText,
            IndexerDeclarationSyntax => "this[]",
            OperatorDeclarationSyntax => "an operator",
            _ => null,
        };
        var line = write.GetLocation().GetLineSpan();
        return (member is null ? " at " : " in " + member + " (") + System.IO.Path.GetFileName(line.Path) + ":" + (line.StartLinePosition.Line + 1) + (member is null ? string.Empty : ")") +
               (writes.Count > 1 ? " and " + (writes.Count - 1) + " other place(s)" : string.Empty);
    }

    /// <summary>
    /// Every assignment after construction caches a value: <c>f ??= Compute()</c>, <c>f ?? (f = Compute())</c>,
    /// or <c>f = Compute()</c> under a test that <c>f</c> (or another field) still holds its default.
    /// The value must not depend on the field itself nor change anything while computed: a memo that
    /// counts or chains is state.
    /// </summary>
    public bool IsIdempotentMemo(string name) =>
        _writesAfterConstruction.TryGetValue(name, out var writes) && writes.All(w => IsMemoWrite(w, name));

    /// <summary>
    /// A private array filled at construction and afterwards only indexed or measured — or, with
    /// <paramref name="sharedWithOwnCode"/>, also handed to code that is trusted not to write it.
    /// </summary>
    public bool IsConstantArray(IFieldSymbol field, string name, bool sharedWithOwnCode = false) =>
        (field.AssociatedSymbol ?? field).DeclaredAccessibility == Accessibility.Private &&
        !_elementWritesAfterConstruction.Contains(name) &&
        (sharedWithOwnCode ? !_returnedAfterConstruction.Contains(name) : !_escapesAfterConstruction.Contains(name));

    private void Visit(IdentifierNameSyntax identifier)
    {
        var name = identifier.Identifier.ValueText;
        // `x.name` / `this.name`: the access is the expression that is used.
        SyntaxNode expression = identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier ? access : identifier;
        if (identifier.Parent is MemberAccessExpressionSyntax { Expression: var receiver } && receiver == identifier)
            return; // `name.Member`: a use of the value, judged through the member below
        if (InConstruction(expression) || (IsWriteTarget(expression) && OnFreshInstance(expression)))
        {
            if (IsWriteTarget(expression))
                _assignedInConstruction.Add(name);
            return;
        }

        if (IsWriteTarget(expression))
        {
            if (!_writesAfterConstruction.TryGetValue(name, out var list))
                _writesAfterConstruction[name] = list = new List<SyntaxNode>();
            list.Add(expression);
            if (ValueUsed(expression))
            {
                _escapesAfterConstruction.Add(name); // return _raw ??= Make(): what is stored goes on, too
                _returnedAfterConstruction.Add(name);
            }

            return;
        }

        switch (expression.Parent)
        {
            case ElementAccessExpressionSyntax element when element.Expression == expression:
                if (IsWriteTarget(element))
                    _elementWritesAfterConstruction.Add(name);
                return;
            case MemberAccessExpressionSyntax member when member.Expression == expression:
                if (member.Name.Identifier.ValueText is not ("Length" or "LongLength" or "Rank"))
                    _escapesAfterConstruction.Add(name); // a call on the array (CopyTo, AsSpan, Fill...) may hand it out or write it
                return;
            case ForEachStatementSyntax loop when loop.Expression == expression:
                return;
            case ReturnStatementSyntax or ArrowExpressionClauseSyntax or YieldStatementSyntax:
                _returnedAfterConstruction.Add(name);
                _escapesAfterConstruction.Add(name);
                return;
            default:
                _escapesAfterConstruction.Add(name);
                return;
        }
    }

    /// <summary>The assignment <paramref name="target"/> is the left side of is itself used as a value (not a statement of its own).</summary>
    private static bool ValueUsed(SyntaxNode target)
    {
        SyntaxNode assignment = target;
        while (assignment.Parent is ParenthesizedExpressionSyntax)
            assignment = assignment.Parent;
        if (assignment.Parent is not AssignmentExpressionSyntax outer)
            return false;
        SyntaxNode used = outer;
        while (used.Parent is ParenthesizedExpressionSyntax)
            used = used.Parent;
        return used.Parent is not (ExpressionStatementSyntax or ForStatementSyntax);
    }

    private static bool IsWriteTarget(SyntaxNode expression)
    {
        var parent = expression.Parent;
        while (parent is ParenthesizedExpressionSyntax)
        {
            expression = parent;
            parent = parent.Parent;
        }

        switch (parent)
        {
            case AssignmentExpressionSyntax assignment:
                return assignment.Left == expression;
            case PrefixUnaryExpressionSyntax prefix:
                return prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression);
            case PostfixUnaryExpressionSyntax postfix:
                return postfix.IsKind(SyntaxKind.PostIncrementExpression) || postfix.IsKind(SyntaxKind.PostDecrementExpression);
            case ArgumentSyntax { Parent: TupleExpressionSyntax tuple }:
                return IsWriteTarget(tuple); // (a, b) = ...: an element on the left of a deconstruction
            case ArgumentSyntax argument:
                return argument.RefKindKeyword.IsKind(SyntaxKind.RefKeyword) || argument.RefKindKeyword.IsKind(SyntaxKind.OutKeyword);
            case RefExpressionSyntax:
                return true;
            default:
                return false;
        }
    }

    /// <summary>In an instance constructor, an instance initializer or an <c>init</c> accessor (not in a lambda there).</summary>
    internal static bool InConstruction(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                    return false;
                case ConstructorDeclarationSyntax constructor:
                    return !constructor.Modifiers.Any(SyntaxKind.StaticKeyword);
                case AccessorDeclarationSyntax accessor:
                    return accessor.IsKind(SyntaxKind.InitAccessorDeclaration);
                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax field } }:
                    return !field.Modifiers.Any(SyntaxKind.StaticKeyword);
                case EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax property }:
                    return !property.Modifiers.Any(SyntaxKind.StaticKeyword);
                case MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>x.f = ..</c> where <c>x</c> is an object this member is still building: a local it created
    /// with <c>new</c> (and assigns nothing else to), or a parameter of a private method that every
    /// caller in the type hands such a local, a <c>new</c> or <c>null</c>. Factory code, not a change.
    /// </summary>
    private static bool OnFreshInstance(SyntaxNode expression)
    {
        if (expression is not MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver })
            return false;
        var member = expression.FirstAncestorOrSelf<MemberDeclarationSyntax>();
        if (member is null)
            return false;
        if (IsFreshLocal(member, receiver.Identifier.ValueText))
            return true;
        if (member is not MethodDeclarationSyntax method || !method.Modifiers.Any(SyntaxKind.PrivateKeyword) && method.Modifiers.Any(m => m.IsKind(SyntaxKind.PublicKeyword) || m.IsKind(SyntaxKind.InternalKeyword) || m.IsKind(SyntaxKind.ProtectedKeyword)))
            return false;
        var index = method.ParameterList.Parameters.IndexOf(p => p.Identifier.ValueText == receiver.Identifier.ValueText);
        if (index < 0 || method.Parent is not TypeDeclarationSyntax type)
            return false;
        var calls = type.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Where(i => i.Expression is IdentifierNameSyntax called && called.Identifier.ValueText == method.Identifier.ValueText)
            .ToList();
        return calls.Count > 0 && calls.All(call =>
            call.ArgumentList.Arguments.Count > index &&
            call.ArgumentList.Arguments[index] is { RefKindKeyword.RawKind: 0 } argument &&
            (argument.Expression is ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax ||
             argument.Expression.IsKind(SyntaxKind.NullLiteralExpression) ||
             (argument.Expression is IdentifierNameSyntax local && call.FirstAncestorOrSelf<MemberDeclarationSyntax>() is { } caller && IsFreshLocal(caller, local.Identifier.ValueText))));
    }

    /// <summary>A local the member declares with <c>= new ..</c> and never assigns again.</summary>
    internal static bool IsFreshLocal(MemberDeclarationSyntax member, string name)
    {
        var declared = false;
        foreach (var node in member.DescendantNodes())
        {
            switch (node)
            {
                case VariableDeclaratorSyntax declarator when declarator.Identifier.ValueText == name:
                    if (declared || declarator.Initializer?.Value is not (ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax))
                        return false;
                    declared = true;
                    break;
                case ParameterSyntax parameter when parameter.Identifier.ValueText == name:
                    return false;
                case AssignmentExpressionSyntax { Left: IdentifierNameSyntax assigned } when assigned.Identifier.ValueText == name:
                    return false;
                case ArgumentSyntax { Expression: IdentifierNameSyntax passed } argument when passed.Identifier.ValueText == name && !argument.RefKindKeyword.IsKind(SyntaxKind.None):
                    return false;
            }
        }

        return declared;
    }

    internal static bool IsMemoWrite(SyntaxNode target, string name)
    {
        var expression = target;
        while (expression.Parent is ParenthesizedExpressionSyntax parenthesized)
            expression = parenthesized;
        if (expression.Parent is not AssignmentExpressionSyntax assignment)
            return false; // ++, ref: not a memo
        if (!IsPure(assignment.Right, name))
            return false;
        if (assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression))
            return true;
        if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression))
            return false;

        // f ?? (f = Compute())
        SyntaxNode outer = assignment;
        while (outer.Parent is ParenthesizedExpressionSyntax p)
            outer = p;
        if (outer.Parent is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceExpression } coalesce && coalesce.Right == outer && TargetName(coalesce.Left) == name)
            return true;

        // if (f == default) { ... f = Compute(); ... }, or: if (f != default) return f; ... f = Compute();
        for (var current = assignment.Parent; current is not null and not MemberDeclarationSyntax; current = current.Parent)
        {
            if (current is BlockSyntax block && ReturnsEarlyWhenComputed(block, assignment, name))
                return true;
            if (current is IfStatementSyntax ifStatement && assignment.SpanStart >= ifStatement.Statement.SpanStart && assignment.Span.End <= ifStatement.Statement.Span.End)
                return TestsForDefault(ifStatement.Condition);
            if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                return false;
        }

        return false;
    }

    /// <summary>A statement of the block before the assignment returns when <c>f</c> no longer holds its default.</summary>
    private static bool ReturnsEarlyWhenComputed(BlockSyntax block, SyntaxNode assignment, string name)
    {
        foreach (var statement in block.Statements)
        {
            if (statement.SpanStart >= assignment.SpanStart)
                return false;
            if (statement is IfStatementSyntax { Else: null } test && ExitsAt(test.Statement) && TestsComputed(test.Condition, name))
                return true;
        }

        return false;
    }

    private static bool ExitsAt(StatementSyntax statement) =>
        statement is ReturnStatementSyntax || (statement is BlockSyntax { Statements.Count: 1 } block && block.Statements[0] is ReturnStatementSyntax);

    /// <summary><c>f != null</c>, <c>f != -1</c>, <c>f is not null</c>.</summary>
    private static bool TestsComputed(ExpressionSyntax condition, string name) => condition switch
    {
        ParenthesizedExpressionSyntax parenthesized => TestsComputed(parenthesized.Expression, name),
        BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.NotEqualsExpression) =>
            (TargetName(binary.Left) == name && IsDefaultLiteral(binary.Right)) || (TargetName(binary.Right) == name && IsDefaultLiteral(binary.Left)),
        IsPatternExpressionSyntax { Pattern: UnaryPatternSyntax { Pattern: ConstantPatternSyntax constant } } pattern =>
            TargetName(pattern.Expression) == name && IsDefaultLiteral(constant.Expression),
        _ => false,
    };

    /// <summary><c>f == null</c>, <c>f == 0</c>, <c>f == default</c>, <c>f is null</c>, <c>!f</c>, joined by <c>||</c>/<c>&amp;&amp;</c>.</summary>
    private static bool TestsForDefault(ExpressionSyntax condition)
    {
        switch (condition)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return TestsForDefault(parenthesized.Expression);
            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.LogicalOrExpression) || binary.IsKind(SyntaxKind.LogicalAndExpression):
                return TestsForDefault(binary.Left) || TestsForDefault(binary.Right);
            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.EqualsExpression):
                return (TargetName(binary.Left) is not null && IsDefaultLiteral(binary.Right)) || (TargetName(binary.Right) is not null && IsDefaultLiteral(binary.Left));
            case IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax constant } pattern:
                return TargetName(pattern.Expression) is not null && IsDefaultLiteral(constant.Expression);
            case PrefixUnaryExpressionSyntax not when not.IsKind(SyntaxKind.LogicalNotExpression):
                return TargetName(not.Operand) is not null;
            default:
                return false;
        }
    }

    /// <summary>A default value, or a numeric sentinel such as <c>-1</c> (a "not computed yet" marker).</summary>
    internal static bool IsDefaultLiteral(ExpressionSyntax expression) =>
        (expression is PrefixUnaryExpressionSyntax { Operand: LiteralExpressionSyntax negative } minus && minus.IsKind(SyntaxKind.UnaryMinusExpression) && negative.IsKind(SyntaxKind.NumericLiteralExpression)) ||
        expression is LiteralExpressionSyntax literal &&
        (literal.IsKind(SyntaxKind.NullLiteralExpression) || literal.IsKind(SyntaxKind.DefaultLiteralExpression) || literal.IsKind(SyntaxKind.FalseLiteralExpression) ||
         (literal.IsKind(SyntaxKind.NumericLiteralExpression) && literal.Token.Value is 0 or 0L or 0u or 0ul or 0.0 or 0f or 0m))
        || expression is DefaultExpressionSyntax;

    private static string? TargetName(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access => access.Name.Identifier.ValueText,
        ParenthesizedExpressionSyntax parenthesized => TargetName(parenthesized.Expression),
        _ => null,
    };

    /// <summary>Computing the value neither reads the memo itself nor writes anything.</summary>
    private static bool IsPure(ExpressionSyntax value, string name)
    {
        foreach (var node in value.DescendantNodesAndSelf())
        {
            switch (node)
            {
                case AssignmentExpressionSyntax:
                case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression):
                case PostfixUnaryExpressionSyntax postfix when postfix.IsKind(SyntaxKind.PostIncrementExpression) || postfix.IsKind(SyntaxKind.PostDecrementExpression):
                case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None) && !argument.RefKindKeyword.IsKind(SyntaxKind.InKeyword):
                    return false;
                case IdentifierNameSyntax identifier when identifier.Identifier.ValueText == name:
                    return false;
            }
        }

        return true;
    }
}
