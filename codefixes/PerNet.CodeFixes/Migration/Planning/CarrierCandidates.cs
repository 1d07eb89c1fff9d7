using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PerNet.Analyzers;

namespace PerNet.CodeFixes.Migration;

/// <summary>
/// Which class hierarchies can carry the context (<see cref="Verdict"/>), and which carriers are in reach of a site
/// (<see cref="InReach"/>). Facts of the solution, worked out once per migration and shared by both planning passes.
/// </summary>
internal sealed class CarrierCandidates
{
    private readonly SolutionIndex _index;
    private readonly MovedCode _moved;
    private readonly Dictionary<string, string?> _verdicts = new();
    private readonly Dictionary<string, bool> _alwaysSet = new();
    private HashSet<string>? _createdGenerically;

    public CarrierCandidates(SolutionIndex index, MovedCode moved)
    {
        _index = index;
        _moved = moved;
    }

    /// <summary>
    /// A readonly field or get-only auto-property of an object that holds another object from its creation
    /// on (a socket's device): set to a new object by its initializer, or by every constructor that does not
    /// chain to another, to a new object or a constructor parameter. A computed property, or a field set
    /// only sometimes, may be null when the site runs.
    /// </summary>
    private bool HoldsFromCreation(ISymbol member)
    {
        var key = SymbolKeys.Of(member);
        if (!_alwaysSet.TryGetValue(key, out var holds))
            _alwaysSet[key] = holds = AlwaysSet(member);
        return holds;
    }

    private static bool AlwaysSet(ISymbol member)
    {
        var declaration = member.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax();
        switch (declaration)
        {
            case VariableDeclaratorSyntax { Initializer.Value: BaseObjectCreationExpressionSyntax }:
            case PropertyDeclarationSyntax { Initializer.Value: BaseObjectCreationExpressionSyntax }:
                return true;
            case PropertyDeclarationSyntax { AccessorList: { } accessors } when accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null):
            case VariableDeclaratorSyntax:
                break;
            default:
                return false; // a computed property
        }

        var constructors = member.ContainingType.InstanceConstructors;
        if (constructors.Any(c => c.IsImplicitlyDeclared))
            return false;
        foreach (var constructor in constructors)
        {
            if (constructor.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not ConstructorDeclarationSyntax syntax)
                return false;
            if (syntax.Initializer is { ThisOrBaseKeyword.RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.ThisKeyword })
                continue; // the constructor it chains to sets it
            var parameters = new HashSet<string>(syntax.ParameterList.Parameters.Select(p => p.Identifier.ValueText));
            var statements = syntax.Body?.Statements.OfType<ExpressionStatementSyntax>().Select(s => s.Expression) ?? Enumerable.Empty<ExpressionSyntax>();
            if (syntax.ExpressionBody is { } arrow)
                statements = statements.Append(arrow.Expression);
            var set = statements.OfType<AssignmentExpressionSyntax>().Any(a =>
                (a.Left is IdentifierNameSyntax left ? left : (a.Left as MemberAccessExpressionSyntax)?.Name)?.Identifier.ValueText == member.Name &&
                (a.Right is BaseObjectCreationExpressionSyntax || a.Right is IdentifierNameSyntax value && parameters.Contains(value.Identifier.ValueText)));
            if (!set)
                return false;
        }

        return true;
    }

    /// <summary>The topmost class of the solution that <paramref name="type"/> is or derives from: a carrier hierarchy is named by it.</summary>
    public static INamedTypeSymbol? Root(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class } named || !named.Locations.Any(l => l.IsInSource))
            return null;
        var root = named.OriginalDefinition;
        while (root.BaseType is { TypeKind: TypeKind.Class } baseType && baseType.Locations.Any(l => l.IsInSource))
            root = baseType.OriginalDefinition;
        return root;
    }

    /// <summary><paramref name="root"/> and every class of the solution derived from it.</summary>
    public List<INamedTypeSymbol> Hierarchy(INamedTypeSymbol root)
    {
        var key = SymbolKeys.Of(root);
        var members = new List<INamedTypeSymbol> { root };
        var seen = new HashSet<string> { key };
        foreach (var type in _index.SourceTypes)
        {
            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                if (SymbolKeys.Of(current.OriginalDefinition) == key)
                {
                    if (seen.Add(SymbolKeys.Of(type.OriginalDefinition)))
                        members.Add(type.OriginalDefinition);
                    break;
                }
            }
        }

        return members;
    }

    /// <summary>
    /// Why the hierarchy rooted at <paramref name="root"/> cannot carry the context (null when it can). A
    /// carrier is a class hierarchy of the solution whose every instance is created by a plain <c>new</c>
    /// where a context can be had: not records, exceptions, attributes or event-args classes; not created by
    /// a framework or generically; never created by the state that moves (it would need itself) nor in a
    /// field initializer (no context there: it would silently take the ambient one); no member that is
    /// already called <c>Net</c> or holds a <c>NetContext</c>.
    /// </summary>
    public string? Verdict(INamedTypeSymbol root)
    {
        var key = SymbolKeys.Of(root);
        if (_verdicts.TryGetValue(key, out var known))
            return known;
        var verdict = Judge();
        _verdicts[key] = verdict;
        return verdict;

        string? Judge()
        {
            if (Root(root) is not { } named || SymbolKeys.Of(named) != key)
                return "not the root of a class hierarchy of the solution";
            for (var current = root.BaseType; current is not null; current = current.BaseType)
            {
                if (current.ToDisplayString() is "System.Exception" or "System.Attribute" or "System.EventArgs" or "System.Delegate")
                    return "an exception, attribute or event-args class";
                if (current.GetMembers(CarrierChoice.PropertyName).Any() || current.GetMembers().Any(HoldsContext))
                    return "already has a member named Net or holding a NetContext";
            }

            if (PerContextTypes.IsBound(root))
                return "already bound to a context";
            // Data, not a stack instance: a collection or buffer view, or a value compared by content.
            if (root.AllInterfaces.Any(i => i.OriginalDefinition.SpecialType is SpecialType.System_Collections_Generic_IEnumerable_T or SpecialType.System_Collections_IEnumerable ||
                                            i.OriginalDefinition.ToDisplayString() is "System.IEquatable<T>" or "System.IComparable<T>" or "System.IComparable"))
                return "a collection or a value compared by content (data, not a stack instance)";
            foreach (var type in Hierarchy(root))
            {
                if (type is not { IsStatic: false, IsRecord: false, IsImplicitlyDeclared: false, IsAnonymousType: false })
                    return $"{type.Name} is a record or static";
                if (type.GetMembers(CarrierChoice.PropertyName).Any() || type.GetMembers().Any(HoldsContext))
                    return $"{type.Name} already has a member named Net or holding a NetContext";
                if (CodeShapes.HasForeignAttributes(type) || type.GetMembers().Any(CodeShapes.HasForeignAttributes) || CreatedGenerically(SymbolKeys.Of(type)))
                    return $"{type.Name} is created by a framework or generically";
                foreach (var constructor in type.InstanceConstructors)
                {
                    foreach (var reference in _index.ReferencesTo(constructor))
                    {
                        if (reference.Kind != ReferenceKind.Call)
                            return $"a constructor of {type.Name} is used other than by a call";
                        if (_moved.IsInsideMovedCode(reference))
                        {
                            if (_moved.LazyTarget(reference) is null)
                                return $"{type.Name} is created by the state that moves";
                            continue; // made on first use, with the state's own context
                        }

                        if (CodeShapes.EnclosingMember(reference.Node, _index.Models[reference.Document.Id]) is null)
                            return $"{type.Name} is created in an initializer, where no context can be passed";
                    }
                }
            }

            if (MadePerOperation(root, new HashSet<string>()))
                return "made and dropped within one operation (a reader, a factory of one message): per-message data, not a stack instance";
            return null;
        }

        static bool HoldsContext(ISymbol member) =>
            !member.IsStatic && (member is IFieldSymbol { Type: var t } && PerContextTypes.IsNetContext(t) || member is IPropertySymbol { Type: var p } && PerContextTypes.IsNetContext(p));
    }

    /// <summary>
    /// Every object of the hierarchy this solution makes is made and dropped within one operation: each <c>new</c> is used
    /// at once (<c>new Reader(data).Read()</c>) or held in a local that is only used — its members called, handed to the
    /// constructor of another such object — never stored in a field, a collection, returned or captured. Such objects
    /// (a datagram reader, a record factory of one response) are per-message data: the sites in them take the context
    /// another way. A hierarchy this solution never makes is not judged so: who makes it, and for how long, is not seen;
    /// nor one that owns a resource (<c>IDisposable</c>: a socket, a connection, a loop), however briefly it is held.
    /// </summary>
    private bool MadePerOperation(INamedTypeSymbol root, HashSet<string> visiting)
    {
        if (!visiting.Add(SymbolKeys.Of(root)))
            return true; // being judged: its other creations decide
        var creations = 0;
        foreach (var type in Hierarchy(root))
        {
            if (type.AllInterfaces.Any(i => i.ToDisplayString() is "System.IDisposable" or "System.IAsyncDisposable"))
                return false; // it owns a resource (a socket, a connection, a loop): a stack instance, however long it is held
            foreach (var constructor in type.InstanceConstructors)
            {
                foreach (var reference in _index.ReferencesTo(constructor))
                {
                    if (reference.Node is not BaseObjectCreationExpressionSyntax creation)
                        continue; // : this(..) / : base(..), not a new object
                    creations++;
                    if (!UsedAndDropped(creation, _index.Models[reference.Document.Id], visiting))
                        return false;
                }
            }
        }

        return creations > 0;
    }

    /// <summary>The object <paramref name="value"/> yields is only used where it is made: see <see cref="MadePerOperation"/>.</summary>
    private bool UsedAndDropped(ExpressionSyntax value, SemanticModel model, HashSet<string> visiting)
    {
        SyntaxNode current = value;
        while (current.Parent is ParenthesizedExpressionSyntax)
            current = current.Parent;
        switch (current.Parent)
        {
            case MemberAccessExpressionSyntax access when access.Expression == current:
                return true; // new Reader(data).Read()
            case ArgumentSyntax { RefKindKeyword.RawKind: 0, Parent.Parent: BaseObjectCreationExpressionSyntax outer }:
                return model.GetTypeInfo(outer).Type is { } made && Root(made) is { } madeRoot && MadePerOperation(madeRoot, visiting); // new Factory(reader)
            case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } when declarator.Parent?.Parent is LocalDeclarationStatementSyntax or UsingStatementSyntax:
                if (model.GetDeclaredSymbol(declarator) is not ILocalSymbol local || declarator.FirstAncestorOrSelf<MemberDeclarationSyntax>() is not { } body)
                    return false;
                foreach (var use in body.DescendantNodes().OfType<IdentifierNameSyntax>())
                {
                    if (use.Identifier.ValueText != local.Name || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(use).Symbol, local))
                        continue;
                    if (use.Ancestors().TakeWhile(a => a != body).Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                        return false; // captured: it may outlive the call
                    if (!UsedAndDropped(use, model, visiting))
                        return false;
                }

                return true;
            default:
                return false; // stored, returned, handed to a method or a collection: it may outlive the operation
        }
    }

    /// <summary>
    /// Values in reach of <paramref name="site"/> whose type passes <paramref name="isCarrier"/>, nearest
    /// first: parameters of the lambdas and local functions around it and of its member (not <c>out</c>,
    /// not nullable), <c>this</c> in an instance member, then <c>this</c>'s readonly fields and get-only
    /// properties (not in a constructor).
    /// </summary>
    /// <remarks>
    /// In order of trust: <c>this</c> and what it holds from creation (never null), then parameters, innermost first. A
    /// parameter that can be null is no source: annotated <c>T?</c>, or optional with a null default (a client's
    /// <c>Log(Message message = null, ..)</c> called with none crashed reading <c>message.Net</c>).
    /// </remarks>
    public IEnumerable<(ContextSource Source, INamedTypeSymbol? Type)> InReach(SyntaxNode site, SemanticModel model, System.Func<INamedTypeSymbol, bool> isCarrier)
    {
        static bool Usable(ITypeSymbol type) => type.NullableAnnotation != NullableAnnotation.Annotated;
        static bool NeverNull(IParameterSymbol parameter) =>
            parameter.RefKind != RefKind.Out && Usable(parameter.Type) && !(parameter.HasExplicitDefaultValue && parameter.ExplicitDefaultValue is null);
        static ContextSource Path(string root, params string[] members) =>
            ContextSource.From(new ContextSources.ContextPath(root == "this" ? root : ContextSources.Escape(root), System.Collections.Immutable.ImmutableArray.Create(members)));
        var parameters = new List<(ContextSource Source, INamedTypeSymbol? Type)>();
        foreach (var ancestor in site.Ancestors())
        {
            if (ancestor is BaseTypeDeclarationSyntax or FieldDeclarationSyntax or GlobalStatementSyntax)
                break;
            if (ancestor is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax
                or ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax or IndexerDeclarationSyntax }))
                continue;
            var symbol = ancestor is AnonymousFunctionExpressionSyntax ? model.GetSymbolInfo(ancestor).Symbol : ancestor is ArrowExpressionClauseSyntax ? null : model.GetDeclaredSymbol(ancestor);
            if (symbol is IMethodSymbol method)
            {
                foreach (var parameter in method.Parameters)
                {
                    if (NeverNull(parameter) && Root(parameter.Type) is { } root && isCarrier(root))
                        parameters.Add((Path(parameter.Name, CarrierChoice.PropertyName), root));
                }
            }

            if (ancestor is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                continue;
            var member = CodeShapes.EnclosingMember(site, model);
            // A constructor takes the context it binds: neither this nor its fields are set up yet.
            if (!(member is null or IMethodSymbol { MethodKind: MethodKind.Constructor } || member.IsStatic || member.ContainingType is not { } type))
            {
                if (Root(type) is { } own && isCarrier(own))
                    yield return (Path("this", CarrierChoice.PropertyName), own);
                foreach (var candidate in type.GetMembers())
                {
                    var valueType = candidate switch
                    {
                        IFieldSymbol { IsStatic: false, IsReadOnly: true, IsImplicitlyDeclared: false } field => field.Type,
                        IPropertySymbol { IsStatic: false, IsIndexer: false, SetMethod: null, GetMethod: not null } property => property.Type,
                        _ => null,
                    };
                    if (valueType is not null && Usable(valueType) && Root(valueType) is { } held && isCarrier(held) && HoldsFromCreation(candidate))
                        yield return (Path("this", candidate.Name, CarrierChoice.PropertyName), held);
                }
            }

            break;
        }

        foreach (var parameter in parameters)
            yield return parameter;
    }

    /// <summary>
    /// <c>Make&lt;C&gt;()</c> under a <c>new()</c> constraint, or <c>Activator.CreateInstance</c> of C
    /// (generic or with <c>typeof(C)</c>): a constructor parameter would break them, so such classes keep
    /// their boundaries. Plain type arguments (<c>List&lt;C&gt;</c>) do not matter. The solution is
    /// scanned once, on the first class that could keep its context.
    /// </summary>
    public bool CreatedGenerically(string typeKey) => (_createdGenerically ??= FindCreatedGenerically()).Contains(typeKey);

    private HashSet<string> FindCreatedGenerically()
    {
        var keys = new HashSet<string>();
        void Add(SemanticModel model, TypeSyntax syntax)
        {
            if (model.GetTypeInfo(syntax).Type is { } bound)
                keys.Add(SymbolKeys.Of(bound.OriginalDefinition));
        }

        foreach (var model in _index.Models.Values)
        {
            foreach (var node in model.SyntaxTree.GetRoot().DescendantNodes())
            {
                switch (node)
                {
                    case GenericNameSyntax generic:
                        var symbol = model.GetSymbolInfo(generic).Symbol;
                        var parameters = symbol switch
                        {
                            IMethodSymbol method => method.TypeParameters,
                            INamedTypeSymbol type => type.TypeParameters,
                            _ => default,
                        };
                        if (parameters.IsDefault)
                            break;
                        var arguments = generic.TypeArgumentList.Arguments;
                        for (var i = 0; i < arguments.Count && i < parameters.Length; i++)
                        {
                            if (parameters[i].HasConstructorConstraint || symbol!.Name == "CreateInstance")
                                Add(model, arguments[i]);
                        }

                        break;
                    case TypeOfExpressionSyntax typeOf when typeOf.Parent is ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax invocation } &&
                        invocation.Expression.ToString().EndsWith("CreateInstance", System.StringComparison.Ordinal):
                        Add(model, typeOf.Type);
                        break;
                }
            }
        }

        return keys;
    }
}
