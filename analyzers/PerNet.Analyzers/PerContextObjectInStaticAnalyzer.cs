using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerNet.Analyzers;

/// <summary>
/// PN0103: a static field or auto-property that holds a per-context object — a <c>NetContext</c>, a
/// <c>PerNet&lt;T&gt;</c> state object, an <c>INetContextBound</c> object — directly, in a collection,
/// or per thread. Whichever context stored it, every other context now reaches it, and a strong
/// reference keeps a dead context's objects alive after teardown.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PerContextObjectInStaticAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticIds.PerContextObjectInStatic,
        title: "Per-context object stored in static state",
        messageFormat: "Static {0} '{1}' holds {2}, which belongs to one context; every context can reach it and it outlives its context's teardown",
        category: DiagnosticIds.ContextCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Objects that belong to a context (NetContext, PerNet<T> state, INetContextBound objects) must be reached through their context. A static that holds one shares it with every context and keeps it alive after its context is destroyed.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.PerContextObjectInStatic));

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSymbolAction(Analyze, SymbolKind.Field, SymbolKind.Property);
    }

    private static void Analyze(SymbolAnalysisContext context)
    {
        var (kind, type) = context.Symbol switch
        {
            IFieldSymbol field when SymbolFacts.IsDeclaredStaticField(field) => ("field", field.Type),
            IPropertySymbol { IsStatic: true, IsIndexer: false } property when SymbolFacts.BackingField(property) is not null => ("property", property.Type),
            _ => (null, null),
        };
        // Cheapest first: most statics hold nothing per-context.
        if (kind is null || type is null || SymbolFacts.IsError(type) || HeldPerContextType(type, depth: 0) is not { } held)
            return;
        // The ambient pattern itself: an AsyncLocal flows with the code, it does not pin a context.
        if (type is INamedTypeSymbol { Name: "AsyncLocal" } && SymbolFacts.IsThreadOrAsyncLocal(type))
            return;
        if (SymbolFacts.IsMarkedShared(context.Symbol) || !PerNetOptions.For(context.Options, context.Symbol).InScope(context.Symbol) ||
            HoldsOnlyInitial(context.Symbol, context.CancellationToken))
            return;
        var what = SymbolEqualityComparer.Default.Equals(held, type)
            ? "a " + held.Name
            : "'" + held.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + "' values";
        context.ReportDiagnostic(Diagnostic.Create(Rule, context.Symbol.Locations[0], kind, SymbolFacts.DisplayName(context.Symbol), what));
    }

    /// <summary>
    /// The per-context type <paramref name="type"/> holds: itself, an array element, or a type argument
    /// (collections, Lazy, ThreadLocal...). Delegates hold code, not values; a ConditionalWeakTable
    /// keyed by context is the side table that dies with its key.
    /// </summary>
    private static ITypeSymbol? HeldPerContextType(ITypeSymbol type, int depth)
    {
        if (depth > 4)
            return null;
        if (PerContextTypes.IsPerContext(type))
            return type;
        switch (type)
        {
            case IArrayTypeSymbol array:
                return HeldPerContextType(array.ElementType, depth + 1);
            case INamedTypeSymbol { IsGenericType: true, TypeKind: not TypeKind.Delegate } named
                when named.Name != "ConditionalWeakTable":
                foreach (var argument in named.TypeArguments)
                {
                    if (HeldPerContextType(argument, depth + 1) is { } held)
                        return held;
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary><c>static readonly NetContext Root = NetContext.Initial;</c>: the initial context lives as long as the process.</summary>
    private static bool HoldsOnlyInitial(ISymbol member, System.Threading.CancellationToken cancellationToken)
    {
        if (member is not IFieldSymbol { IsReadOnly: true } field || !PerContextTypes.IsNetContext(field.Type))
            return false;
        foreach (var reference in field.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax { Initializer.Value: { } value } ||
                !value.ToString().EndsWith("NetContext.Initial", System.StringComparison.Ordinal))
                return false;
        }

        return true;
    }
}
