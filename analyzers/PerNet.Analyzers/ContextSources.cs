using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PerNet.Analyzers;

/// <summary>
/// Finds a context already in scope at a site, in the order DESIGN.md gives: a <c>NetContext</c>
/// parameter or local; then a parameter, local, <c>this</c> or field whose type exposes a context
/// (<c>INetContextBound.Net</c>, or a <c>NetContext</c> property or field). The explicit migration uses it
/// to pick a source; PN0102 and PN0104 use it to know whether an explicit context is at hand.
/// </summary>
internal static class ContextSources
{
    /// <summary>
    /// A context reached from a value in scope: a root (a parameter or local, escaped if a keyword, or
    /// <c>this</c>) and the members read off it (<c>d.Net</c>, <c>this.device.Net</c>). Typed, so the
    /// migration builds its syntax from it instead of parsing printed text; <see cref="ToString"/> is the
    /// text diagnostics show.
    /// </summary>
    public sealed class ContextPath
    {
        public ContextPath(string root, ImmutableArray<string> members)
        {
            Root = root;
            Members = members;
        }

        public string Root { get; }

        public ImmutableArray<string> Members { get; }

        public bool IsThis => Root == "this";

        public override string ToString() => Members.IsEmpty ? Root : Root + "." + string.Join(".", Members);
    }


    /// <summary>
    /// The member path from a value of <paramref name="type"/> to its context (".Net"), or null. Only
    /// members the code at <paramref name="position"/> can access count (a class's own private
    /// <c>net</c> field is no source for code outside it).
    /// </summary>
    public static ImmutableArray<string>? PathToContext(ITypeSymbol? type, SemanticModel model, int position)
    {
        if (type is null || type.NullableAnnotation == NullableAnnotation.Annotated)
            return null;
        if (PerContextTypes.IsNetContext(type))
            return ImmutableArray<string>.Empty;
        if (PerContextTypes.IsBound(type))
            return ImmutableArray.Create("Net");
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member.IsStatic || !model.IsAccessible(position, member))
                    continue;
                if (member is IPropertySymbol { GetMethod: not null, IsIndexer: false } property && PerContextTypes.IsNetContext(property.Type) && property.NullableAnnotation != NullableAnnotation.Annotated)
                    return ImmutableArray.Create(property.Name);
                if (member is IFieldSymbol { IsImplicitlyDeclared: false } field && PerContextTypes.IsNetContext(field.Type) && field.NullableAnnotation != NullableAnnotation.Annotated)
                    return ImmutableArray.Create(field.Name);
            }
        }

        return null;
    }

    /// <summary>
    /// A context expression usable at <paramref name="site"/> from what is already there, or null.
    /// Stops at the enclosing member; lambdas and local functions on the way are transparent (they capture).
    /// </summary>
    public static ContextPath? Find(SyntaxNode site, SemanticModel model)
    {
        ContextPath? exposed = null;
        foreach (var ancestor in site.Ancestors())
        {
            switch (ancestor)
            {
                case BlockSyntax block:
                    foreach (var statement in block.Statements.TakeWhile(s => s.Span.End <= site.SpanStart))
                    {
                        if (statement is not LocalDeclarationStatementSyntax declaration)
                            continue;
                        foreach (var variable in declaration.Declaration.Variables)
                        {
                            // `var` locals are declared nullable; what counts is that the initializer is not null.
                            if (model.GetDeclaredSymbol(variable) is ILocalSymbol local && variable.Initializer is { } initializer &&
                                model.GetTypeInfo(initializer.Value).Nullability.FlowState != NullableFlowState.MaybeNull &&
                                Candidate(local.Name, local.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated), model, site.SpanStart, ref exposed) is { } direct)
                                return direct;
                        }
                    }

                    break;
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax:
                    var symbol = model.GetSymbolInfo(ancestor).Symbol ?? model.GetDeclaredSymbol(ancestor);
                    if (symbol is IMethodSymbol method)
                    {
                        foreach (var parameter in method.Parameters)
                        {
                            if (Candidate(parameter.Name, parameter.Type, model, site.SpanStart, ref exposed) is { } direct)
                                return direct;
                        }
                    }

                    if (ancestor is BaseMethodDeclarationSyntax)
                        return exposed ?? FromThis(ancestor, model);
                    break;
                case AccessorDeclarationSyntax or ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax or IndexerDeclarationSyntax }:
                    if (ancestor.Parent?.Parent is IndexerDeclarationSyntax indexer && model.GetDeclaredSymbol(indexer) is IPropertySymbol indexerSymbol)
                    {
                        foreach (var parameter in indexerSymbol.Parameters)
                        {
                            if (Candidate(parameter.Name, parameter.Type, model, site.SpanStart, ref exposed) is { } direct)
                                return direct;
                        }
                    }

                    return exposed ?? FromThis(ancestor, model);
                case BaseTypeDeclarationSyntax or FieldDeclarationSyntax or GlobalStatementSyntax:
                    return exposed;
            }
        }

        return exposed;
    }

    /// <summary>A parameter or local's name as code writes it: <c>@</c> before a keyword.</summary>
    public static string Escape(string name) =>
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;

    /// <summary>Returns the name for a NetContext; remembers the first value that exposes one.</summary>
    private static ContextPath? Candidate(string name, ITypeSymbol type, SemanticModel model, int position, ref ContextPath? exposed)
    {
        if (PathToContext(type, model, position) is not { } path)
            return null;
        var escaped = Escape(name);
        if (path.IsEmpty)
            return new ContextPath(escaped, path);
        exposed ??= new ContextPath(escaped, path);
        return null;
    }

    /// <summary><c>this.Net</c> or <c>this.field.Net</c> in an instance member of a type that exposes a context.</summary>
    private static ContextPath? FromThis(SyntaxNode memberSyntax, SemanticModel model)
    {
        var member = model.GetDeclaredSymbol(memberSyntax is ArrowExpressionClauseSyntax arrow ? arrow.Parent! : memberSyntax.Parent?.Parent is PropertyDeclarationSyntax or IndexerDeclarationSyntax or EventDeclarationSyntax ? memberSyntax.Parent.Parent : memberSyntax);
        if (member is null || member.IsStatic || member.ContainingType is not { } type)
            return null;
        if (PathToContext(type, model, memberSyntax.SpanStart) is { IsEmpty: false } path)
            return new ContextPath("this", path);
        foreach (var field in type.GetMembers().OfType<IFieldSymbol>())
        {
            if (!field.IsStatic && !field.IsImplicitlyDeclared && PathToContext(field.Type, model, memberSyntax.SpanStart) is { } fieldPath)
                return new ContextPath("this", fieldPath.Insert(0, field.Name));
        }

        return null;
    }
}
