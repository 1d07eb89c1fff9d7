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
/// The move-state pass: the nested <c>State : PerNet&lt;State&gt;</c> of each type whose statics move.
/// A moved member is its own declaration, edited — attributes, doc comments and comments travel with it;
/// only <c>static</c> and its accessibility change, and a <c>[ThreadStatic]</c> field becomes a
/// <c>ThreadLocal&lt;T&gt;</c> of the state — and the directives
/// around it stay where they were (a member inside a <c>#if</c> within its type moves inside the same
/// condition). A static constructor's statements that initialize moved state become the state's
/// constructor; the rest stay. Shared by the explicit and the ambient migration.
/// </summary>
internal sealed class StateClasses
{
    /// <summary>The state class's name unless <c>pernet.state_class_name</c> says otherwise.</summary>
    public const string DefaultName = "State";

    private static readonly string[] s_alternatives = { "NetState", "PerNetState", "ContextState" };

    // By symbol key, as everywhere in the engine: the same type is a different symbol in each project's compilation.
    private readonly Dictionary<string, TypeMove> _types = new();
    private readonly HashSet<SyntaxNode> _insideState;

    private readonly bool _keepApi;
    private readonly Dictionary<string, ExpressionSyntax> _lazy;
    private readonly HashSet<SyntaxNode> _ownContextCalls;

    // The style being written (set by Edit): only the explicit one passes the state's own context to calls.
    private bool _explicit;

    // Moved [ThreadStatic] fields (ThreadLocal in the state), by key (every access asks) and by name (for
    // moved code that reads them).
    private readonly HashSet<string> _perThreadKeys = new(System.StringComparer.Ordinal);
    private readonly HashSet<string> _perThreadNames = new(System.StringComparer.Ordinal);

    private StateClasses(MigrationPlan plan)
    {
        _insideState = plan.InsideState;
        _keepApi = plan.KeepApi;
        _lazy = plan.LazyMembers;
        _ownContextCalls = plan.OwnContextCalls;
    }

    /// <summary>What moves out of one type.</summary>
    private sealed class TypeMove
    {
        public TypeMove(INamedTypeSymbol type, List<ISymbol> members, string name, TypeDeclarationSyntax host)
        {
            Type = type;
            Members = members;
            Name = name;
            Host = host;
        }

        public INamedTypeSymbol Type { get; }

        /// <summary>The type declaration the state class goes into.</summary>
        public TypeDeclarationSyntax Host { get; }

        /// <summary>The <c>#if</c> conditions each member moves inside.</summary>
        public Dictionary<ISymbol, ConditionalDirectives.Conditions> Conditions { get; } = new(SymbolEqualityComparer.Default);

        public List<ISymbol> Members { get; }

        /// <summary>The state class's name (another free name when the type already uses the configured one).</summary>
        public string Name { get; }

        /// <summary>The static constructor's statements that move into the state's constructor (an expression body as one statement).</summary>
        public List<StatementSyntax> MovedStatements { get; } = new();

        /// <summary>The static constructor's assignments of members made on first use: removed, their value goes to the member.</summary>
        public List<StatementSyntax> LazyStatements { get; } = new();

        /// <summary>True when every statement of the static constructor moves (it is removed).</summary>
        public bool MovesWholeConstructor { get; set; }
    }

    public IEnumerable<INamedTypeSymbol> Types => _types.Values.Select(m => m.Type);

    /// <summary>
    /// A moved <c>[ThreadStatic]</c> field: per context and still per thread, a
    /// <c>System.Threading.ThreadLocal&lt;T&gt;</c> of the state (a scratch buffer shared by the threads of one
    /// context would race). Its initializer, if any, runs on each thread's first read.
    /// </summary>
    public bool IsPerThread(ISymbol member) => _perThreadKeys.Contains(SymbolKeys.Of(member));

    private static bool IsThreadStatic(ISymbol member) =>
        member is IFieldSymbol field && field.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.ThreadStaticAttribute");

    /// <summary>The name of the state class nested in <paramref name="type"/>.</summary>
    public string NameOf(INamedTypeSymbol type) =>
        _types.TryGetValue(SymbolKeys.Of(type), out var move) ? move.Name : DefaultName;

    /// <summary>Groups the members by type and checks what cannot be moved safely (reported as problems).</summary>
    /// <param name="configuredName">The <c>pernet.state_class_name</c> that applies to a type, if any.</param>
    public static StateClasses Create(IEnumerable<ISymbol> members, MigrationPlan plan, System.Func<INamedTypeSymbol, string?> configuredName, SolutionIndex index)
    {
        var byType = new Dictionary<INamedTypeSymbol, List<ISymbol>>(SymbolEqualityComparer.Default);
        foreach (var member in members)
        {
            var type = member.ContainingType.OriginalDefinition;
            if (!byType.TryGetValue(type, out var list))
                byType[type] = list = new List<ISymbol>();
            list.Add(member.OriginalDefinition);
        }

        var states = new StateClasses(plan);
        foreach (var pair in byType)
        {
            var move = new TypeMove(pair.Key, pair.Value, ChooseName(pair.Key, configuredName(pair.Key)), HostDeclaration(pair.Key, pair.Value));
            states._types[SymbolKeys.Of(pair.Key)] = move;
            foreach (var member in move.Members.Where(IsThreadStatic))
            {
                states._perThreadKeys.Add(SymbolKeys.Of(member));
                states._perThreadNames.Add(member.Name);
            }

            states.Check(pair.Key, move, plan, index);
        }

        return states;
    }

    /// <summary>
    /// The configured name (default <c>State</c>) when the type does not already use it for something
    /// else; the existing state class of an earlier run; else the first free alternative.
    /// </summary>
    private static string ChooseName(INamedTypeSymbol type, string? configured)
    {
        var wanted = string.IsNullOrWhiteSpace(configured) || !SyntaxFacts.IsValidIdentifier(configured!.Trim()) ? DefaultName : configured!.Trim();
        bool IsOurs(string name) => type.GetTypeMembers(name).Any(t => t.BaseType is { Name: "PerNet", TypeArguments.Length: 1 } b && SymbolEqualityComparer.Default.Equals(b.TypeArguments[0], t));
        bool IsFree(string name) =>
            name != type.Name && type.TypeParameters.All(p => p.Name != name) &&
            AllMembers(type).All(m => m.Name != name);
        foreach (var candidate in new[] { wanted }.Concat(s_alternatives))
        {
            if (IsOurs(candidate) || IsFree(candidate))
                return candidate;
        }

        for (var i = 2; ; i++)
        {
            if (IsFree(wanted + i))
                return wanted + i;
        }
    }

    private static IEnumerable<ISymbol> AllMembers(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
                yield return member;
        }
    }

    private void Check(INamedTypeSymbol type, TypeMove move, MigrationPlan plan, SolutionIndex index)
    {
        foreach (var member in move.Members)
        {
            if (member.DeclaringSyntaxReferences.Length == 0)
                plan.Refuse(type, $"{member.Name} has no source to move");
            if (member is IPropertySymbol property && !IsAutoProperty(property))
                plan.Refuse(type, $"{type.Name}.{member.Name} is not an auto-property (its accessors have bodies); move its backing field instead");
            var conditions = move.Conditions[member] = ConditionalDirectives.Extra(member, move.Host);
            if (conditions.Problem is { } conditional)
                plan.Refuse(type, $"{type.Name}.{member.Name} is declared inside {conditional}; move it by hand");
            else if (_lazy.ContainsKey(SymbolKeys.Of(member)) && conditions.Opens.Count > 0)
                plan.Refuse(type, $"{type.Name}.{member.Name} needs a context to be made and is declared inside #if; move it by hand");
        }

        // Code excluded by #if is not parsed, so an access there would not be rewritten.
        var names = new HashSet<string>(move.Members.Select(m => m.Name), System.StringComparer.Ordinal);
        foreach (var (name, where) in index.NamesInDisabledCode(type, names))
            plan.Refuse(type, $"{type.Name}.{name} is used in code excluded by #if ({where}), which the migration cannot see or rewrite");

        if (StaticConstructor(type) is { Body: { } body } && body.DescendantNodes().Any(IsStateInitialization))
            SplitStaticConstructor(type, move, body, plan);
        else if (StaticConstructor(type) is { ExpressionBody: { } arrow } && arrow.DescendantNodes().Any(IsStateInitialization))
        {
            move.MovedStatements.Add(SyntaxFactory.ExpressionStatement(InState(arrow.Expression).WithoutTrivia()));
            move.MovesWholeConstructor = true;
        }
    }

    /// <summary>
    /// A statement of the static constructor that touches moved state moves into the state's constructor
    /// (it runs once per context); the others stay. A statement that would have to do both — set kept
    /// statics from moved state, or use a local of a statement that stays — makes the type refused.
    /// </summary>
    private void SplitStaticConstructor(INamedTypeSymbol type, TypeMove move, BlockSyntax body, MigrationPlan plan)
    {
        var kept = MigrationBlockers.StaticConstructorAssignments(type).Where(a => !move.Members.Contains(a, SymbolEqualityComparer.Default)).Select(a => a.Name).ToList();
        var keptLocals = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var statement in body.Statements)
        {
            if (statement is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax assignment } && _lazy.Values.Contains(assignment.Right))
            {
                move.LazyStatements.Add(statement);
                continue;
            }

            // A statement that touches moved state, or calls code that needs a context (registers defaults through
            // the type's own methods), is the state's initialization: it runs once per context, with it.
            var moves = statement.DescendantNodesAndSelf().Any(IsStateInitialization);
            if (!moves)
            {
                foreach (var local in statement.DescendantNodesAndSelf().OfType<VariableDeclaratorSyntax>())
                    keptLocals.Add(local.Identifier.ValueText);
                continue;
            }

            var assigned = statement.DescendantNodesAndSelf().OfType<AssignmentExpressionSyntax>()
                .Select(a => (a.Left as MemberAccessExpressionSyntax)?.Name.Identifier.ValueText ?? (a.Left as IdentifierNameSyntax)?.Identifier.ValueText);
            var usedLocals = statement.DescendantNodes().OfType<IdentifierNameSyntax>().Select(i => i.Identifier.ValueText).Where(keptLocals.Contains);
            if (assigned.Any(a => a is not null && kept.Contains(a)) || usedLocals.Any())
            {
                plan.Refuse(type, $"the static constructor of {type.Name} has a statement that both uses moved state and sets or uses what stays ({statement.GetLocation().GetLineSpan()}); split it by hand");
                return;
            }

            move.MovedStatements.Add(statement);
        }

        move.MovesWholeConstructor = move.MovedStatements.Count + move.LazyStatements.Count == body.Statements.Count;
    }

    /// <summary>Applies this document's part of the type's edits.</summary>
    /// <param name="explicitStyle">True for the explicit style: calls in members made on first use pass the state's own context.</param>
    public void Edit(DocumentEditor editor, INamedTypeSymbol type, SyntaxTree tree, bool explicitStyle, CancellationToken cancellationToken)
    {
        _explicit = explicitStyle;
        var move = _types[SymbolKeys.Of(type)];
        var members = move.Members;

        // Remove the moved declarations that live in this document (a declaration of several moved
        // variables once). Directives (#region, #if) stay where they were.
        // With pernet.keep_api, a public one leaves a forwarder in its place (ApiForwarders.ForState).
        var removed = new HashSet<SyntaxNode>();
        foreach (var member in members)
        {
            foreach (var reference in member.DeclaringSyntaxReferences.Where(r => r.SyntaxTree == tree))
            {
                var node = reference.GetSyntax(cancellationToken);
                if (node is VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: BaseFieldDeclarationSyntax field } declaration })
                {
                    if (declaration.Variables.All(v => IsMoved(v, members, cancellationToken)))
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
                    Remove(editor, node, new[] { _keepApi && node is MemberDeclarationSyntax declared ? ApiForwarders.ForState(member, declared, move.Name) : null });
                }
            }
        }

        var constructor = StaticConstructor(type);
        if (constructor is not null && constructor.SyntaxTree == tree)
        {
            if (move.MovesWholeConstructor)
                editor.RemoveNode(constructor, SyntaxRemoveOptions.KeepDirectives);
            else
                foreach (var statement in move.MovedStatements.Concat(move.LazyStatements))
                    editor.RemoveNode(statement, SyntaxRemoveOptions.KeepDirectives);
        }

        // Add the members to the state class, in the part that holds it (or the first moved member's part).
        var host = move.Host;
        if (host.SyntaxTree != tree)
            return;
        var existing = host.Members.OfType<ClassDeclarationSyntax>().FirstOrDefault(c => c.Identifier.ValueText == move.Name);
        // Fixes may arrive one rule at a time (bulk tools run one pass per analyzer): an existing state
        // class is widened when the members now moving into it need more visibility.
        var accessibility = existing is null ? Accessibility(members) : Wider(AccessibilityOf(existing), Accessibility(members));
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
            var state = SyntaxFactory.ClassDeclaration(move.Name)
                .WithModifiers(modifiers)
                .WithBaseList(SyntaxFactory.BaseList(SyntaxFactory.SingletonSeparatedList<BaseTypeSyntax>(baseType)))
                .WithMembers(SyntaxFactory.List(newMembers))
                .WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed, SyntaxFactory.ElasticCarriageReturnLineFeed)
                .WithAdditionalAnnotations(Formatter.Annotation);
            editor.InsertMembers(host, 0, new[] { state });
        }
        else
        {
            // The class is laid out already: the member joins it without the indentation it had.
            foreach (var member in newMembers)
                editor.AddMember(existing, member.WithLeadingTrivia(member.GetLeadingTrivia().SkipWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia) || t.IsKind(SyntaxKind.EndOfLineTrivia))));
        }
    }

    private MemberDeclarationSyntax? Forwarder(VariableDeclaratorSyntax variable, TypeMove move, BaseFieldDeclarationSyntax field, CancellationToken cancellationToken) =>
        _keepApi && move.Members.FirstOrDefault(m => m.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) == variable)) is { } member
            ? ApiForwarders.ForState(member, field, move.Name, IsPerThread(member))
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

    private static bool IsMoved(VariableDeclaratorSyntax variable, List<ISymbol> members, CancellationToken cancellationToken) =>
        members.Any(m => m.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) == variable));

    private IEnumerable<MemberDeclarationSyntax> StateMembers(TypeMove move, TypeDeclarationSyntax host, string stateAccessibility, CancellationToken cancellationToken)
    {
        var ordered = move.Members
            .OrderBy(m => m.Locations[0].SourceTree?.FilePath, System.StringComparer.Ordinal)
            .ThenBy(m => m.Locations[0].SourceSpan.Start)
            .ToList();
        var lazy = ordered.Where(m => _lazy.ContainsKey(SymbolKeys.Of(m))).ToList();
        var initializers = ordered.Except(lazy).Where(m => !IsPerThread(m)).Select(m => (Member: m, Initializer: Initializer(m, cancellationToken))).Where(p => p.Initializer is not null).ToList();
        // A field initializer cannot read another instance field: if any reads moved state, all become
        // constructor assignments, in declaration order (the order static initialization ran in).
        // So does one that calls code needing a context: it runs with the state's own (Net), an instance member.
        var initializeInConstructor = initializers.Any(p => p.Initializer!.DescendantNodesAndSelf().Any(IsStateInitialization));

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
                foreach (var part in LazyDeclarations((MemberDeclarationSyntax)owner, member, move, stateAccessibility))
                    yield return part;
                continue;
            }

            var moved = MovedDeclaration((MemberDeclarationSyntax)owner, member, move.Members, stateAccessibility, initializeInConstructor, cancellationToken);
            yield return ConditionalDirectives.Wrap(moved, move.Conditions[member].Opens).WithAdditionalAnnotations(Formatter.Annotation);
        }

        if (initializeInConstructor || move.MovedStatements.Count > 0 || lazy.Count > 0)
        {
            var statements = new List<StatementSyntax>();
            foreach (var member in lazy)
            {
                var value = InState(_lazy[SymbolKeys.Of(member)]).WithoutTrivia();
                statements.Add(SyntaxFactory.ExpressionStatement(SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression,
                    SyntaxFactory.IdentifierName(LazyField(member, move)), NewLazy(TypeOf(member, cancellationToken), value))).WithAdditionalAnnotations(Formatter.Annotation));
            }

            if (initializeInConstructor)
            {
                foreach (var (member, initializer) in initializers)
                {
                    statements.Add(SyntaxFactory.ExpressionStatement(SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression,
                        SyntaxFactory.IdentifierName(member.Name), InState(AsExpression(initializer!, TypeOf(member, cancellationToken))).WithoutTrivia())).WithAdditionalAnnotations(Formatter.Annotation));
                }
            }

            statements.AddRange(move.MovedStatements.Select(s => InState(s)));
            yield return SyntaxFactory.ConstructorDeclaration(move.Name)
                .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PublicKeyword)))
                .WithBody(SyntaxFactory.Block(statements))
                .WithAdditionalAnnotations(Formatter.Annotation);
        }
    }

    /// <summary>
    /// A member made on first use: <c>private readonly System.Lazy&lt;T&gt; _name;</c> (set by the state's
    /// constructor) and the member as a property over it, with the declaration's attributes and comments.
    /// A writable one gets a setter. <see cref="System.Lazy{T}"/> makes it once, even under races, and
    /// throws rather than recursing if its own making needs it.
    /// </summary>
    private IEnumerable<MemberDeclarationSyntax> LazyDeclarations(MemberDeclarationSyntax declaration, ISymbol member, TypeMove move, string stateAccessibility)
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

    private static TypeSyntax LazyType(TypeSyntax type) => GeneratedNames.Global("System.Lazy", type.WithoutTrivia());

    /// <summary><c>new System.Lazy&lt;T&gt;(() => value)</c>.</summary>
    private static ExpressionSyntax NewLazy(TypeSyntax type, ExpressionSyntax value) =>
        SyntaxFactory.ObjectCreationExpression(LazyType(type).WithLeadingTrivia(SyntaxFactory.Space))
            .WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.ParenthesizedLambdaExpression(value)))));

    /// <summary>The backing field of a member made on first use: <c>_name</c>, or another free name.</summary>
    private static string LazyField(ISymbol member, TypeMove move)
    {
        var taken = new HashSet<string>(move.Members.Select(m => m.Name).Concat(AllMembers(move.Type).Select(m => m.Name)), System.StringComparer.Ordinal);
        var name = "_" + member.Name;
        while (taken.Contains(name))
            name += "Lazy";
        return name;
    }

    /// <summary>
    /// An initializer as an expression that stands anywhere: an array initializer (<c>{ a, b }</c>, valid only in a
    /// declaration) becomes an array creation (<c>new T[] { a, b }</c>) when it moves into an assignment or a lambda.
    /// </summary>
    private static ExpressionSyntax AsExpression(ExpressionSyntax initializer, TypeSyntax type) =>
        initializer is InitializerExpressionSyntax { RawKind: (int)SyntaxKind.ArrayInitializerExpression } array && type is ArrayTypeSyntax arrayType
            ? SyntaxFactory.ArrayCreationExpression(arrayType.WithoutTrivia().WithLeadingTrivia(SyntaxFactory.Space), array)
            : initializer;

    private static TypeSyntax TypeOf(ISymbol member, CancellationToken cancellationToken) =>
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
    private MemberDeclarationSyntax MovedDeclaration(MemberDeclarationSyntax declaration, ISymbol member, List<ISymbol> moving, string stateAccessibility, bool initializeInConstructor, CancellationToken cancellationToken)
    {
        var leading = WithoutDirectives(declaration.GetLeadingTrivia());
        var accessibility = SyntaxFactory.Token(MemberAccessibility(member, stateAccessibility) == "public" ? SyntaxKind.PublicKeyword : SyntaxKind.InternalKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        var attributes = WithoutThreadStatic(declaration.AttributeLists);
        var modifiers = SyntaxFactory.TokenList(new[] { accessibility }.Concat(declaration.Modifiers.Where(KeepsModifier).Select(m => m.WithLeadingTrivia())));

        VariableDeclarationSyntax Variables(VariableDeclarationSyntax variables) =>
            variables.WithVariables(SyntaxFactory.SeparatedList(
                variables.Variables.Where(v => IsMoved(v, moving, cancellationToken))
                    .Select(v => initializeInConstructor || v.Initializer is null
                        ? v.WithInitializer(null).WithIdentifier(v.Identifier.WithTrailingTrivia())
                        : v.WithInitializer(v.Initializer.WithValue(InState(v.Initializer.Value))))));

        MemberDeclarationSyntax result = declaration switch
        {
            FieldDeclarationSyntax field when IsPerThread(member) => PerThreadField(field, attributes, modifiers, moving, cancellationToken),
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
        var accessors = property.AccessorList!.WithAccessors(SyntaxFactory.List(property.AccessorList.Accessors.Select(a => a.WithModifiers(default).WithLeadingTrivia(a.Modifiers.FirstOrDefault().LeadingTrivia.AddRange(a.Keyword.LeadingTrivia)))));
        var result = property.WithAttributeLists(attributes).WithModifiers(modifiers).WithAccessorList(accessors);
        if (property.Initializer is null)
            return result;
        if (initializeInConstructor)
            return result.WithInitializer(null).WithSemicolonToken(default).WithAccessorList(accessors.WithTrailingTrivia(property.SemicolonToken.TrailingTrivia));
        return result.WithInitializer(property.Initializer.WithValue(InState(property.Initializer.Value)));
    }

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

    /// <summary>A node that makes its code the state's initialization: it reads moved state, or calls code that needs a context.</summary>
    private bool IsStateInitialization(SyntaxNode node) => _insideState.Contains(node) || _ownContextCalls.Contains(node);

    /// <summary>Moved code refers to moved members as the state's own: <c>Arp.cache</c> becomes <c>cache</c>.</summary>
    private T InState<T>(T node)
        where T : SyntaxNode => (T)new InStateRewriter(_insideState, _explicit ? _ownContextCalls : null, _perThreadNames).Visit(node);

    /// <summary>
    /// Moved code as the state's own: moved members by their bare names; in the explicit style, a call
    /// that needs a context passes the state's (<c>Net</c>, the context that creates the state).
    /// </summary>
    private sealed class InStateRewriter : CSharpSyntaxRewriter
    {
        private readonly HashSet<SyntaxNode> _insideState;
        private readonly HashSet<SyntaxNode>? _ownContextCalls;
        private readonly HashSet<string> _perThread;

        public InStateRewriter(HashSet<SyntaxNode> insideState, HashSet<SyntaxNode>? ownContextCalls, HashSet<string> perThread)
        {
            _insideState = insideState;
            _ownContextCalls = ownContextCalls;
            _perThread = perThread;
        }

        public override SyntaxNode? VisitMemberAccessExpression(MemberAccessExpressionSyntax node) =>
            _insideState.Contains(node.Name) ? Value(node.Name.WithTriviaFrom(node), node.Name) : base.VisitMemberAccessExpression(node);

        public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node) =>
            _insideState.Contains(node) ? Value(node, node) : node;

        /// <summary>A per-thread member read through its <c>ThreadLocal</c>.</summary>
        private ExpressionSyntax Value(ExpressionSyntax expression, SimpleNameSyntax name) =>
            _perThread.Contains(name.Identifier.ValueText)
                ? SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, expression.WithoutTrivia(), SyntaxFactory.IdentifierName("Value")).WithTriviaFrom(expression)
                : expression;

        public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
        {
            var visited = (InvocationExpressionSyntax)base.VisitInvocationExpression(node)!;
            return _ownContextCalls?.Contains(node) == true ? visited.WithArgumentList(visited.ArgumentList.WithArguments(SignaturePass.Insert(visited.ArgumentList.Arguments, 0, Own()))) : visited;
        }

        public override SyntaxNode? VisitObjectCreationExpression(ObjectCreationExpressionSyntax node)
        {
            var visited = (ObjectCreationExpressionSyntax)base.VisitObjectCreationExpression(node)!;
            if (_ownContextCalls?.Contains(node) != true)
                return visited;
            return visited.ArgumentList is { } list
                ? visited.WithArgumentList(list.WithArguments(SignaturePass.Insert(list.Arguments, 0, Own())))
                : visited.WithType(visited.Type.WithoutTrailingTrivia()).WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(Own())));
        }

        public override SyntaxNode? VisitImplicitObjectCreationExpression(ImplicitObjectCreationExpressionSyntax node)
        {
            var visited = (ImplicitObjectCreationExpressionSyntax)base.VisitImplicitObjectCreationExpression(node)!;
            return _ownContextCalls?.Contains(node) == true ? visited.WithArgumentList(visited.ArgumentList.WithArguments(SignaturePass.Insert(visited.ArgumentList.Arguments, 0, Own()))) : visited;
        }

        private static ArgumentSyntax Own() => SyntaxFactory.Argument(SyntaxFactory.IdentifierName("Net"));
    }

    private static ExpressionSyntax? Initializer(ISymbol member, CancellationToken cancellationToken) =>
        member.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) switch
        {
            VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
            PropertyDeclarationSyntax property => property.Initializer?.Value,
            _ => null,
        };

    /// <summary>The type declaration the state class goes into: the one that already has it, else the first moved member's.</summary>
    private static TypeDeclarationSyntax HostDeclaration(INamedTypeSymbol type, List<ISymbol> members)
    {
        var parts = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>().ToList();
        return parts.FirstOrDefault(p => p.Members.OfType<ClassDeclarationSyntax>().Any(c => c.BaseList?.Types.FirstOrDefault()?.Type is GenericNameSyntax { Identifier.ValueText: "PerNet" }))
            ?? members.Where(m => m.DeclaringSyntaxReferences.Length > 0)
                .Select(m => m.DeclaringSyntaxReferences[0].GetSyntax().FirstAncestorOrSelf<TypeDeclarationSyntax>()!)
                .OrderBy(d => d.SyntaxTree.FilePath, System.StringComparer.Ordinal).ThenBy(d => d.SpanStart).First();
    }

    private static bool IsPublic(ISymbol member) =>
        member.DeclaredAccessibility is Microsoft.CodeAnalysis.Accessibility.Public or Microsoft.CodeAnalysis.Accessibility.Protected or Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal;

    /// <summary>
    /// The state class is as visible as its most visible member was: public when a public static moved,
    /// internal when an internal one did, else private.
    /// </summary>
    private static string Accessibility(List<ISymbol> members)
    {
        var wanted = members.Any(IsPublic) ? "public"
            : members.Any(m => m.DeclaredAccessibility != Microsoft.CodeAnalysis.Accessibility.Private) ? "internal"
            : "private";
        // Never more visible than a moved member's type: a private nested Entry in a public state class is CS0052.
        foreach (var member in members)
        {
            var type = member switch { IFieldSymbol f => f.Type, IPropertySymbol p => p.Type, IEventSymbol e => e.Type, _ => null };
            if (type is not null)
                wanted = Narrower(wanted, Visibility(type));
        }

        return wanted;
    }

    private static string Narrower(string a, string b) => Wider(a, b) == a ? b : a;

    /// <summary>How far a type is visible: the least of its own, its containing types', its elements' and its type arguments'.</summary>
    private static string Visibility(ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return Visibility(array.ElementType);
            case IPointerTypeSymbol pointer:
                return Visibility(pointer.PointedAtType);
            case INamedTypeSymbol named:
                var result = "public";
                for (var current = named; current is not null; current = current.ContainingType)
                {
                    result = Narrower(result, current.DeclaredAccessibility switch
                    {
                        Microsoft.CodeAnalysis.Accessibility.Public => "public",
                        Microsoft.CodeAnalysis.Accessibility.Internal or Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => "internal",
                        _ => "private",
                    });
                }

                foreach (var argument in named.TypeArguments)
                    result = Narrower(result, Visibility(argument));
                return result;
            default:
                return "public";
        }
    }

    /// <summary>Members are public, except formerly non-public ones in a public state class (their types may be internal).</summary>
    private static string MemberAccessibility(ISymbol member, string stateAccessibility) =>
        stateAccessibility == "public" && !IsPublic(member) ? "internal" : "public";

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

    private static ConstructorDeclarationSyntax? StaticConstructor(INamedTypeSymbol type) =>
        type.StaticConstructors.FirstOrDefault(c => !c.IsImplicitlyDeclared)?.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() as ConstructorDeclarationSyntax;

    private static bool IsAutoProperty(IPropertySymbol property) =>
        property.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is PropertyDeclarationSyntax { ExpressionBody: null, AccessorList: { } accessors } &&
        accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null);
}
