using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using PerNet.Analyzers;

namespace PerNet.CodeFixes.Migration;

/// <summary>
/// The move-state pass: writes each type's <see cref="TypeMove"/> — the moved declarations removed (a public one
/// leaves a forwarder under <c>pernet.keep_api</c>), the static constructor's moved statements removed, and the
/// nested <c>State : PerNet&lt;State&gt;</c> created or extended with the moved members
/// (<see cref="MovedDeclarations"/>) and a constructor for the initialization that needs the state. Shared by the
/// explicit and the ambient style; only the explicit one passes the state's own context to calls.
/// </summary>
internal sealed class StateClassPass
{
    private readonly StateMoves _moves;
    private readonly System.Func<ISymbol, bool> _keepApi;
    private readonly bool _marked;
    private readonly IReadOnlyDictionary<string, ExpressionSyntax> _lazy;
    private readonly MovedDeclarations _declarations;

    public StateClassPass(MigrationPlan plan, bool explicitStyle)
    {
        _moves = plan.States;
        _keepApi = plan.KeepApi;
        _marked = plan.MarksKeptApiObsolete;
        _lazy = plan.LazyMembers;
        _declarations = new MovedDeclarations(_moves, new InStateRewriter(plan.InsideState, explicitStyle ? plan.OwnContextCalls : null, _moves.PerThreadNames, plan.ShadowedInState, plan.OtherStateInside, _moves));
    }

    /// <summary>Marks the state classes this pass created or extended (<see cref="SeparateStateClasses"/>).</summary>
    private static readonly SyntaxAnnotation StateClassAnnotation = new("PerNet.StateClass");

    /// <summary>
    /// Each state class this pass wrote is followed by a blank line before the next member, as when it is created:
    /// a member removed from after an existing one took the blank line that led it, so one fix at a time and Fix All
    /// give the same text.
    /// </summary>
    public static SyntaxNode SeparateStateClasses(SyntaxNode root)
    {
        var separated = root.GetAnnotatedNodes(StateClassAnnotation).Select(n => n.GetLastToken()).Where(close =>
            close.GetNextToken() is { RawKind: not (int)SyntaxKind.CloseBraceToken and not 0 } next &&
            close.TrailingTrivia.Any(SyntaxKind.EndOfLineTrivia) && !next.LeadingTrivia.Any(SyntaxKind.EndOfLineTrivia)).ToList();
        return separated.Count == 0
            ? root
            : root.ReplaceTokens(separated, (original, current) => current.WithTrailingTrivia(current.TrailingTrivia.Add(current.TrailingTrivia.Last(t => t.IsKind(SyntaxKind.EndOfLineTrivia)))));
    }

    /// <summary>Applies this document's part of the type's edits.</summary>
    public void Edit(DocumentEditor editor, TypeMove move, SyntaxTree tree, CancellationToken cancellationToken)
    {
        RemoveMoved(editor, move, tree, cancellationToken);
        var constructor = StateMoves.StaticConstructor(move.Type);
        if (constructor is not null && constructor.SyntaxTree == tree)
        {
            if (move.MovesWholeConstructor)
                editor.RemoveNode(constructor, SyntaxRemoveOptions.KeepDirectives);
            else
                foreach (var statement in move.MovedStatements.Concat(move.LazyStatements))
                    editor.RemoveNode(statement, SyntaxRemoveOptions.KeepDirectives);
        }

        if (move.Host.SyntaxTree == tree)
            AddStateClass(editor, move, cancellationToken);
    }

    /// <summary>
    /// Removes the moved declarations that live in this document (a declaration of several moved variables once).
    /// Directives (<c>#region</c>, <c>#if</c>) stay where they were. With <c>pernet.keep_api</c>, a public one leaves a
    /// forwarder in its place (<see cref="ApiForwarders.ForState"/>).
    /// </summary>
    private void RemoveMoved(DocumentEditor editor, TypeMove move, SyntaxTree tree, CancellationToken cancellationToken)
    {
        var members = move.Members;

        var removed = new HashSet<SyntaxNode>();
        foreach (var member in members)
        {
            foreach (var reference in member.DeclaringSyntaxReferences.Where(r => r.SyntaxTree == tree))
            {
                var node = reference.GetSyntax(cancellationToken);
                if (node is VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: BaseFieldDeclarationSyntax field } declaration })
                {
                    if (declaration.Variables.All(v => MovedDeclarations.IsMoved(v, members, cancellationToken)))
                    {
                        if (removed.Add(field))
                            Remove(editor, field, declaration.Variables.Select(v => Forwarder(v, move, field, cancellationToken)));
                    }
                    else
                    {
                        editor.RemoveNode(node);
                        if (Forwarder((VariableDeclaratorSyntax)node, move, field, cancellationToken) is { } forwarder)
                            editor.InsertAfter(field, forwarder);
                    }
                }
                else
                {
                    Remove(editor, node, new[] { _keepApi(member) && node is MemberDeclarationSyntax declared ? ApiForwarders.ForState(member, declared, move.Name, accessorHidden: _moves.HidesAccessor(move.Type), marked: _marked) : null });
                }
            }
        }

    }

    /// <summary>Adds the members to the state class, in the part that holds it (or the first moved member's part), creating it if needed.</summary>
    private void AddStateClass(DocumentEditor editor, TypeMove move, CancellationToken cancellationToken)
    {
        var host = move.Host;
        var members = move.Members;
        var existing = host.Members.OfType<ClassDeclarationSyntax>().FirstOrDefault(c => c.Identifier.ValueText == move.Name);
        // Fixes may arrive one rule at a time (bulk tools run one pass per analyzer): an existing state
        // class is widened when the members now moving into it need more visibility.
        var accessibility = existing is null ? StateAccessibility.Of(move.Type, members) : Wider(AccessibilityOf(existing), StateAccessibility.Of(move.Type, members));
        if (existing is not null && accessibility != AccessibilityOf(existing))
            editor.ReplaceNode(existing, (current, _) => WithAccessibility((ClassDeclarationSyntax)current, accessibility));
        var newMembers = StateMembers(move, host, accessibility, cancellationToken).ToList();
        if (existing is null)
        {
            // Private is C#'s default for a nested class: written as DESIGN.md shows it, without a modifier.
            var modifiers = accessibility == "private"
                ? SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.SealedKeyword))
                : SyntaxFactory.TokenList(SyntaxFactory.Token(accessibility == "public" ? SyntaxKind.PublicKeyword : SyntaxKind.InternalKeyword), SyntaxFactory.Token(SyntaxKind.SealedKeyword));
            var baseType = SyntaxFactory.SimpleBaseType(GeneratedNames.PerNetOf(move.Name));
            var state = WithDocumentation(SyntaxFactory.ClassDeclaration(move.Name)
                .WithModifiers(modifiers)
                .WithBaseList(SyntaxFactory.BaseList(SyntaxFactory.SingletonSeparatedList<BaseTypeSyntax>(baseType)))
                .WithMembers(SyntaxFactory.List(newMembers))
                .WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed, SyntaxFactory.ElasticCarriageReturnLineFeed), accessibility, move.Type,
                $"The per-context state of {move.Type.Name}: one instance for each network context (namespace).")
                .WithAdditionalAnnotations(Formatter.Annotation, StateClassAnnotation);
            editor.InsertMembers(host, 0, new[] { state });
        }
        else
        {
            // The class is laid out already: the member joins it without the indentation it had.
            editor.ReplaceNode(existing, (current, _) => current.WithAdditionalAnnotations(StateClassAnnotation));
            foreach (var member in newMembers)
                editor.AddMember(existing, member.WithLeadingTrivia(member.GetLeadingTrivia().SkipWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia) || t.IsKind(SyntaxKind.EndOfLineTrivia))));
        }
    }

    private MemberDeclarationSyntax? Forwarder(VariableDeclaratorSyntax variable, TypeMove move, BaseFieldDeclarationSyntax field, CancellationToken cancellationToken) =>
        move.Members.FirstOrDefault(m => m.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) == variable)) is { } member && _keepApi(member)
            ? ApiForwarders.ForState(member, field, move.Name, _moves.IsPerThread(member), _moves.HidesAccessor(move.Type), _marked)
            : null;

    /// <summary>
    /// Removes a moved declaration, directives kept in place; its forwarders, if any, take its place and
    /// its leading trivia (doc comments stay on the public name).
    /// </summary>
    private static void Remove(DocumentEditor editor, SyntaxNode node, IEnumerable<MemberDeclarationSyntax?> forwarders)
    {
        var list = forwarders.Where(f => f is not null).Select(f => f!).ToList();
        if (list.Count == 0)
        {
            editor.RemoveNode(node, SyntaxRemoveOptions.KeepDirectives);
            return;
        }

        if (list.Count > 1)
            editor.InsertAfter(node, list.Skip(1));
        editor.ReplaceNode(node, list[0].WithLeadingTrivia(node.GetLeadingTrivia()).WithTrailingTrivia(node.GetTrailingTrivia()));
    }

    private IEnumerable<MemberDeclarationSyntax> StateMembers(TypeMove move, TypeDeclarationSyntax host, string stateAccessibility, CancellationToken cancellationToken)
    {
        var ordered = move.Members
            .OrderBy(m => m.Locations[0].SourceTree?.FilePath, System.StringComparer.Ordinal)
            .ThenBy(m => m.Locations[0].SourceSpan.Start)
            .ToList();
        var lazy = ordered.Where(m => _lazy.ContainsKey(SymbolKeys.Of(m))).ToList();
        var initializers = ordered.Except(lazy).Where(m => !_moves.IsPerThread(m)).Select(m => (Member: m, Initializer: CodeShapes.Initializer(m, cancellationToken))).Where(p => p.Initializer is not null).ToList();
        // A field initializer cannot read another instance field: if any reads moved state, all become
        // constructor assignments, in declaration order (the order static initialization ran in).
        // So does one that calls code needing a context: it runs with the state's own (Net), an instance member.
        var initializeInConstructor = initializers.Any(p => p.Initializer!.DescendantNodesAndSelf().Any(_moves.IsStateInitialization));

        // Declarators of one declaration move as one declaration.
        var done = new HashSet<SyntaxNode>();
        foreach (var member in ordered)
        {
            var declaration = member.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            var owner = declaration is VariableDeclaratorSyntax ? declaration.Parent!.Parent! : declaration;
            if (!done.Add(owner))
                continue;
            if (lazy.Contains(member))
            {
                foreach (var part in _declarations.LazyDeclarations((MemberDeclarationSyntax)owner, member, move, stateAccessibility))
                    yield return part;
                continue;
            }

            var moved = _declarations.MovedDeclaration((MemberDeclarationSyntax)owner, member, move.Members, stateAccessibility, initializeInConstructor, cancellationToken);
            yield return ConditionalDirectives.Wrap(moved, move.Conditions[member].Opens).WithAdditionalAnnotations(Formatter.Annotation);
        }

        if (initializeInConstructor || move.MovedStatements.Count > 0 || move.MovedExpression is not null || lazy.Count > 0)
        {
            var statements = new List<StatementSyntax>();
            foreach (var member in lazy)
            {
                var value = _declarations.InState(_lazy[SymbolKeys.Of(member)]).WithoutTrivia();
                statements.Add(SyntaxFactory.ExpressionStatement(SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression,
                    SyntaxFactory.IdentifierName(MovedDeclarations.LazyField(member, move)), MovedDeclarations.NewLazy(MovedDeclarations.TypeOf(member, cancellationToken), value))).WithAdditionalAnnotations(Formatter.Annotation));
            }

            if (initializeInConstructor)
            {
                foreach (var (member, initializer) in initializers)
                {
                    statements.Add(SyntaxFactory.ExpressionStatement(SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression,
                        SyntaxFactory.IdentifierName(member.Name), _declarations.InState(MovedDeclarations.AsExpression(initializer!, MovedDeclarations.TypeOf(member, cancellationToken))).WithoutTrivia())).WithAdditionalAnnotations(Formatter.Annotation));
                }
            }

            statements.AddRange(move.MovedStatements.Select(s => _declarations.InState(s)));
            if (move.MovedExpression is { } expression)
                statements.Add(SyntaxFactory.ExpressionStatement(_declarations.InState(expression).WithoutTrivia()));
            yield return WithDocumentation(SyntaxFactory.ConstructorDeclaration(move.Name)
                .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PublicKeyword)))
                .WithBody(SyntaxFactory.Block(statements)), stateAccessibility, move.Type, "Sets up the state for the context it is made for, as the static initialization of the type did once.")
                .WithAdditionalAnnotations(Formatter.Annotation);
        }
    }

    /// <summary>
    /// A summary for what the migration adds to a public state class of a documented type, so a library that requires
    /// documentation (GenerateDocumentationFile, warnings as errors) still builds (CS1591); nothing otherwise.
    /// </summary>
    /// <param name="summary">Plain text, no XML markup.</param>
    private static T WithDocumentation<T>(T declaration, string accessibility, INamedTypeSymbol type, string summary)
        where T : MemberDeclarationSyntax =>
        accessibility == "public" && type.DeclaringSyntaxReferences.Any(part => DocComments.Of(part.GetSyntax()).Count > 0) // documented on any part
            ? declaration.WithLeadingTrivia(SyntaxFactory.ParseLeadingTrivia("/// <summary>" + summary + "</summary>\n").Add(SyntaxFactory.ElasticMarker))
            : declaration;

    private static string Wider(string a, string b)
    {
        int Rank(string x) => x == "public" ? 2 : x == "internal" ? 1 : 0;
        return Rank(a) >= Rank(b) ? a : b;
    }

    private static ClassDeclarationSyntax WithAccessibility(ClassDeclarationSyntax declaration, string accessibility)
    {
        var kept = declaration.Modifiers.Where(m => !m.IsKind(SyntaxKind.PublicKeyword) && !m.IsKind(SyntaxKind.InternalKeyword) && !m.IsKind(SyntaxKind.PrivateKeyword));
        var modifier = SyntaxFactory.Token(accessibility == "public" ? SyntaxKind.PublicKeyword : SyntaxKind.InternalKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        return declaration.WithModifiers(SyntaxFactory.TokenList(new[] { modifier.WithLeadingTrivia(declaration.GetLeadingTrivia()) }.Concat(kept)))
            .WithLeadingTrivia(SyntaxFactory.TriviaList());
    }

    private static string AccessibilityOf(ClassDeclarationSyntax existing) =>
        existing.Modifiers.Any(SyntaxKind.PublicKeyword) ? "public"
        : existing.Modifiers.Any(SyntaxKind.InternalKeyword) ? "internal"
        : "private";
}
