using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace PerNet.CodeFixes.Migration;

/// <summary>
/// The access pass: each read or write of moved state becomes <c>State.Of(source).member</c> (explicit) or
/// <c>State.Current.member</c> (ambient), <c>nameof(x)</c> becomes <c>nameof(State.x)</c>, and a function
/// that reads a state class often from one stable source reads it once into a local. Only the accessed
/// name (with its qualifier) is replaced; its trivia stays.
/// </summary>
internal sealed class StateAccessPass
{
    private readonly Dictionary<SyntaxNode, ISymbol> _targets;
    private readonly ILookup<SyntaxTree, SyntaxNode> _nameOfByTree;
    private readonly StateMoves _states;
    private readonly MigrationPlan _plan;

    public StateAccessPass(SolutionIndex index, MigrationPlan plan)
    {
        _targets = index.StateAccesses.ToDictionary(a => a.Node, a => a.Target);
        _nameOfByTree = plan.InNameOf.ToLookup(n => n.SyntaxTree);
        _states = plan.States;
        _plan = plan;
    }

    public void Apply(DocumentEditor editor, SemanticModel model)
    {
        var tree = model.SyntaxTree;
        var accesses = _plan.SourcesIn(tree)
            .Where(p => p.Key is SimpleNameSyntax && _targets.ContainsKey(p.Key))
            .Select(p => (Name: (SimpleNameSyntax)p.Key, Target: _targets[p.Key], p.Value.Source))
            .ToList();
        var hoisted = Hoist(editor, accesses, model);
        foreach (var name in _nameOfByTree[tree].Cast<SimpleNameSyntax>())
        {
            var target = _targets[name];
            var stateName = SyntaxFactory.IdentifierName(_states.NameOf(target.ContainingType));
            if (name.Parent is MemberAccessExpressionSyntax named && named.Name == name)
                editor.ReplaceNode(named, (current, _) => SyntaxBuilders.Member(SyntaxBuilders.Member(((MemberAccessExpressionSyntax)current).Expression, stateName), name.WithoutTrivia()));
            else
                editor.ReplaceNode(name, (current, _) => SyntaxBuilders.Member(StateTypeAt(name, target, model), name.WithoutTrivia()).WithTriviaFrom(current));
        }

        foreach (var (name, target, source) in accesses)
        {
            if (hoisted.TryGetValue(name, out var local))
            {
                SyntaxNode replaced = name.Parent is MemberAccessExpressionSyntax qualified && qualified.Name == name ? qualified : name;
                editor.ReplaceNode(replaced, (current, _) => PerThread(SyntaxBuilders.Member(SyntaxFactory.IdentifierName(local), name.WithoutTrivia()), target).WithTriviaFrom(current));
                continue;
            }

            if (name.Parent is MemberAccessExpressionSyntax access && access.Name == name)
            {
                var stateName = SyntaxFactory.IdentifierName(_states.NameOf(target.ContainingType));
                editor.ReplaceNode(access, (current, _) =>
                {
                    var currentAccess = (MemberAccessExpressionSyntax)current;
                    return PerThread(SyntaxBuilders.Member(SyntaxBuilders.StateOf(SyntaxBuilders.Member(currentAccess.Expression, stateName), source, _states.HidesAccessor(target.ContainingType)), currentAccess.Name.WithoutTrivia()), target).WithTriviaFrom(currentAccess);
                });
            }
            else
            {
                var stateType = StateTypeAt(name, target, model);
                editor.ReplaceNode(name, (current, _) => PerThread(SyntaxBuilders.Member(SyntaxBuilders.StateOf(stateType, source, _states.HidesAccessor(target.ContainingType)), ((SimpleNameSyntax)current).WithoutTrivia()), target).WithTriviaFrom(current));
            }
        }
    }

    /// <summary>
    /// Nullable flow analysis follows a static field but not <c>State.Of(net).field</c> across calls, so
    /// a null check followed by a use would warn. Where a block-bodied function reads a nullable
    /// reference member more than once from one stable source (a parameter, <c>this...</c>,
    /// <c>NetContext.Initial</c>), <c>var state = State.Of(net);</c> is hoisted to its start and its
    /// accesses to that state class go through the local. <c>State.Of(net)</c> returns one object per
    /// context, so behaviour is unchanged. In the ambient style every block-bodied function that reads
    /// a state class twice or more gets <c>var state = State.Current;</c>: Current cannot change within a
    /// function that does not enter a context (an await resumes in the same context).
    /// </summary>
    private Dictionary<SimpleNameSyntax, string> Hoist(DocumentEditor editor, List<(SimpleNameSyntax Name, ISymbol Target, ContextSource Source)> accesses, SemanticModel model)
    {
        var result = new Dictionary<SimpleNameSyntax, string>();
        var groups = accesses
            .Select(a => (Access: a, Body: FunctionBody(a.Name)))
            .Where(a => a.Body is not null && IsStable(a.Access.Source, a.Access.Name, model))
            .GroupBy(a => (a.Body, Owner: a.Access.Target.ContainingType.OriginalDefinition, a.Access.Source));
        foreach (var group in groups)
        {
            var nullableReads = group.Count(a => IsNullableReference(a.Access.Target));
            // Ambient: each State.Current is a context lookup; one per function is enough unless the
            // function enters a context itself (then Current changes inside it).
            var ambientReads = group.Key.Source.Kind == ContextSourceKind.Ambient && !EntersContext(group.Key.Body!) ? group.Count() : 0;
            if (nullableReads < 2 && ambientReads < 2)
                continue;
            var body = group.Key.Body!;
            var owner = (INamedTypeSymbol)group.Key.Owner;
            var used = new HashSet<string>(body.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
            var local = "state";
            if (!SymbolEqualityComparer.Default.Equals(model.GetEnclosingSymbol(body.SpanStart)?.ContainingType?.OriginalDefinition, owner))
                local = char.ToLowerInvariant(owner.Name[0]) + owner.Name.Substring(1) + "State";
            for (var i = 2; used.Contains(local); i++)
                local = (local.EndsWith("State", System.StringComparison.Ordinal) ? local : local.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9')) + i;
            var stateOf = SyntaxBuilders.StateOf(StateTypeAt(body, group.First().Access.Target, model), group.Key.Source, _states.HidesAccessor(group.First().Access.Target.ContainingType));
            var declaration = SyntaxFactory.LocalDeclarationStatement(SyntaxFactory.VariableDeclaration(SyntaxFactory.IdentifierName("var"),
                    SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(local).WithInitializer(SyntaxFactory.EqualsValueClause(stateOf)))))
                .WithAdditionalAnnotations(Formatter.Annotation);
            editor.InsertBefore(body.Statements[0], declaration);
            foreach (var (access, _) in group)
                result[access.Name] = local;
        }

        return result;
    }

    private static bool EntersContext(BlockSyntax body) =>
        body.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Enter" });

    private static BlockSyntax? FunctionBody(SyntaxNode node)
    {
        foreach (var ancestor in node.Ancestors())
        {
            if (ancestor is BlockSyntax { Parent: BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax } block && block.Statements.Count > 0)
                return block;
            if (ancestor is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax)
                return null; // expression-bodied: no statement to hoist into
        }

        return null;
    }

    /// <summary>A source that means the same thing at the start of the function: a parameter, this..., Initial or Current.</summary>
    private static bool IsStable(ContextSource source, SyntaxNode site, SemanticModel model)
    {
        if (!source.IsValue || source.Root == "this")
            return true;
        var found = model.LookupSymbols(site.SpanStart, name: source.RootName);
        return found.Any(s => s is IParameterSymbol) || !found.Any(); // a parameter the migration adds
    }

    private static bool IsNullableReference(ISymbol member) => member switch
    {
        IFieldSymbol field => field.Type.IsReferenceType && field.NullableAnnotation == NullableAnnotation.Annotated,
        IPropertySymbol property => property.Type.IsReferenceType && property.NullableAnnotation == NullableAnnotation.Annotated,
        IEventSymbol => true,
        _ => false,
    };

    /// <summary>A moved <c>[ThreadStatic]</c> field is a <c>ThreadLocal&lt;T&gt;</c> of the state: its value is <c>.Value</c>.</summary>
    private ExpressionSyntax PerThread(MemberAccessExpressionSyntax access, ISymbol target) =>
        _states.IsPerThread(target) ? SyntaxBuilders.Member(access, SyntaxFactory.IdentifierName("Value")) : access;

    /// <summary><c>State</c> inside the owner, <c>Owner.State</c> elsewhere (a nested type may have a State of its own).</summary>
    private ExpressionSyntax StateTypeAt(SyntaxNode site, ISymbol member, SemanticModel model)
    {
        var stateName = SyntaxFactory.IdentifierName(_states.NameOf(member.ContainingType));
        var here = model.GetEnclosingSymbol(site.SpanStart)?.ContainingType ?? model.GetEnclosingSymbol(site.SpanStart) as INamedTypeSymbol;
        var owner = member.ContainingType;
        if (here is not null && SymbolEqualityComparer.Default.Equals(here.OriginalDefinition, owner.OriginalDefinition))
            return stateName;
        var ownerType = SyntaxFactory.ParseTypeName(owner.ToMinimalDisplayString(model, site.SpanStart, SymbolDisplayFormat.MinimallyQualifiedFormat));
        return SyntaxFactory.QualifiedName((NameSyntax)ownerType, stateName);
    }
}
