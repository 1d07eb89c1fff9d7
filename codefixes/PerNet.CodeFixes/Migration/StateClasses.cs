using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using PerNet.Analyzers;

namespace PerNet.CodeFixes.Migration;

/// <summary>
/// The nested <c>State : PerNet&lt;State&gt;</c> of each type whose statics move: its members keep
/// their names, types and initializers; a static constructor that only initializes moved state becomes
/// the state's constructor. Shared by the explicit and the ambient migration.
/// </summary>
internal sealed class StateClasses
{
    private const string StateClassName = "State";

    private readonly Dictionary<INamedTypeSymbol, List<ISymbol>> _members;
    private readonly HashSet<SyntaxNode> _insideState;

    private StateClasses(Dictionary<INamedTypeSymbol, List<ISymbol>> members, HashSet<SyntaxNode> insideState)
    {
        _members = members;
        _insideState = insideState;
    }

    public IEnumerable<INamedTypeSymbol> Types => _members.Keys;

    /// <summary>Groups the members by type and checks what cannot be moved safely (reported as problems).</summary>
    public static StateClasses Create(IEnumerable<ISymbol> members, MigrationPlan plan)
    {
        var byType = new Dictionary<INamedTypeSymbol, List<ISymbol>>(SymbolEqualityComparer.Default);
        foreach (var member in members)
        {
            var type = member.ContainingType.OriginalDefinition;
            if (!byType.TryGetValue(type, out var list))
                byType[type] = list = new List<ISymbol>();
            list.Add(member.OriginalDefinition);
        }

        var states = new StateClasses(byType, plan.InsideState);
        foreach (var pair in byType)
            states.Check(pair.Key, pair.Value, plan.Problems);
        return states;
    }

    private void Check(INamedTypeSymbol type, List<ISymbol> members, List<string> problems)
    {
        if (MigrationBlockers.HasForeignStateType(type))
            problems.Add($"{type.Name} already has a nested type named {StateClassName} that is not per-context state");
        foreach (var member in members)
        {
            if (member.DeclaringSyntaxReferences.Length == 0)
                problems.Add($"{member.Name} has no source to move");
            if (member is IPropertySymbol property && !IsAutoProperty(property))
                problems.Add($"{member.Name} is not an auto-property");
        }

        if (StaticConstructor(type) is { } constructor && MovesConstructor(constructor) &&
            MigrationBlockers.StaticConstructorAssignments(type).Any(assigned => !members.Contains(assigned, SymbolEqualityComparer.Default)))
            problems.Add($"the static constructor of {type.Name} initializes both moved and kept static state");
    }

    /// <summary>Applies this document's part of the type's edits.</summary>
    public void Edit(DocumentEditor editor, INamedTypeSymbol type, SyntaxTree tree, SemanticModel model, MigrationPlan plan, CancellationToken cancellationToken)
    {
        var members = _members[type];

        // Remove the moved declarations that live in this document (a declaration of several moved variables once).
        var removed = new HashSet<SyntaxNode>();
        foreach (var member in members)
        {
            foreach (var reference in member.DeclaringSyntaxReferences.Where(r => r.SyntaxTree == tree))
            {
                var node = reference.GetSyntax(cancellationToken);
                if (node is VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: BaseFieldDeclarationSyntax field } declaration })
                {
                    var allMove = declaration.Variables.All(v => members.Any(m => m.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) == v)));
                    if (allMove)
                    {
                        if (removed.Add(field))
                            editor.RemoveNode(field, SyntaxRemoveOptions.KeepNoTrivia);
                    }
                    else
                        editor.RemoveNode(node);
                }
                else
                {
                    editor.RemoveNode(node, SyntaxRemoveOptions.KeepNoTrivia);
                }
            }
        }

        var constructor = StaticConstructor(type);
        var movesConstructor = constructor is not null && MovesConstructor(constructor);
        if (movesConstructor && constructor!.SyntaxTree == tree)
            editor.RemoveNode(constructor, SyntaxRemoveOptions.KeepNoTrivia);

        // Add the members to the state class, in the part that holds it (or the first moved member's part).
        var host = HostDeclaration(type, members, cancellationToken);
        if (host.SyntaxTree != tree)
            return;
        var existing = host.Members.OfType<ClassDeclarationSyntax>().FirstOrDefault(c => c.Identifier.ValueText == StateClassName);
        // Fixes may arrive one rule at a time (bulk tools run one pass per analyzer): an existing state
        // class is widened when the members now moving into it need more visibility.
        var accessibility = existing is null ? Accessibility(members) : Wider(AccessibilityOf(existing), Accessibility(members));
        if (existing is not null && accessibility != AccessibilityOf(existing))
            editor.ReplaceNode(existing, (current, _) => WithAccessibility((ClassDeclarationSyntax)current, accessibility));
        var newMembers = StateMembers(members, accessibility, movesConstructor ? constructor : null, cancellationToken).ToList();
        if (existing is null)
        {
            // Private is C#'s default for a nested class: written as DESIGN.md shows it, without a modifier.
            var modifier = accessibility == "private" ? string.Empty : accessibility + " ";
            var state = SyntaxFactory.ParseMemberDeclaration(
                $"{modifier}sealed class {StateClassName} : PerNet<{StateClassName}>\n{{\n}}\n\n")!;
            state = ((ClassDeclarationSyntax)state).WithMembers(SyntaxFactory.List(newMembers))
                .WithTrailingTrivia(SyntaxFactory.EndOfLine("\n"), SyntaxFactory.EndOfLine("\n"))
                .WithAdditionalAnnotations(Formatter.Annotation);
            editor.InsertMembers(host, 0, new[] { state });
        }
        else
        {
            foreach (var member in newMembers)
                editor.AddMember(existing, member);
        }
    }

    private IEnumerable<MemberDeclarationSyntax> StateMembers(List<ISymbol> members, string stateAccessibility, ConstructorDeclarationSyntax? constructor, CancellationToken cancellationToken)
    {
        var ordered = members
            .OrderBy(m => m.Locations[0].SourceTree?.FilePath, System.StringComparer.Ordinal)
            .ThenBy(m => m.Locations[0].SourceSpan.Start)
            .ToList();
        var initializers = ordered.Select(m => (Member: m, Initializer: Initializer(m, cancellationToken))).Where(p => p.Initializer is not null).ToList();
        // A field initializer cannot read another instance field: if any reads moved state, all become
        // constructor assignments, in declaration order (the order static initialization ran in).
        var initializeInConstructor = initializers.Any(p => p.Initializer!.DescendantNodesAndSelf().Any(_insideState.Contains));

        foreach (var member in ordered)
        {
            var initializer = initializeInConstructor ? null : Initializer(member, cancellationToken);
            var text = new StringBuilder(MemberAccessibility(member, stateAccessibility)).Append(' ');
            switch (member)
            {
                case IFieldSymbol field:
                    var declaration = (BaseFieldDeclarationSyntax)field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken).Parent!.Parent!;
                    if (field.IsReadOnly)
                        text.Append("readonly ");
                    if (field.IsVolatile)
                        text.Append("volatile ");
                    text.Append(declaration.Declaration.Type.ToString()).Append(' ').Append(field.Name);
                    break;
                case IPropertySymbol property:
                    var propertySyntax = (PropertyDeclarationSyntax)property.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
                    text.Append(propertySyntax.Type.ToString()).Append(' ').Append(property.Name)
                        .Append(property.SetMethod is null ? " { get; }" : " { get; set; }");
                    break;
                case IEventSymbol @event:
                    var eventDeclaration = (BaseFieldDeclarationSyntax)@event.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken).Parent!.Parent!;
                    text.Append(eventDeclaration.Declaration.Type.ToString()).Append(' ').Append(@event.Name);
                    break;
            }

            if (initializer is not null)
                text.Append(" = ").Append(InStateText(initializer));
            if (member is not IPropertySymbol || initializer is not null)
                text.Append(';');
            yield return SyntaxFactory.ParseMemberDeclaration(text.ToString() + "\n")!.WithAdditionalAnnotations(Formatter.Annotation);
        }

        if (initializeInConstructor || constructor is not null)
        {
            var body = new StringBuilder();
            if (initializeInConstructor)
            {
                foreach (var (member, initializer) in initializers)
                    body.Append(member.Name).Append(" = ").Append(InStateText(initializer!)).Append(";\n");
            }

            if (constructor?.Body is { } block)
                body.Append(string.Concat(block.Statements.Select(s => InStateText(s) + "\n")));
            else if (constructor?.ExpressionBody is { } arrow)
                body.Append(InStateText(arrow.Expression)).Append(";\n");
            yield return SyntaxFactory.ParseMemberDeclaration($"public {StateClassName}()\n{{\n{body}}}\n")!.WithAdditionalAnnotations(Formatter.Annotation);
        }
    }

    /// <summary>Moved code refers to moved members as the state's own: <c>Arp.cache</c> becomes <c>cache</c>.</summary>
    private string InStateText(SyntaxNode node)
    {
        var rewritten = new InStateRewriter(_insideState).Visit(node);
        return rewritten.ToFullString().Trim();
    }

    private sealed class InStateRewriter : CSharpSyntaxRewriter
    {
        private readonly HashSet<SyntaxNode> _insideState;

        public InStateRewriter(HashSet<SyntaxNode> insideState) => _insideState = insideState;

        public override SyntaxNode? VisitMemberAccessExpression(MemberAccessExpressionSyntax node) =>
            _insideState.Contains(node.Name) ? node.Name.WithTriviaFrom(node) : base.VisitMemberAccessExpression(node);
    }

    private static ExpressionSyntax? Initializer(ISymbol member, CancellationToken cancellationToken) =>
        member.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) switch
        {
            VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
            PropertyDeclarationSyntax property => property.Initializer?.Value,
            _ => null,
        };

    /// <summary>The type declaration the state class goes into: the one that already has it, else the first moved member's.</summary>
    private static TypeDeclarationSyntax HostDeclaration(INamedTypeSymbol type, List<ISymbol> members, CancellationToken cancellationToken)
    {
        var parts = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<TypeDeclarationSyntax>().ToList();
        return parts.FirstOrDefault(p => p.Members.OfType<ClassDeclarationSyntax>().Any(c => c.Identifier.ValueText == StateClassName))
            ?? members.Select(m => m.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken).FirstAncestorOrSelf<TypeDeclarationSyntax>()!)
                .OrderBy(d => d.SyntaxTree.FilePath, System.StringComparer.Ordinal).ThenBy(d => d.SpanStart).First();
    }

    private static bool IsPublic(ISymbol member) =>
        member.DeclaredAccessibility is Microsoft.CodeAnalysis.Accessibility.Public or Microsoft.CodeAnalysis.Accessibility.Protected or Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal;

    /// <summary>
    /// The state class is as visible as its most visible member was: public when a public static moved,
    /// internal when an internal one did, else private.
    /// </summary>
    private static string Accessibility(List<ISymbol> members) =>
        members.Any(IsPublic) ? "public"
        : members.Any(m => m.DeclaredAccessibility != Microsoft.CodeAnalysis.Accessibility.Private) ? "internal"
        : "private";

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

    /// <summary>A static constructor moves into the state when it touches moved state.</summary>
    private bool MovesConstructor(ConstructorDeclarationSyntax constructor) =>
        constructor.DescendantNodes().Any(_insideState.Contains);

    private static bool IsAutoProperty(IPropertySymbol property) =>
        property.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is PropertyDeclarationSyntax { ExpressionBody: null, AccessorList: { } accessors } &&
        accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null);
}
