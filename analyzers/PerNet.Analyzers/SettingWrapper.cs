using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PerNet.Analyzers;

/// <summary>
/// Whether a setting with hand-written accessors (<see cref="StateModel.IsSettingWrapper"/>) still changes static
/// state when set: its setter assigns or changes a static member (or what a static member holds), directly or in a
/// static method of its own type that it calls. Once that state has moved into a context (<c>State.Current.X = value</c>),
/// the setting changes no static state and is no longer reported.
/// </summary>
internal static class SettingWrapper
{
    public static bool ChangesStaticState(IPropertySymbol property, Compilation compilation, CancellationToken cancellationToken) =>
        property.SetMethod is { } setter && Changes(setter, compilation, depth: 0, cancellationToken);

    private static bool Changes(IMethodSymbol method, Compilation compilation, int depth, CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax(cancellationToken);
            if (!compilation.ContainsSyntaxTree(syntax.SyntaxTree))
                continue;
            var model = SemanticModels.For(compilation, syntax.SyntaxTree);
            foreach (var node in syntax.DescendantNodes())
            {
                switch (model.GetOperation(node, cancellationToken))
                {
                    case IMemberReferenceOperation member when StaticRoot(member) is { } root && StaticMemberTracker.Classify(member) != SiteKind.Read:
                        if (!PerContextTypes.IsPerContext(root.Type))
                            return true;
                        break;
                    case IInvocationOperation { TargetMethod: { IsStatic: true } called } when depth < 2 &&
                        SymbolEqualityComparer.Default.Equals(called.ContainingType, method.ContainingType) && !SymbolEqualityComparer.Default.Equals(called, method):
                        if (Changes(called, compilation, depth + 1, cancellationToken))
                            return true;
                        break;
                }
            }
        }

        return false;
    }

    /// <summary>The static member a chain of member accesses starts from (<c>Options.Tracing.Enabled</c>: <c>Options</c>), with its type; null when it starts elsewhere.</summary>
    private static (ISymbol Member, ITypeSymbol Type)? StaticRoot(IMemberReferenceOperation member)
    {
        IOperation current = member;
        while (current is IMemberReferenceOperation { Instance: { } instance })
            current = instance;
        return current is IMemberReferenceOperation { Member: { IsStatic: true } root } rooted && root is IFieldSymbol { IsConst: false } or IPropertySymbol
            ? (root, rooted.Type!)
            : null;
    }
}
