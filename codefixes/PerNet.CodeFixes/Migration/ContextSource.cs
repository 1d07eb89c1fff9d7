using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PerNet.Analyzers;

namespace PerNet.CodeFixes.Migration;

/// <summary>Where an access to moved state takes its context from.</summary>
internal enum ContextSourceKind
{
    /// <summary><c>NetContext.Initial</c>: a boundary that cannot change shape (PN0104).</summary>
    Initial,

    /// <summary><c>State.Current</c>: the ambient style.</summary>
    Ambient,

    /// <summary>A value in scope and the members read off it: <c>net</c>, <c>d.Net</c>, <c>this.net</c>.</summary>
    Value,

    /// <summary><c>NetContext.Current</c> in the explicit style: a public member kept for <c>pernet.keep_api</c> reads the caller's context, as a forwarder does.</summary>
    Current,
}

/// <summary>
/// A typed context source in the plan. The rewriter builds its syntax (<see cref="ToExpression"/>); it
/// never parses text the planner printed. Equal sources read the same context.
/// </summary>
internal sealed class ContextSource : System.IEquatable<ContextSource>
{
    public static readonly ContextSource Initial = new(ContextSourceKind.Initial, string.Empty, ImmutableArray<string>.Empty);

    public static readonly ContextSource Ambient = new(ContextSourceKind.Ambient, string.Empty, ImmutableArray<string>.Empty);

    public static readonly ContextSource Current = new(ContextSourceKind.Current, string.Empty, ImmutableArray<string>.Empty);

    private ContextSource(ContextSourceKind kind, string root, ImmutableArray<string> members)
    {
        Kind = kind;
        Root = root;
        Members = members;
    }

    public ContextSourceKind Kind { get; }

    /// <summary>For a value: a parameter or local (escaped when a keyword), or <c>this</c>.</summary>
    public string Root { get; }

    /// <summary>For a value: the members read off <see cref="Root"/> to reach the context.</summary>
    public ImmutableArray<string> Members { get; }

    /// <summary>A <c>NetContext</c> named <paramref name="name"/> (a parameter in scope, or one the migration adds).</summary>
    public static ContextSource Value(string name) => new(ContextSourceKind.Value, name, ImmutableArray<string>.Empty);

    /// <summary><c>this.member</c>: an object's own context field.</summary>
    public static ContextSource ThisMember(string member) => new(ContextSourceKind.Value, "this", ImmutableArray.Create(member));

    public static ContextSource From(ContextSources.ContextPath path) => new(ContextSourceKind.Value, path.Root, path.Members);

    /// <summary>True when it names a value of the code (a parameter, local, or <c>this</c>), which a lambda captures.</summary>
    public bool IsValue => Kind == ContextSourceKind.Value;

    /// <summary>The root's identifier without <c>@</c>.</summary>
    public string RootName => Root.TrimStart('@');

    /// <summary>The context expression; <c>null</c> for the ambient style (the state is read with <c>Current</c>).</summary>
    public ExpressionSyntax? ToExpression()
    {
        switch (Kind)
        {
            case ContextSourceKind.Ambient:
                return null;
            case ContextSourceKind.Initial:
                return SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, GeneratedNames.Runtime("NetContext"), SyntaxFactory.IdentifierName("Initial"));
            case ContextSourceKind.Current:
                return SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, GeneratedNames.Runtime("NetContext"), SyntaxFactory.IdentifierName("Current"));
            default:
                ExpressionSyntax expression = Root == "this" ? SyntaxFactory.ThisExpression() : SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(default, SyntaxKind.IdentifierToken, Root, Root.TrimStart('@'), default));
                return Members.Aggregate(expression, (current, member) => SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, current, SyntaxFactory.IdentifierName(member)));
        }
    }

    public bool Equals(ContextSource? other) => other is not null && Kind == other.Kind && Root == other.Root && Members.SequenceEqual(other.Members);

    public override bool Equals(object? obj) => Equals(obj as ContextSource);

    public override int GetHashCode() => (int)Kind ^ Root.GetHashCode() ^ Members.Length;

    public override string ToString() => Kind switch
    {
        ContextSourceKind.Initial => "NetContext.Initial",
        ContextSourceKind.Ambient or ContextSourceKind.Current => "NetContext.Current",
        _ => Members.IsEmpty ? Root : Root + "." + string.Join(".", Members),
    };
}
