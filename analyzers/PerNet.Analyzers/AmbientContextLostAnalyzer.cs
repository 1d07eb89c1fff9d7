using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PerNet.Analyzers;

/// <summary>
/// PN0101: the ambient context is lost. (1) A callback that reads <c>NetContext.Current</c> or
/// <c>State.Current</c> — itself, or through methods of this compilation it calls — is handed to an
/// API that does not flow the ExecutionContext (<see cref="AmbientHandOffs"/>), or to one that
/// captures it while <c>ExecutionContext.SuppressFlow</c> is in effect: it runs in the initial context
/// and silently works on the wrong tenant's state. (2) The value of <c>Current</c> is stored in a
/// static: whichever context was current then is kept for everyone.
/// Callbacks reached only through delegates or virtual calls are not followed.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AmbientContextLostAnalyzer : DiagnosticAnalyzer
{
    private const string Title = "Ambient context lost";
    private const string LostMessage = "{0}; the callback reads the ambient context{1} and will see the initial context: capture NetContext.Current before the hand-off and Enter it in the callback";
    private const string LostDescription = "The ambient NetContext lives in the ExecutionContext. Work handed off without it runs in the default context, where NetContext.Current is the initial context, so it reads and changes another context's state.";

    internal static readonly DiagnosticDescriptor LostRule = new(
        DiagnosticIds.AmbientContextLost, Title, LostMessage, DiagnosticIds.ContextCategory, DiagnosticSeverity.Warning,
        isEnabledByDefault: true, description: LostDescription, helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.AmbientContextLost));

    /// <summary>The same finding when only the whole compilation's calls show that the callback reads Current.</summary>
    internal static readonly DiagnosticDescriptor LostThroughCallsRule = new(
        DiagnosticIds.AmbientContextLost, Title, LostMessage, DiagnosticIds.ContextCategory, DiagnosticSeverity.Warning,
        isEnabledByDefault: true, description: LostDescription, helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.AmbientContextLost),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    internal static readonly DiagnosticDescriptor CapturedRule = new(
        DiagnosticIds.AmbientContextLost, Title,
        "'{0}' keeps the context that is current when it is assigned; every later reader gets that one, whichever context it runs in",
        DiagnosticIds.ContextCategory, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "Storing NetContext.Current (or State.Current) in a static pins one context's value for the whole process: typically whichever context first ran the type's initializer.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.AmbientContextLost));

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(LostRule, LostThroughCallsRule, CapturedRule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (AmbientReads.NetContextType(start.Compilation) is not { } netContext)
                return;
            AmbientReads.RegisterPropertyReads(start, netContext, "Current", ReportIfStoredInStatic);
            // Every hand-off PN0101 knows is an Unsafe* API or runs under SuppressFlow: without either
            // word in the code there is nothing to find, and no call graph to build.
            if (!AmbientReads.Mentions(start.Compilation, "Unsafe", "SuppressFlow"))
                return;
            var analysis = new CompilationAnalysis(start.Compilation, netContext);
            start.RegisterOperationAction(analysis.OnPropertyReference, OperationKind.PropertyReference);
            start.RegisterOperationAction(analysis.OnCall, OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.MethodReference);
            start.RegisterCompilationEndAction(analysis.OnEnd);
        });
    }

    private static void ReportIfStoredInStatic(SemanticModelAnalysisContext context, IPropertyReferenceOperation reference, INamedTypeSymbol netContext)
    {
        if (AmbientReads.IsCurrent(reference.Property, netContext) && StoredInStatic(reference) is { } target)
            context.ReportDiagnostic(Diagnostic.Create(CapturedRule, reference.Syntax.GetLocation(), SymbolFacts.DisplayName(target)));
    }

    /// <summary>The static field or property a Current value is assigned to or initializes, if any.</summary>
    private static ISymbol? StoredInStatic(IOperation read)
    {
        var value = read;
        while (value.Parent is IConversionOperation or IParenthesizedOperation)
            value = value.Parent;
        switch (value.Parent)
        {
            case ISimpleAssignmentOperation assignment when assignment.Value == value:
                return assignment.Target switch
                {
                    IFieldReferenceOperation { Field.IsStatic: true } field => field.Field,
                    IPropertyReferenceOperation { Property.IsStatic: true } property => property.Property,
                    _ => null,
                };
            case IFieldInitializerOperation initializer:
                return initializer.InitializedFields.FirstOrDefault(f => f.IsStatic);
            case IPropertyInitializerOperation initializer:
                return initializer.InitializedProperties.FirstOrDefault(p => p.IsStatic);
            default:
                return null;
        }
    }

    /// <summary>A hand-off whose callback calls into this compilation: decided once every method's reads are known.</summary>
    private sealed class PendingSite
    {
        public PendingSite(Location location, Location? callback, string reason, ImmutableArray<ISymbol> callees)
        {
            Location = location;
            Callback = callback;
            Reason = reason;
            Callees = callees;
        }

        public Location Location { get; }

        public Location? Callback { get; }

        public string Reason { get; }

        public ImmutableArray<ISymbol> Callees { get; }
    }

    private sealed class CompilationAnalysis
    {
        private readonly INamedTypeSymbol _netContext;
        private readonly INamedTypeSymbol? _thread;
        private readonly INamedTypeSymbol? _workItem;
        private readonly INamedTypeSymbol? _executionContext;
        private readonly Dictionary<(INamedTypeSymbol Type, string Member), HandOff> _handOffs;
        private readonly ConcurrentDictionary<ISymbol, bool> _readers = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ISymbol, ConcurrentQueue<ISymbol>> _calls = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentQueue<PendingSite> _pending = new();

        public CompilationAnalysis(Compilation compilation, INamedTypeSymbol netContext)
        {
            _netContext = netContext;
            _thread = compilation.GetTypeByMetadataName("System.Threading.Thread");
            _workItem = compilation.GetTypeByMetadataName("System.Threading.IThreadPoolWorkItem");
            _executionContext = compilation.GetTypeByMetadataName("System.Threading.ExecutionContext");
            _handOffs = AmbientHandOffs.Resolve(compilation);
        }

        public void OnPropertyReference(OperationAnalysisContext context)
        {
            var reference = (IPropertyReferenceOperation)context.Operation;
            if (AmbientReads.IsCurrent(reference.Property, _netContext))
                _readers[Owner(context.ContainingSymbol)] = true;
            else if (InSource(reference.Property.GetMethod) is { } getter)
            {
                Calls(context.ContainingSymbol).Enqueue(getter);
            }
        }

        public void OnCall(OperationAnalysisContext context)
        {
            var operation = context.Operation;
            var target = operation switch
            {
                IInvocationOperation invocation => invocation.TargetMethod,
                IObjectCreationOperation creation => creation.Constructor,
                IMethodReferenceOperation reference => reference.Method,
                _ => null,
            };
            if (target is null)
                return;
            if (InSource(target) is { } callee)
                Calls(context.ContainingSymbol).Enqueue(callee);
            var member = target.MethodKind == MethodKind.Constructor ? WellKnownMemberNames.InstanceConstructorName : target.Name;
            // Every call passes here: a string lookup first, the symbol-keyed one only for candidate names.
            if (operation is IMethodReferenceOperation || !AmbientHandOffs.MemberNames.Contains(member) ||
                target.ContainingType is not { } type || !_handOffs.TryGetValue((type.OriginalDefinition, member), out var handOff))
                return;
            if (handOff.Flow == ContextFlow.CapturedAtCall && !InSuppressedFlow(operation.Syntax, operation.SemanticModel, context.CancellationToken))
                return;
            if (FindCallback(operation) is not { } callback)
                return;

            var reason = handOff.Flow == ContextFlow.Never
                ? "'" + handOff.DisplayName + "' does not flow the ExecutionContext"
                : "'" + handOff.DisplayName + "' runs while ExecutionContext flow is suppressed";
            var location = NameLocation(operation.Syntax);
            var fixable = callback.Fixable ? callback.Syntax.GetLocation() : null;
            if (callback.ReadsDirectly)
                context.ReportDiagnostic(Diagnostic.Create(LostRule, location, Additional(fixable), reason, string.Empty));
            else if (!callback.Callees.IsEmpty)
                _pending.Enqueue(new PendingSite(location, fixable, reason, callback.Callees));
        }

        public void OnEnd(CompilationAnalysisContext context)
        {
            foreach (var site in _pending)
            {
                if (FindReader(site.Callees) is { } reader)
                    context.ReportDiagnostic(Diagnostic.Create(LostThroughCallsRule, site.Location, Additional(site.Callback), site.Reason, " through '" + SymbolFacts.DisplayName(reader) + "'"));
            }
        }

        private static IEnumerable<Location>? Additional(Location? callback) => callback is null ? null : new[] { callback };

        private ConcurrentQueue<ISymbol> Calls(ISymbol caller) => _calls.GetOrAdd(Owner(caller), static _ => new ConcurrentQueue<ISymbol>());

        /// <summary>The first method reached from <paramref name="callees"/> that reads Current itself.</summary>
        private ISymbol? FindReader(ImmutableArray<ISymbol> callees)
        {
            var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var work = new Queue<ISymbol>(callees);
            while (work.Count > 0)
            {
                var method = work.Dequeue();
                if (!seen.Add(method))
                    continue;
                if (_readers.ContainsKey(method))
                    return method;
                if (_calls.TryGetValue(method, out var next))
                {
                    foreach (var callee in next)
                        work.Enqueue(callee);
                }
            }

            return null;
        }

        /// <summary>Lambdas and local functions are analyzed as part of the member that contains them.</summary>
        private static ISymbol Owner(ISymbol symbol)
        {
            var current = symbol;
            while (current is IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction } && current.ContainingSymbol is { } outer)
                current = outer;
            return current is IMethodSymbol method ? (method.ReducedFrom ?? method).OriginalDefinition : current.OriginalDefinition;
        }

        /// <summary>A method with a body in this compilation, as the call graph keys it.</summary>
        private static ISymbol? InSource(IMethodSymbol? method) =>
            method is null || method.IsAbstract || method.DeclaringSyntaxReferences.IsEmpty ? null : Owner(method);

        private sealed class Callback
        {
            public Callback(SyntaxNode syntax, bool fixable, bool readsDirectly, ImmutableArray<ISymbol> callees)
            {
                Syntax = syntax;
                Fixable = fixable;
                ReadsDirectly = readsDirectly;
                Callees = callees;
            }

            public SyntaxNode Syntax { get; }

            /// <summary>A lambda or method group the fix can wrap in <c>using (net.Enter())</c>.</summary>
            public bool Fixable { get; }

            public bool ReadsDirectly { get; }

            public ImmutableArray<ISymbol> Callees { get; }
        }

        /// <summary>The code the hand-off will run: a delegate argument, a work item's Execute, or a thread's start delegate.</summary>
        private Callback? FindCallback(IOperation call)
        {
            if (call is IInvocationOperation { TargetMethod.Name: "Start" or "UnsafeStart" } start &&
                SymbolEqualityComparer.Default.Equals(start.TargetMethod.ContainingType, _thread))
            {
                return ThreadCreation(start.Instance) is { } creation ? FindCallback(creation) : null;
            }

            var arguments = call switch
            {
                IInvocationOperation invocation => invocation.Arguments,
                IObjectCreationOperation creation => creation.Arguments,
                _ => ImmutableArray<IArgumentOperation>.Empty,
            };
            foreach (var argument in arguments)
            {
                var value = Unwrap(argument.Value);
                switch (value)
                {
                    case IAnonymousFunctionOperation lambda:
                        return FromBody(lambda.Syntax, lambda.Body);
                    case IMethodReferenceOperation reference:
                        return InSource(reference.Method) is { } method
                            ? new Callback(reference.Syntax, fixable: true, readsDirectly: false, ImmutableArray.Create(method))
                            : null;
                }

                if (_workItem is not null && argument.Parameter is { } parameter && SymbolEqualityComparer.Default.Equals(parameter.Type, _workItem) &&
                    value.Type?.FindImplementationForInterfaceMember(_workItem.GetMembers("Execute").FirstOrDefault()!) is IMethodSymbol execute &&
                    InSource(execute) is { } executeMethod)
                {
                    return new Callback(value.Syntax, fixable: false, readsDirectly: false, ImmutableArray.Create(executeMethod));
                }
            }

            return null;
        }

        /// <summary>What a lambda reads and calls; null when it enters a context itself (the fixed shape).</summary>
        private Callback? FromBody(SyntaxNode syntax, IOperation body)
        {
            if (body.Descendants().Any(o => o is IInvocationOperation { TargetMethod.Name: "Enter" } enter && SymbolEqualityComparer.Default.Equals(enter.TargetMethod.ContainingType, _netContext)))
                return null;
            var callees = ImmutableArray.CreateBuilder<ISymbol>();
            foreach (var operation in body.Descendants())
            {
                switch (operation)
                {
                    case IPropertyReferenceOperation reference when AmbientReads.IsCurrent(reference.Property, _netContext):
                        return new Callback(syntax, fixable: true, readsDirectly: true, ImmutableArray<ISymbol>.Empty);
                    case IPropertyReferenceOperation reference when InSource(reference.Property.GetMethod) is { } getter:
                        callees.Add(getter);
                        break;
                    case IInvocationOperation invocation when InSource(invocation.TargetMethod) is { } method:
                        callees.Add(method);
                        break;
                    case IObjectCreationOperation creation when InSource(creation.Constructor) is { } constructor:
                        callees.Add(constructor);
                        break;
                    case IMethodReferenceOperation reference when InSource(reference.Method) is { } referenced:
                        callees.Add(referenced);
                        break;
                }
            }

            return new Callback(syntax, fixable: true, readsDirectly: false, callees.ToImmutable());
        }

        /// <summary><c>new Thread(...)</c> itself, or what a local was initialized or assigned with in the same body.</summary>
        private IObjectCreationOperation? ThreadCreation(IOperation? receiver)
        {
            receiver = receiver is null ? null : Unwrap(receiver);
            if (receiver is IObjectCreationOperation direct)
                return direct;
            if (receiver is not ILocalReferenceOperation { Local: var local })
                return null;
            var root = receiver;
            while (root.Parent is not null)
                root = root.Parent;
            foreach (var operation in root.Descendants())
            {
                var value = operation switch
                {
                    IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local) => declarator.Initializer?.Value,
                    ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when SymbolEqualityComparer.Default.Equals(target.Local, local) => assignment.Value,
                    _ => null,
                };
                if (value is not null && Unwrap(value) is IObjectCreationOperation creation && SymbolEqualityComparer.Default.Equals(creation.Type, _thread))
                    return creation;
            }

            return null;
        }

        private static IOperation Unwrap(IOperation operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation conversion:
                        operation = conversion.Operand;
                        break;
                    case IDelegateCreationOperation creation:
                        operation = creation.Target;
                        break;
                    case IParenthesizedOperation parenthesized:
                        operation = parenthesized.Operand;
                        break;
                    default:
                        return operation;
                }
            }
        }

        /// <summary>
        /// Inside <c>using (ExecutionContext.SuppressFlow())</c>, after a <c>using var</c> of it, or after a
        /// bare <c>SuppressFlow()</c> statement not yet undone (<c>Undo</c>, <c>Dispose</c>, <c>RestoreFlow</c>)
        /// in an enclosing block of the same function.
        /// </summary>
        private bool InSuppressedFlow(SyntaxNode site, SemanticModel? model, System.Threading.CancellationToken cancellationToken)
        {
            if (model is null || _executionContext is null)
                return false;
            var inner = site;
            foreach (var ancestor in site.Ancestors())
            {
                switch (ancestor)
                {
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                        return false;
                    case UsingStatementSyntax @using when @using.Statement == inner &&
                        (IsSuppressFlow(@using.Expression, model, cancellationToken) || @using.Declaration?.Variables.Any(v => IsSuppressFlow(v.Initializer?.Value, model, cancellationToken)) == true):
                        return true;
                    case BlockSyntax block:
                        var suppressed = false;
                        foreach (var statement in block.Statements)
                        {
                            if (statement == inner)
                                break;
                            if (Suppresses(statement, model, cancellationToken))
                                suppressed = true;
                            else if (suppressed && Restores(statement))
                                suppressed = false;
                        }

                        if (suppressed)
                            return true;
                        break;
                }

                inner = ancestor;
            }

            return false;
        }

        private bool Suppresses(StatementSyntax statement, SemanticModel model, System.Threading.CancellationToken cancellationToken) => statement switch
        {
            ExpressionStatementSyntax expression => IsSuppressFlow(expression.Expression, model, cancellationToken),
            LocalDeclarationStatementSyntax declaration => declaration.Declaration.Variables.Any(v => IsSuppressFlow(v.Initializer?.Value, model, cancellationToken)),
            _ => false,
        };

        private static bool Restores(StatementSyntax statement) =>
            statement is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Undo" or "Dispose" or "RestoreFlow" } } };

        private bool IsSuppressFlow(ExpressionSyntax? expression, SemanticModel model, System.Threading.CancellationToken cancellationToken) =>
            expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "SuppressFlow" } or IdentifierNameSyntax { Identifier.ValueText: "SuppressFlow" } } invocation &&
            model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method &&
            SymbolEqualityComparer.Default.Equals(method.ContainingType, _executionContext);

        private static Location NameLocation(SyntaxNode call) => call switch
        {
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access.Name.GetLocation(),
            InvocationExpressionSyntax { Expression: { } expression } => expression.GetLocation(),
            ObjectCreationExpressionSyntax creation => creation.Type.GetLocation(),
            _ => call.GetLocation(),
        };
    }
}
