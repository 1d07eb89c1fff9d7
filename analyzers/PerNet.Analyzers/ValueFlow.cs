using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace PerNet.Analyzers;

/// <summary>
/// Follows an array or collection that leaves a static member into the code of this compilation
/// that receives it, to see whether anything there writes into it. A table handed to a private
/// field, a local, or a parameter of our own method or constructor stays a constant table when every
/// use of that field, local or parameter only reads it (indexes, measures, enumerates, passes it on
/// as a read-only view or to a BCL reader). Anything not followed — a return, a field other
/// assemblies can reach, a virtual or abstract target, more than a few hops — counts as written.
/// Bound on demand: only members that escape pay for it, once per escape.
/// </summary>
internal static class ValueFlow
{
    /// <summary>How many fields, locals and parameters one question may visit before it answers "written".</summary>
    private const int Budget = 256;

    /// <summary>Whether the value <paramref name="reference"/> yields may be written by the code it flows to.</summary>
    public static bool MayBeWritten(IOperation reference, Compilation compilation, CancellationToken cancellationToken)
    {
        if (!StaticMemberTracker.EscapesAsWritable(reference))
            return false;
        return !FlowsOnlyToReaders(reference, new Walk(compilation, followsPublicReturns: false, cancellationToken));
    }

    /// <summary>
    /// One question's walk: the code it may bind, what it has visited (each holder once, at most <see cref="Budget"/>),
    /// and whether a value returned by a method other assemblies can call is judged by this compilation's callers
    /// (a type's own fields: what its public methods hand out is read, unless a type here allows writing it) or counts
    /// as written (a static table: handed out, anyone may write it unless the return type is a read-only view).
    /// </summary>
    private sealed class Walk
    {
        public Walk(Compilation compilation, bool followsPublicReturns, CancellationToken cancellationToken)
        {
            Compilation = compilation;
            FollowsPublicReturns = followsPublicReturns;
            CancellationToken = cancellationToken;
        }

        public Compilation Compilation { get; }

        public bool FollowsPublicReturns { get; }

        public CancellationToken CancellationToken { get; }

        public HashSet<ISymbol> Visited { get; } = new(SymbolEqualityComparer.Default);
    }

    /// <summary>True when every place the value reaches from <paramref name="value"/> only reads it.</summary>
    private static bool FlowsOnlyToReaders(IOperation value, Walk walk)
    {
        if (value.Parent is IConversionOperation { IsImplicit: true, Type.SpecialType: SpecialType.System_Object } boxed && value.Type is { IsReferenceType: true } type &&
            !ReachesReflection(boxed))
            return CallbacksOnlyRead(boxed, type, walk) && CastsBackOnlyRead(type, walk); // received as an object (a property bag, a format argument): only code that casts it back can change it
        var current = value;
        while (current.Parent is IConversionOperation { Parent: not IArgumentOperation } or IParenthesizedOperation or IConditionalOperation or ICoalesceOperation)
        {
            if (current.Parent is IConditionalOperation conditional && conditional.Condition == current)
                return true;
            current = current.Parent;
        }

        if (!ReferenceEquals(current, value) && !StaticMemberTracker.EscapesAsWritable(current))
            return true;

        switch (current.Parent)
        {
            case IArgumentOperation argument:
                return ReachesOnlyReaders(argument.Parameter, walk);
            case IConversionOperation { Parent: IArgumentOperation argument }:
                return ReachesOnlyReaders(argument.Parameter, walk);
            case ISimpleAssignmentOperation assignment when assignment.Value == current:
                return assignment.Target switch
                {
                    ILocalReferenceOperation local => ReachesOnlyReaders(local.Local, walk),
                    IFieldReferenceOperation field => ReachesOnlyReaders(field.Field, walk),
                    IPropertyReferenceOperation property when SymbolFacts.BackingField(property.Property) is not null => ReachesOnlyReaders(property.Property, walk),
                    _ => false,
                };
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return ReachesOnlyReaders(declarator.Symbol, walk);
            case IReturnOperation returned when returned.ReturnedValue == current && returned.Kind == OperationKind.Return:
                return ReturnedOnlyToReaders(returned, walk);
            default:
                return false;
        }
    }

    /// <summary>
    /// An object handed to a method of another assembly that the BCL table says writes or reinterprets what it is given
    /// without a cast (<c>FieldInfo.SetValue(target, ..)</c>, <c>Unsafe.As&lt;T&gt;(o)</c>): judged as any argument, not as
    /// a value seen as <c>object</c>.
    /// </summary>
    private static bool ReachesReflection(IConversionOperation boxed) =>
        boxed.Parent is IArgumentOperation { Parameter: { ContainingSymbol: IMethodSymbol method } parameter } &&
        !method.Locations.Any(l => l.IsInSource) && StaticMemberTracker.IsBclWriter(method, parameter);

    /// <summary>
    /// Every place in this compilation that could get a value of <paramref name="type"/> back from an <c>object</c> (a
    /// cast, <c>as</c>, a type pattern that names a variable) only reads what it gets: a serializer's <c>case
    /// IDictionary&lt;string, object&gt; table:</c> that writes the table out does not change it. Another assembly that
    /// receives the object is not seen: what it could do is judged by the type's own judgement.
    /// </summary>
    private static bool CastsBackOnlyRead(ITypeSymbol type, Walk walk)
    {
        foreach (var site in CastsBack.Sites(type, walk.Compilation, walk.CancellationToken))
        {
            var model = SemanticModels.For(walk.Compilation, site.SyntaxTree);
            if (!CallbackGivenOnlyTypedValues(site, model, walk) && !CastOnlyReads(site, model, walk))
                return false;
        }

        return true;
    }

    /// <summary>What one cast or type test gets back is only read (a test that keeps nothing only reads).</summary>
    private static bool CastOnlyReads(SyntaxNode site, SemanticModel model, Walk walk)
    {
        switch (site)
        {
            case DeclarationPatternSyntax or RecursivePatternSyntax when Designated(site) is { } variable:
                return ReachesOnlyReaders(model.GetDeclaredSymbol(variable, walk.CancellationToken), walk);
            case DeclarationPatternSyntax or RecursivePatternSyntax:
                return true; // `is T _`, `is T { Count: 0 }`: a test, nothing is kept
            case BinaryExpressionSyntax test when test.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.IsExpression):
                return true;
            default:
                return model.GetOperation(site, walk.CancellationToken) is { } cast &&
                       StaticMemberTracker.Classify(cast) != SiteKind.Mutate && (!StaticMemberTracker.EscapesAsWritable(cast) || FlowsOnlyToReaders(cast, walk));
        }

        static SingleVariableDesignationSyntax? Designated(SyntaxNode pattern) => pattern switch
        {
            DeclarationPatternSyntax { Designation: SingleVariableDesignationSyntax variable } => variable,
            RecursivePatternSyntax { Designation: SingleVariableDesignationSyntax variable } => variable,
            _ => null,
        };
    }

    /// <summary>
    /// A value handed as an <c>object</c> to a method of another assembly together with a callback of this compilation
    /// (<c>ThreadPool.QueueUserWorkItem(Stamp, headers)</c>, <c>propagator.Inject(activity, headers, SetHeader)</c>): that
    /// method hands the callback its state, so each <c>object</c> parameter of the callback must only read what it gets.
    /// True when there is no such callback.
    /// </summary>
    private static bool CallbacksOnlyRead(IConversionOperation boxed, ITypeSymbol type, Walk walk)
    {
        if (boxed.Parent is not IArgumentOperation argument || !IsCallToOtherAssembly(argument.Parent))
            return true;
        foreach (var other in Arguments(argument.Parent!))
        {
            if (Callback(other.Value) is not { } callback || callback.DeclaringSyntaxReferences.Length == 0)
                continue;
            foreach (var parameter in callback.Parameters)
            {
                if ((parameter.Type.SpecialType == SpecialType.System_Object || parameter.Type.TypeKind == TypeKind.Dynamic) && !ReachesOnlyReaders(parameter, walk))
                    return false;
            }

            // its casts of what it is handed, which the casts of the whole compilation leave to this walk
            var bodies = callback.DeclaringSyntaxReferences.Select(r => r.GetSyntax(walk.CancellationToken)).ToList();
            foreach (var site in CastsBack.Sites(type, walk.Compilation, walk.CancellationToken))
            {
                if (bodies.Any(b => b.SyntaxTree == site.SyntaxTree && b.Span.Contains(site.Span)) &&
                    !CastOnlyReads(site, SemanticModels.For(walk.Compilation, site.SyntaxTree), walk))
                    return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A cast or type test of a callback's <c>object</c> parameter that the callback is only ever handed values that had a
    /// type of their own before they became objects: the callback is a method of this compilation (or a lambda) that is
    /// only handed, as a delegate, to methods of other assemblies, with state of a static type other than <c>object</c>
    /// for that parameter (<c>propagator.Inject(activity, headers, SetHeader)</c> with <c>IDictionary&lt;string, object&gt;
    /// headers</c>). A value of ours reaches that parameter only while it is such a typed value, which the walk follows
    /// into the callback itself (<see cref="CallbacksOnlyRead"/>); what a property bag holds as an object never comes
    /// back this way. A callback also called directly is not left out (a value handed to it as an object is judged by
    /// its casts). Assumed of other assemblies (a summary, as for the BCL readers): a method handed a callback and state
    /// gives the callback's parameter the state passed for it — an argument of the parameter's own type, <c>object</c> or
    /// the same type parameter — and not objects it was handed elsewhere.
    /// </summary>
    private static bool CallbackGivenOnlyTypedValues(SyntaxNode site, SemanticModel model, Walk walk)
    {
        if (CastOperand(site) is not { } operand ||
            Unwrapped(model.GetOperation(operand, walk.CancellationToken)) is not IParameterReferenceOperation { Parameter: { Type.SpecialType: SpecialType.System_Object, RefKind: RefKind.None } parameter } ||
            parameter.ContainingSymbol is not IMethodSymbol callback || IsAssignedIn(parameter, callback, model, walk.CancellationToken))
            return false;
        if (callback.MethodKind is MethodKind.AnonymousFunction)
        {
            return callback.DeclaringSyntaxReferences.Length == 1 &&
                   model.GetOperation(callback.DeclaringSyntaxReferences[0].GetSyntax(walk.CancellationToken), walk.CancellationToken) is { } lambda &&
                   HandedWithTypedState(lambda, parameter.Ordinal);
        }

        if (callback.MethodKind != MethodKind.Ordinary || IsDispatched(callback) || ApiVisibility.IsReachableFromOtherAssemblies(callback))
            return false; // calls this compilation cannot see
        var any = false;
        foreach (var use in UsesOf(callback, walk.Compilation, walk.CancellationToken))
        {
            any = true;
            if (use is not IMethodReferenceOperation reference || !HandedWithTypedState(reference, parameter.Ordinal))
                return false;
        }

        return any;
    }

    /// <summary>
    /// A delegate made of <paramref name="callback"/> (a method reference or a lambda) is an argument of a call to a method
    /// of another assembly whose delegate parameter there is declared <c>object</c>, and the state that call passes —
    /// the arguments of its <c>object</c> parameters (<c>QueueUserWorkItem(WaitCallback, object state)</c>,
    /// <c>Inject(activity, object carrier, setter)</c>) — all have a type of their own. A delegate parameter of a type
    /// parameter may get anything of that type (an element, an accumulator, a value already stored) and has no such state.
    /// </summary>
    private static bool HandedWithTypedState(IOperation callback, int ordinal)
    {
        var current = callback.Parent;
        while (current is IDelegateCreationOperation or IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
            current = current.Parent;
        if (current is not IArgumentOperation { Parent: { } call, Parameter.OriginalDefinition.Type: INamedTypeSymbol { DelegateInvokeMethod: { } invoke } } handed ||
            !IsCallToOtherAssembly(call) || invoke.Parameters.Length <= ordinal ||
            invoke.Parameters[ordinal].Type is not { SpecialType: SpecialType.System_Object } slot)
            return false; // a delegate parameter of a type parameter may get anything of that type (Aggregate's accumulator, AddOrUpdate's old value)
        var state = Arguments(call).Where(a => !ReferenceEquals(a, handed) && SymbolEqualityComparer.Default.Equals(a.Parameter?.OriginalDefinition.Type, slot)).ToList();
        return state.Count > 0 && state.All(a => IsTyped(a.Value));
    }

    /// <summary>
    /// <paramref name="argument"/> is state handed with a callback of this compilation (passed as <c>object</c> or a type
    /// parameter to a method of another assembly that is also handed a method reference or lambda of ours): the callback
    /// gets it, so the value goes on there.
    /// </summary>
    internal static bool IsStateOfOwnCallback(IArgumentOperation argument) =>
        argument.Parameter?.OriginalDefinition.Type is { } type && (type.SpecialType == SpecialType.System_Object || type.TypeKind == TypeKind.TypeParameter) &&
        IsCallToOtherAssembly(argument.Parent) &&
        Arguments(argument.Parent!).Any(a => !ReferenceEquals(a, argument) && a.Value.Type?.TypeKind == TypeKind.Delegate &&
                                             Callback(a.Value) is not { DeclaringSyntaxReferences.Length: 0 }); // a delegate held in a field or variable may be ours

    /// <summary>
    /// The value had a type of its own before any implicit conversion — not <c>object</c>, a type parameter, <c>dynamic</c>,
    /// <c>IEnumerable</c> or a read-only view (casts to those are not among the casts back, so a value of a property bag
    /// could come that way), and not made by a cast or <c>as</c> — or is a constant.
    /// </summary>
    private static bool IsTyped(IOperation value)
    {
        while (value is IConversionOperation { IsImplicit: true } conversion)
            value = conversion.Operand;
        return value.ConstantValue.HasValue ||
               (value is not IConversionOperation &&
                value.Type is { SpecialType: not (SpecialType.System_Object or SpecialType.System_Collections_IEnumerable), TypeKind: not (TypeKind.TypeParameter or TypeKind.Dynamic or TypeKind.Error) } type &&
                !MutabilityJudge.IsOpenReadOnlyView(type));
    }

    private static bool IsCallToOtherAssembly(IOperation? call) =>
        ((call as IInvocationOperation)?.TargetMethod ?? (call as IObjectCreationOperation)?.Constructor) is { } target && !target.Locations.Any(l => l.IsInSource);

    private static IEnumerable<IArgumentOperation> Arguments(IOperation call) =>
        (call as IInvocationOperation)?.Arguments ?? (call as IObjectCreationOperation)?.Arguments ?? Enumerable.Empty<IArgumentOperation>();

    /// <summary>The method a delegate argument runs, when it is a method reference or a lambda.</summary>
    private static IMethodSymbol? Callback(IOperation value)
    {
        value = Unwrapped(value) ?? value;
        return value is IDelegateCreationOperation { Target: var target }
            ? (Unwrapped(target) switch { IMethodReferenceOperation reference => reference.Method, IAnonymousFunctionOperation lambda => lambda.Symbol, _ => null })
            : null;
    }

    private static IOperation? Unwrapped(IOperation? operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
            operation = operation is IConversionOperation conversion ? conversion.Operand : ((IParenthesizedOperation)operation).Operand;
        return operation;
    }

    /// <summary>
    /// The expression a cast or type test looks at: <c>(T)e</c>, <c>e as T</c>, <c>e is T</c>, <c>e is T t</c>, a switch's
    /// governing expression for its arms' and labels' patterns; null for a pattern nested in a property pattern (it
    /// looks at a part).
    /// </summary>
    private static ExpressionSyntax? CastOperand(SyntaxNode site)
    {
        switch (site)
        {
            case CastExpressionSyntax cast:
                return cast.Expression;
            case BinaryExpressionSyntax binary:
                return binary.Left;
        }

        var current = site.Parent;
        while (current is BinaryPatternSyntax or ParenthesizedPatternSyntax or UnaryPatternSyntax)
            current = current.Parent;
        return current switch
        {
            IsPatternExpressionSyntax test => test.Expression,
            SwitchExpressionArmSyntax { Parent: SwitchExpressionSyntax switched } => switched.GoverningExpression,
            CasePatternSwitchLabelSyntax { Parent: SwitchSectionSyntax { Parent: SwitchStatementSyntax switched } } => switched.Expression,
            _ => null,
        };
    }

    /// <summary>
    /// The parameter may be given another value in its method's body: written there (the compiler's data flow: assignments,
    /// deconstructions, increments, out arguments), or taken by reference (<c>ref carrier</c>), which lets another name write it.
    /// </summary>
    private static bool IsAssignedIn(IParameterSymbol parameter, IMethodSymbol method, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax(cancellationToken);
            if (declaration.SyntaxTree != model.SyntaxTree)
                return true;
            SyntaxNode? body = declaration switch
            {
                BaseMethodDeclarationSyntax m => (SyntaxNode?)m.Body ?? m.ExpressionBody?.Expression,
                LocalFunctionStatementSyntax f => (SyntaxNode?)f.Body ?? f.ExpressionBody?.Expression,
                AnonymousFunctionExpressionSyntax lambda => lambda.Body,
                _ => null,
            };
            var flow = body switch
            {
                StatementSyntax statement => model.AnalyzeDataFlow(statement),
                ExpressionSyntax expression => model.AnalyzeDataFlow(expression),
                _ => null,
            };
            if (flow is not { Succeeded: true } || flow.WrittenInside.Contains(parameter, SymbolEqualityComparer.Default) ||
                body!.DescendantNodes().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == parameter.Name &&
                                                                                (n.Parent is RefExpressionSyntax || n.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not 0 })))
                return true;
        }

        return false;
    }

    /// <summary>
    /// A value a method of this compilation returns: every call of it here only reads what it gets. The method must
    /// be one a call names exactly (not virtual, abstract, an interface's or a lambda), so that finding its calls finds
    /// them all; calls from other assemblies are judged by what this one's types allow them (a value handed out by a
    /// method is read by its callers unless a type here has a mutator they could use, which the type's own judgement sees).
    /// </summary>
    private static bool ReturnedOnlyToReaders(IReturnOperation returned, Walk walk)
    {
        if (returned.SemanticModel?.GetEnclosingSymbol(returned.Syntax.SpanStart, walk.CancellationToken) is not IMethodSymbol method ||
            method.MethodKind is not (MethodKind.Ordinary or MethodKind.PropertyGet) ||
            method.IsAbstract || method.IsVirtual || method.IsOverride || method.ExplicitInterfaceImplementations.Length > 0 ||
            ImplementsInterface(method) || method.IsAsync)
            return false;
        var called = (ISymbol?)(method.AssociatedSymbol as IPropertySymbol) ?? method;
        if (!walk.FollowsPublicReturns && ApiVisibility.IsReachableFromOtherAssemblies(called))
            return false; // handed to other assemblies as a writable value
        if (!walk.Visited.Add(called.OriginalDefinition))
            return true;
        if (walk.Visited.Count > Budget)
            return false;
        foreach (var use in UsesOf(called, walk.Compilation, walk.CancellationToken))
        {
            if (use is IMethodReferenceOperation)
                return false; // a delegate of it: its calls are not found by name
            if (StaticMemberTracker.Classify(use) == SiteKind.Mutate)
                return false; // Broadcast()[0] = 2: written through the call
            if (StaticMemberTracker.EscapesAsWritable(use) && !FlowsOnlyToReaders(use, walk))
                return false;
        }

        return true;
    }

    /// <summary>
    /// Every place in <paramref name="compilation"/> that calls <paramref name="called"/> (a method, or a property read):
    /// its invocations and property references, and the method references that make a delegate of it (whose calls
    /// cannot be found by name). Files whose text does not hold the name are not parsed.
    /// </summary>
    internal static IEnumerable<IOperation> UsesOf(ISymbol called, Compilation compilation, CancellationToken cancellationToken)
    {
        var method = called as IMethodSymbol ?? (called as IPropertySymbol)?.GetMethod;
        foreach (var tree in compilation.SyntaxTrees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!MayName(tree, called.Name, cancellationToken))
                continue;
            var model = SemanticModels.For(compilation, tree);
            foreach (var identifier in tree.GetRoot(cancellationToken).DescendantNodes().OfType<SimpleNameSyntax>()) // M and M<T>
            {
                if (identifier.Identifier.ValueText != called.Name)
                    continue;
                SyntaxNode named = identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier ? access : identifier;
                if (named.Parent is InvocationExpressionSyntax call && call.Expression == named)
                    named = call; // M(): the invocation is the operation
                switch (model.GetOperation(named, cancellationToken))
                {
                    case IInvocationOperation invocation when method is not null && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.OriginalDefinition, method.OriginalDefinition):
                        yield return invocation;
                        break;
                    case IPropertyReferenceOperation property when SymbolEqualityComparer.Default.Equals(property.Property.OriginalDefinition, called.OriginalDefinition):
                        yield return property;
                        break;
                    case IMethodReferenceOperation reference when method is not null && SymbolEqualityComparer.Default.Equals(reference.Method.OriginalDefinition, method.OriginalDefinition):
                        yield return reference;
                        break;
                }
            }
        }
    }

    private static bool ImplementsInterface(IMethodSymbol method) =>
        method.ContainingType.AllInterfaces.SelectMany(i => i.GetMembers(method.Name)).Any(m => SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(m), method) ||
            (method.AssociatedSymbol is { } property && SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(m), property)));

    /// <summary>Whether the tree's text holds the name at all: most files do not, and are not parsed further.</summary>
    private static bool MayName(SyntaxTree tree, string name, CancellationToken cancellationToken) =>
        AmbientReads.Occurrences(tree.GetText(cancellationToken), name).Any(); // read in chunks: no string of the whole file

    /// <summary>
    /// Every use of <paramref name="field"/> (a private field of a type of this compilation) outside the construction of
    /// an instance only reads what it holds: element reads, measures, enumeration, hand-offs to code that only reads
    /// (followed through parameters, locals, fields and return values of this compilation's code). Assignments of the
    /// field itself are not looked at here: whether they are memos or construction is the caller's question.
    /// </summary>
    /// <param name="followsPublicReturns">
    /// A value type-like class (value equality: its identity is its content) hands its parts out to be read: a method
    /// other assemblies call is judged by its callers here. Any other class's public accessor hands out a buffer.
    /// </param>
    public static bool OnlyReadAfterConstruction(IFieldSymbol field, Compilation compilation, bool followsPublicReturns, CancellationToken cancellationToken) =>
        ReachesOnlyReaders(field, new Walk(compilation, followsPublicReturns, cancellationToken), node => InstanceFieldUse.InConstruction(node) && InDeclarationOf(node, field.ContainingType));

    /// <summary>In one of <paramref name="type"/>'s own declarations (a constructor of another type builds another object).</summary>
    private static bool InDeclarationOf(SyntaxNode node, INamedTypeSymbol type) =>
        node.FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } declaration && type.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == declaration.SyntaxTree && r.Span == declaration.Span);

    /// <summary>Every use of a parameter, local or private field (of our own code) only reads what it holds.</summary>
    /// <param name="skip">Uses not looked at (for a field: those while an instance is built).</param>
    private static bool ReachesOnlyReaders(ISymbol? holder, Walk walk, System.Func<SyntaxNode, bool>? skip = null)
    {
        if (holder is null)
            return false;
        holder = holder.OriginalDefinition;
        if (!walk.Visited.Add(holder))
            return true; // already being followed: its other uses decide
        if (walk.Visited.Count > Budget)
            return false;

        if (holder is IParameterSymbol { ContainingSymbol: IMethodSymbol dispatched } parameter && IsDispatched(dispatched))
        {
            // A call through an interface, an abstract or a virtual method reaches any of its bodies in this compilation.
            if (!walk.FollowsPublicReturns && CanBeImplementedElsewhere(dispatched))
                return false; // another assembly may override or implement it, and write what it is handed
            var bodies = Bodies(dispatched, walk);
            if (bodies.Count == 0)
                return false; // implemented elsewhere only: not followed
            foreach (var body in bodies)
            {
                if (!SymbolEqualityComparer.Default.Equals(body, dispatched) && body.Parameters.Length > parameter.Ordinal &&
                    !ReachesOnlyReaders(body.Parameters[parameter.Ordinal], walk))
                    return false;
            }

            if (dispatched.IsAbstract || dispatched.DeclaringSyntaxReferences.Length == 0)
                return true;
        }

        var scope = ScopeOf(holder, walk);
        if (scope.Count == 0 || scope.Any(node => !walk.Compilation.ContainsSyntaxTree(node.SyntaxTree)))
            return false; // code of another project: not bound here, so not followed
        foreach (var node in scope)
        {
            walk.CancellationToken.ThrowIfCancellationRequested();
            var model = SemanticModels.For(walk.Compilation, node.SyntaxTree);
            foreach (var identifier in node.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (identifier.Identifier.ValueText != holder.Name || (skip is not null && skip(identifier)))
                    continue;
                SyntaxNode named = identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier ? access : identifier; // this.f: the access is the reference
                var use = UseOf(model.GetOperation(named, walk.CancellationToken), holder);
                if (use is null)
                    continue;
                if (ReceiverOfOwnExtension(use) is { } receiver)
                {
                    // bytes.ReadLittleEndian32(): our own extension method; what it does to its receiver decides, not its name
                    if (!ReachesOnlyReaders(receiver, walk))
                        return false;
                    continue;
                }

                var kind = StaticMemberTracker.Classify(use);
                if (kind == SiteKind.Mutate || (kind == SiteKind.Write && !IsStoreInto(use)))
                    return false; // written into (storing another value in the holder itself is not)
                if (kind == SiteKind.Write && use.Parent is { Parent: not IExpressionStatementOperation } store && !FlowsOnlyToReaders(store, walk))
                    return false; // return _raw = bytes; / => _raw ??= Make(): the value stored goes on
                if (kind == SiteKind.Read && StaticMemberTracker.EscapesAsWritable(use) && !FlowsOnlyToReaders(use, walk))
                    return false;
            }
        }

        return true;
    }

    /// <summary>An interface's, abstract or virtual method that code in another assembly can implement or override.</summary>
    private static bool CanBeImplementedElsewhere(IMethodSymbol method) =>
        (method.ContainingType.TypeKind == TypeKind.Interface || method.IsAbstract || ((method.IsVirtual || method.IsOverride) && !method.IsSealed && !method.ContainingType.IsSealed)) &&
        ApiVisibility.IsReachableFromOtherAssemblies(method);

    /// <summary>A method a call may reach through dispatch: an interface's, an abstract, virtual or override one, or one that implements an interface's.</summary>
    private static bool IsDispatched(IMethodSymbol method) =>
        method.ContainingType?.TypeKind == TypeKind.Interface || method.IsAbstract || method.IsVirtual || method.IsOverride ||
        method.ExplicitInterfaceImplementations.Length > 0 || ImplementsInterface(method);

    /// <summary>
    /// Every method with a body in this compilation that a call of <paramref name="method"/> may run: the methods it
    /// overrides or implements and all their overrides and implementations, found by name. Implementations in other
    /// assemblies are not seen: what an interface of this library is handed is judged by the implementations it ships.
    /// </summary>
    private static List<IMethodSymbol> Bodies(IMethodSymbol method, Walk walk)
    {
        var roots = new List<IMethodSymbol> { method.OriginalDefinition };
        for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
            roots.Add(overridden.OriginalDefinition);
        roots.AddRange(method.ExplicitInterfaceImplementations.Select(m => m.OriginalDefinition));
        roots.AddRange(method.ContainingType.AllInterfaces.SelectMany(i => i.GetMembers(method.Name).OfType<IMethodSymbol>())
            .Where(m => SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(m), method)).Select(m => m.OriginalDefinition));
        var bodies = new List<IMethodSymbol>();
        foreach (var candidate in walk.Compilation.GetSymbolsWithName(n => n == method.Name || n.EndsWith("." + method.Name, System.StringComparison.Ordinal), SymbolFilter.Member, walk.CancellationToken).OfType<IMethodSymbol>())
        {
            if (candidate.IsAbstract || candidate.DeclaringSyntaxReferences.Length == 0)
                continue;
            if (roots.Any(root => Reaches(candidate, root)))
                bodies.Add(candidate.OriginalDefinition);
        }

        return bodies;
    }

    /// <summary>A call of <paramref name="root"/> may run <paramref name="candidate"/>: it is the root, overrides it, or implements it.</summary>
    private static bool Reaches(IMethodSymbol candidate, IMethodSymbol root)
    {
        for (var current = candidate; current is not null; current = current.OverriddenMethod)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, root))
                return true;
        }

        return root.ContainingType.TypeKind == TypeKind.Interface &&
               (candidate.ExplicitInterfaceImplementations.Any(m => SymbolEqualityComparer.Default.Equals(m.OriginalDefinition, root)) ||
                SymbolEqualityComparer.Default.Equals(candidate.ContainingType.FindImplementationForInterfaceMember(root)?.OriginalDefinition, candidate.OriginalDefinition));
    }

    /// <summary>The <c>this</c> parameter of an extension method of this compilation that <paramref name="use"/> is the receiver of.</summary>
    private static IParameterSymbol? ReceiverOfOwnExtension(IOperation use)
    {
        var argument = use.Parent as IArgumentOperation ?? (use.Parent as IConversionOperation)?.Parent as IArgumentOperation;
        return argument is { Parameter: { Ordinal: 0 } parameter, Parent: IInvocationOperation { TargetMethod: { IsExtensionMethod: true } method } } &&
               method.DeclaringSyntaxReferences.Length > 0
            ? parameter
            : null;
    }

    /// <summary><c>holder = other</c>: a new value in the holder, nothing written into the old one.</summary>
    private static bool IsStoreInto(IOperation use) =>
        (use.Parent is ISimpleAssignmentOperation assignment && assignment.Target == use) ||
        (use.Parent is ICoalesceAssignmentOperation memo && memo.Target == use);

    /// <summary>The reference operation for <paramref name="holder"/> an identifier binds to.</summary>
    private static IOperation? UseOf(IOperation? operation, ISymbol holder)
    {
        var referenced = operation switch
        {
            IParameterReferenceOperation parameter => (ISymbol)parameter.Parameter,
            ILocalReferenceOperation local => local.Local,
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };
        return referenced is not null && SymbolEqualityComparer.Default.Equals(referenced.OriginalDefinition, holder) ? operation : null;
    }

    /// <summary>
    /// Where every use of the holder can be: a parameter's method body (a method that can be
    /// overridden or has no body is not followed); a local's declaring member; a private field's type;
    /// for a field or property the library's users cannot reach (internal, or public in an internal type), every
    /// file of this compilation that names it.
    /// </summary>
    private static IReadOnlyList<SyntaxNode> ScopeOf(ISymbol holder, Walk walk)
    {
        switch (holder)
        {
            case IParameterSymbol { ContainingSymbol: IMethodSymbol method }:
                if (method.IsAbstract || method.IsExtern || method.PartialImplementationPart is not null)
                    return System.Array.Empty<SyntaxNode>();
                return method.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).ToArray();
            case ILocalSymbol local:
                return local.DeclaringSyntaxReferences
                    .Select(r => r.GetSyntax().FirstAncestorOrSelf<SyntaxNode>(n => n is MemberDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax))
                    .Where(n => n is not null).Select(n => n!).ToArray();
            case IFieldSymbol or IPropertySymbol when holder.DeclaredAccessibility == Accessibility.Private && holder.ContainingType is { } type:
                return type.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).ToArray();
            case IFieldSymbol or IPropertySymbol when !holder.IsStatic && holder.Locations.Any(l => l.IsInSource) && !ApiVisibility.IsPublicApi(holder):
                return walk.Compilation.SyntaxTrees.Where(t => MayName(t, holder.Name, walk.CancellationToken)).Select(t => t.GetRoot(walk.CancellationToken)).ToArray();
            default:
                return System.Array.Empty<SyntaxNode>();
        }
    }
}
