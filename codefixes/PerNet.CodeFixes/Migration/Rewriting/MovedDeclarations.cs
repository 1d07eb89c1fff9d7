using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using PerNet.Analyzers;

namespace PerNet.CodeFixes.Migration;

/// <summary>
/// A moved member's declaration as a member of the state class: the declaration itself, edited — attributes, doc
/// comments and comments travel with it; only <c>static</c> and its accessibility change; a <c>[ThreadStatic]</c> field
/// becomes a <c>ThreadLocal&lt;T&gt;</c> of the state; a member made on first use becomes a property over a
/// <c>Lazy&lt;T&gt;</c> — and the directives around it stay where they were. Moved code inside refers to the state's
/// own members (<see cref="InStateRewriter"/>).
/// </summary>
internal sealed class MovedDeclarations
{
    private readonly StateMoves _moves;
    private readonly InStateRewriter _inState;

    public MovedDeclarations(StateMoves moves, InStateRewriter inState)
    {
        _moves = moves;
        _inState = inState;
    }

    /// <summary>Moved code refers to moved members as the state's own: <c>Arp.cache</c> becomes <c>cache</c>.</summary>
    public T InState<T>(T node)
        where T : SyntaxNode => (T)_inState.Visit(node);

    /// <summary>
    /// A member made on first use: <c>private readonly System.Lazy&lt;T&gt; _name;</c> (set by the state's
    /// constructor) and the member as a property over it, with the declaration's attributes and comments.
    /// A writable one gets a setter. <see cref="System.Lazy{T}"/> makes it once, even under races, and
    /// throws rather than recursing if its own making needs it.
    /// </summary>
    public IEnumerable<MemberDeclarationSyntax> LazyDeclarations(MemberDeclarationSyntax declaration, ISymbol member, TypeMove move, string stateAccessibility)
    {
        var type = TypeOf(member, CancellationToken.None);
        var field = LazyField(member, move);
        var writable = member is IFieldSymbol { IsReadOnly: false } || member is IPropertySymbol { SetMethod: not null };
        var lazyType = LazyType(type);
        var fieldModifiers = writable
            ? SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PrivateKeyword))
            : SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PrivateKeyword), SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword));
        yield return SyntaxFactory.FieldDeclaration(SyntaxFactory.VariableDeclaration(lazyType, SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(field))))
            .WithModifiers(fieldModifiers).WithAdditionalAnnotations(Formatter.Annotation);
        var value = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(field), SyntaxFactory.IdentifierName("Value"));
        var accessibility = SyntaxFactory.Token(MemberAccessibility(member, stateAccessibility) == "public" ? SyntaxKind.PublicKeyword : SyntaxKind.InternalKeyword);
        var property = SyntaxFactory.PropertyDeclaration(type.WithoutTrivia(), SyntaxFactory.Identifier(member.Name))
            .WithAttributeLists(WithoutThreadStatic(declaration.AttributeLists))
            .WithModifiers(SyntaxFactory.TokenList(accessibility));
        property = writable
            ? property.WithAccessorList(SyntaxFactory.AccessorList(SyntaxFactory.List(new[]
            {
                SyntaxFactory.AccessorDeclaration(SyntaxKind.GetAccessorDeclaration).WithExpressionBody(SyntaxFactory.ArrowExpressionClause(value)).WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken)),
                SyntaxFactory.AccessorDeclaration(SyntaxKind.SetAccessorDeclaration).WithExpressionBody(SyntaxFactory.ArrowExpressionClause(SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression,
                    SyntaxFactory.IdentifierName(field), NewLazy(type, SyntaxFactory.IdentifierName("value"))))).WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken)),
            })))
            : property.WithExpressionBody(SyntaxFactory.ArrowExpressionClause(value)).WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken));
        yield return property.WithLeadingTrivia(WithoutDirectives(declaration.GetLeadingTrivia())).WithAdditionalAnnotations(Formatter.Annotation);
    }

    public static TypeSyntax LazyType(TypeSyntax type) => GeneratedNames.Global("System.Lazy", type.WithoutTrivia());

    /// <summary><c>new System.Lazy&lt;T&gt;(() => value)</c>.</summary>
    public static ExpressionSyntax NewLazy(TypeSyntax type, ExpressionSyntax value) =>
        SyntaxFactory.ObjectCreationExpression(LazyType(type).WithLeadingTrivia(SyntaxFactory.Space))
            .WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.ParenthesizedLambdaExpression(value)))));

    /// <summary>The backing field of a member made on first use: <c>_name</c>, or another free name.</summary>
    public static string LazyField(ISymbol member, TypeMove move)
    {
        var taken = new HashSet<string>(move.Members.Select(m => m.Name).Concat(StateMoves.AllMembers(move.Type).Select(m => m.Name)), System.StringComparer.Ordinal);
        var name = "_" + member.Name;
        while (taken.Contains(name))
            name += "Lazy";
        return name;
    }

    /// <summary>
    /// An initializer as an expression that stands anywhere: an array initializer (<c>{ a, b }</c>, valid only in a
    /// declaration) becomes an array creation (<c>new T[] { a, b }</c>) when it moves into an assignment or a lambda.
    /// </summary>
    public static ExpressionSyntax AsExpression(ExpressionSyntax initializer, TypeSyntax type) =>
        initializer is InitializerExpressionSyntax { RawKind: (int)SyntaxKind.ArrayInitializerExpression } array && type is ArrayTypeSyntax arrayType
            ? SyntaxFactory.ArrayCreationExpression(arrayType.WithoutTrivia().WithLeadingTrivia(SyntaxFactory.Space), array)
            : initializer;

    public static TypeSyntax TypeOf(ISymbol member, CancellationToken cancellationToken) =>
        member.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) switch
        {
            VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } => declaration.Type,
            PropertyDeclarationSyntax property => property.Type,
            _ => SyntaxFactory.ParseTypeName(member is IFieldSymbol f ? f.Type.ToDisplayString() : ((IPropertySymbol)member).Type.ToDisplayString()),
        };

    /// <summary>
    /// The declaration of a moved member as a member of the state class: the same declaration with
    /// <c>static</c> and its accessibility replaced, <c>[ThreadStatic]</c> dropped (the value is per
    /// context now), accessor modifiers dropped, an event field turned into a delegate field (raised and
    /// combined from the outer type), directive trivia left where the member was.
    /// </summary>
    public MemberDeclarationSyntax MovedDeclaration(MemberDeclarationSyntax declaration, ISymbol member, List<ISymbol> moving, string stateAccessibility, bool initializeInConstructor, CancellationToken cancellationToken)
    {
        var leading = WithoutDirectives(declaration.GetLeadingTrivia());
        var accessibility = SyntaxFactory.Token(MemberAccessibility(member, stateAccessibility) == "public" ? SyntaxKind.PublicKeyword : SyntaxKind.InternalKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        var attributes = WithoutThreadStatic(declaration.AttributeLists);
        var modifiers = SyntaxFactory.TokenList(new[] { accessibility }.Concat(declaration.Modifiers.Where(KeepsModifier).Select(m => m.WithLeadingTrivia())));
        if (GeneratedNames.IsInheritedByState(member.Name))
            modifiers = modifiers.Add(SyntaxFactory.Token(SyntaxKind.NewKeyword).WithTrailingTrivia(SyntaxFactory.Space)); // it hides what the state class inherits from PerNet<T> (CS0108)

        VariableDeclarationSyntax Variables(VariableDeclarationSyntax variables) =>
            variables.WithVariables(SyntaxFactory.SeparatedList(
                variables.Variables.Where(v => IsMoved(v, moving, cancellationToken))
                    .Select(v => initializeInConstructor || v.Initializer is null
                        ? v.WithInitializer(null).WithIdentifier(v.Identifier.WithTrailingTrivia())
                        : v.WithInitializer(v.Initializer.WithValue(InState(v.Initializer.Value))))));

        MemberDeclarationSyntax result = declaration switch
        {
            FieldDeclarationSyntax field when _moves.IsPerThread(member) => PerThreadField(field, attributes, modifiers, moving, cancellationToken),
            FieldDeclarationSyntax field => field.WithAttributeLists(attributes).WithModifiers(modifiers).WithDeclaration(Variables(field.Declaration)),
            EventFieldDeclarationSyntax @event => SyntaxFactory.FieldDeclaration(attributes, modifiers, Variables(@event.Declaration), @event.SemicolonToken),
            PropertyDeclarationSyntax property => MovedProperty(property, attributes, modifiers, initializeInConstructor),
            _ => declaration,
        };
        return result.WithLeadingTrivia(leading);
    }

    /// <summary>
    /// <c>[ThreadStatic] static T x = v;</c> as <c>public readonly System.Threading.ThreadLocal&lt;T&gt; x = new(() =&gt; v);</c>:
    /// still one value per thread, now within each context; the initializer runs on every thread's first
    /// read (a [ThreadStatic] initializer ran on the first thread only, which no caller could rely on).
    /// </summary>
    private FieldDeclarationSyntax PerThreadField(FieldDeclarationSyntax field, SyntaxList<AttributeListSyntax> attributes, SyntaxTokenList modifiers, List<ISymbol> moving, CancellationToken cancellationToken)
    {
        var type = field.Declaration.Type.WithoutTrivia();
        var threadLocal = GeneratedNames.Global("System.Threading.ThreadLocal", type);
        var variables = field.Declaration.Variables.Where(v => IsMoved(v, moving, cancellationToken)).Select(v =>
        {
            var arguments = v.Initializer is { } initializer
                ? SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.ParenthesizedLambdaExpression(InState(AsExpression(initializer.Value, type)).WithoutTrivia())))
                : default;
            var created = SyntaxFactory.ObjectCreationExpression(threadLocal.WithLeadingTrivia(SyntaxFactory.Space)).WithArgumentList(SyntaxFactory.ArgumentList(arguments));
            return v.WithIdentifier(v.Identifier.WithTrailingTrivia(SyntaxFactory.Space)).WithInitializer(SyntaxFactory.EqualsValueClause(created.WithLeadingTrivia(SyntaxFactory.Space)));
        });
        if (!modifiers.Any(SyntaxKind.ReadOnlyKeyword))
            modifiers = modifiers.Add(SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword).WithTrailingTrivia(SyntaxFactory.Space));
        return field.WithAttributeLists(attributes).WithModifiers(modifiers)
            .WithDeclaration(field.Declaration.WithType(threadLocal.WithTrailingTrivia(SyntaxFactory.Space)).WithVariables(SyntaxFactory.SeparatedList(variables)));
    }

    private PropertyDeclarationSyntax MovedProperty(PropertyDeclarationSyntax property, SyntaxList<AttributeListSyntax> attributes, SyntaxTokenList modifiers, bool initializeInConstructor)
    {
        // A setting's accessor bodies become the state's code. The type's own code uses the state's members, so an
        // accessor it restricted (`private set`) is internal in a public state member, and as open as its member otherwise.
        var restricted = modifiers.Any(SyntaxKind.PublicKeyword);
        var accessors = property.AccessorList!.WithAccessors(SyntaxFactory.List(property.AccessorList.Accessors.Select(a =>
            InState(a).WithModifiers(restricted && a.Modifiers.Any(IsAccessibility) ? SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.InternalKeyword).WithTrailingTrivia(SyntaxFactory.Space)) : default)
                .WithLeadingTrivia(a.Modifiers.FirstOrDefault().LeadingTrivia.AddRange(a.Keyword.LeadingTrivia)))));
        var result = property.WithAttributeLists(attributes).WithModifiers(modifiers).WithAccessorList(accessors);
        if (property.Initializer is null)
            return result;
        if (initializeInConstructor)
            return result.WithInitializer(null).WithSemicolonToken(default).WithAccessorList(accessors.WithTrailingTrivia(property.SemicolonToken.TrailingTrivia));
        return result.WithInitializer(property.Initializer.WithValue(InState(property.Initializer.Value)));
    }

    private static bool IsAccessibility(SyntaxToken modifier) =>
        modifier.IsKind(SyntaxKind.PrivateKeyword) || modifier.IsKind(SyntaxKind.ProtectedKeyword) || modifier.IsKind(SyntaxKind.InternalKeyword);

    private static bool KeepsModifier(SyntaxToken modifier) =>
        !modifier.IsKind(SyntaxKind.StaticKeyword) && !modifier.IsKind(SyntaxKind.PublicKeyword) && !modifier.IsKind(SyntaxKind.PrivateKeyword) &&
        !modifier.IsKind(SyntaxKind.InternalKeyword) && !modifier.IsKind(SyntaxKind.ProtectedKeyword) && !modifier.IsKind(SyntaxKind.NewKeyword);

    private static SyntaxList<AttributeListSyntax> WithoutThreadStatic(SyntaxList<AttributeListSyntax> lists)
    {
        var result = new List<AttributeListSyntax>();
        foreach (var list in lists)
        {
            var kept = list.Attributes.Where(a => a.Name.ToString().Replace("global::", "") is not ("ThreadStatic" or "ThreadStaticAttribute" or "System.ThreadStatic" or "System.ThreadStaticAttribute")).ToList();
            if (kept.Count == list.Attributes.Count)
                result.Add(list);
            else if (kept.Count > 0)
                result.Add(list.WithAttributes(SyntaxFactory.SeparatedList(kept)));
        }

        return SyntaxFactory.List(result);
    }

    /// <summary>Leading trivia without the directives (they stay in place) and the indentation before them.</summary>
    private static SyntaxTriviaList WithoutDirectives(SyntaxTriviaList trivia)
    {
        var lastDirective = -1;
        for (var i = 0; i < trivia.Count; i++)
        {
            if (trivia[i].IsDirective || trivia[i].IsKind(SyntaxKind.DisabledTextTrivia))
                lastDirective = i;
        }

        return lastDirective < 0 ? trivia : SyntaxFactory.TriviaList(trivia.Skip(lastDirective + 1));
    }


    public static bool IsMoved(VariableDeclaratorSyntax variable, List<ISymbol> members, CancellationToken cancellationToken) =>
        members.Any(m => m.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) == variable));

    /// <summary>Members are public, except formerly non-public ones in a public state class (their types may be internal).</summary>
    public static string MemberAccessibility(ISymbol member, string stateAccessibility) =>
        stateAccessibility == "public" && !IsPublic(member) ? "internal" : "public";

    public static bool IsPublic(ISymbol member) =>
        member.DeclaredAccessibility is Microsoft.CodeAnalysis.Accessibility.Public or Microsoft.CodeAnalysis.Accessibility.Protected or Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal;
}
