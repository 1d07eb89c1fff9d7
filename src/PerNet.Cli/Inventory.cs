using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using PerNet.Analyzers;
using PerNet.CodeFixes;
using PerNet.CodeFixes.Migration;

namespace PerNet.Cli;

/// <summary>Everything <c>scan</c> reports: the state, the other findings, and how far the migration is.</summary>
public sealed class Inventory
{
    public string Tool { get; init; } = "pernet";

    public string Version { get; init; } = RuntimeReference.Version;

    /// <summary>The .sln/.csproj scanned, as given.</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>
    /// The folder SARIF's <c>SRCROOT</c> names: the git repository's root, or the solution's folder outside one.
    /// Absolute, so it is left out of the JSON (a path on this machine); SARIF needs it as its base.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string SourceRoot { get; init; } = string.Empty;

    /// <summary>The solution's folder, absolute: the reported paths are relative to it.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string SolutionRoot { get; init; } = string.Empty;

    /// <summary>Members already in per-context state classes (<c>PerNet&lt;T&gt;</c>).</summary>
    public int Migrated { get; init; }

    /// <summary>Pieces of state still to migrate (the length of <see cref="State"/>).</summary>
    public int Remaining => State.Count;

    public List<StateItem> State { get; init; } = new();

    /// <summary>Statics never written after initialization whose value cannot change: make them readonly (PN0001's fix).</summary>
    public List<StateItem> Readonly { get; init; } = new();

    /// <summary>With <c>--explain</c>: the state model's verdict on every static member considered, reported or not.</summary>
    public List<Verdict>? Verdicts { get; set; }

    /// <summary>The other PerNet diagnostics: context rules (PN0101–PN0104) and PN0006.</summary>
    public List<Finding> Findings { get; init; } = new();
}

/// <summary>One piece of static state.</summary>
public sealed class StateItem
{
    public string Rule { get; init; } = string.Empty;

    public string Kind { get; init; } = string.Empty;

    public string Namespace { get; init; } = string.Empty;

    /// <summary>The declaring type, namespace-qualified.</summary>
    public string Type { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    /// <summary><c>Type.Name</c> within its namespace: how the baseline names it.</summary>
    public string Member { get; init; } = string.Empty;

    public string Message { get; init; } = string.Empty;

    /// <summary>The state model's verdict: <c>state</c> or <c>readonly</c>.</summary>
    public string Verdict { get; init; } = string.Empty;

    /// <summary>Why: a stable code (<c>written</c>, <c>mutated</c>, <c>mutable-value</c>, ...; see docs/rules/PN0000.md).</summary>
    public string Reason { get; init; } = string.Empty;

    public string Explanation { get; init; } = string.Empty;

    public string File { get; init; } = string.Empty;

    public int Line { get; init; }

    public int Column { get; init; }

    public int Reads { get; init; }

    public int Writes { get; init; }

    /// <summary>Every reference in the solution.</summary>
    public List<Site> Sites { get; init; } = new();

    /// <summary>Types other than the declaring one (and its nested types) that touch it.</summary>
    public List<string> ExternalTypes { get; init; } = new();
}

/// <summary>The state model's verdict on one static member (<c>--explain</c>).</summary>
public sealed class Verdict
{
    /// <summary><c>Ns.Type.member</c>.</summary>
    public string Member { get; init; } = string.Empty;

    /// <summary><c>field</c>, <c>property</c> or <c>event</c>.</summary>
    public string Kind { get; init; } = string.Empty;

    /// <summary>The rule that speaks for this kind of member (PN0001–PN0005).</summary>
    public string Rule { get; init; } = string.Empty;

    /// <summary><c>state</c>, <c>readonly</c> or <c>not-state</c>.</summary>
    public string Value { get; init; } = string.Empty;

    public string Reason { get; init; } = string.Empty;

    public string Explanation { get; init; } = string.Empty;

    public string File { get; init; } = string.Empty;

    public int Line { get; init; }

    public int Column { get; init; }
}

/// <summary>Where a member is referenced, and how.</summary>
public sealed class Site
{
    public string File { get; init; } = string.Empty;

    public int Line { get; init; }

    public int Column { get; init; }

    /// <summary><c>read</c>, or <c>write</c>: an assignment, <c>++</c>, <c>ref</c>/<c>out</c>, or a change through it (<c>table[i] = x</c>, <c>cache.Add(..)</c>).</summary>
    public string Kind { get; init; } = string.Empty;

    /// <summary>The type whose code it is.</summary>
    public string Type { get; init; } = string.Empty;
}

/// <summary>Any other PerNet diagnostic.</summary>
public sealed class Finding
{
    public string Rule { get; init; } = string.Empty;

    public string Severity { get; init; } = string.Empty;

    public string Message { get; init; } = string.Empty;

    /// <summary>The member whose code it is in (how the baseline names it).</summary>
    public string Member { get; init; } = string.Empty;

    public string File { get; init; } = string.Empty;

    public int Line { get; init; }

    public int Column { get; init; }
}

/// <summary>Builds the inventory from our analyzers' diagnostics and the solution's references.</summary>
public static class InventoryBuilder
{
    private static readonly Dictionary<string, string> s_kinds = new()
    {
        [DiagnosticIds.MutableStaticField] = "mutable static field",
        [DiagnosticIds.StaticReadonlyMutableValue] = "static readonly, mutable value",
        [DiagnosticIds.MutableStaticProperty] = "settable static property",
        [DiagnosticIds.StaticEvent] = "static event",
        [DiagnosticIds.ThreadStaticState] = "thread-local static",
        [DiagnosticIds.PerContextObjectInStatic] = "per-context object in a static",
    };

    public static async Task<Inventory> BuildAsync(LoadedSolution loaded, TextWriter progress, CancellationToken cancellationToken, bool explain = false)
    {
        progress.WriteLine($"Analyzing {loaded.Targets.Count} project(s) ...");
        var solution = loaded.Solution;
        var failures = new List<Finding>();
        var diagnostics = await SolutionMigration.DiagnosticsAsync(solution, Array.Empty<string>(), cancellationToken, loaded.AllFrameworks, explain, (project, failure) =>
        {
            // A bug of ours, not of the code scanned: say so, keep the rest of the results.
            progress.WriteLine($"warning: a PerNet analyzer failed on {project.Name}; its results there are incomplete. Please report it with this message: {failure.GetMessage()}");
            failures.Add(new Finding { Rule = failure.Id, Severity = "warning", Message = failure.GetMessage(), File = loaded.Relative(project.FilePath ?? project.Name) });
        });
        var inventory = new Inventory
        {
            Path = System.IO.Path.GetFileName(loaded.File),
            SourceRoot = loaded.Repository ?? loaded.Root,
            SolutionRoot = loaded.Root,
            Migrated = await CountMigratedAsync(solution, loaded.Targets, cancellationToken),
        };
        inventory.Findings.AddRange(failures);
        if (explain)
            inventory.Verdicts = new List<Verdict>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (document, diagnostic) in diagnostics.OrderBy(d => d.Diagnostic.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Diagnostic.Location.SourceSpan.Start))
        {
            var span = diagnostic.Location.GetLineSpan();
            if (!seen.Add(diagnostic.Id + span.Path + span.StartLinePosition))
                continue; // one project loaded for several target frameworks reports each finding once per framework
            var verdict = StateVerdict.From(diagnostic.Properties);
            if (diagnostic.Id == DiagnosticIds.StateVerdict)
            {
                if (verdict is { } v && await MigrationInput.DeclaredMemberAsync(document, diagnostic, cancellationToken) is { } declared)
                {
                    inventory.Verdicts!.Add(new Verdict
                    {
                        Member = MemberName(declared),
                        Kind = SymbolFacts.MemberKind(declared),
                        Rule = diagnostic.Properties.GetValueOrDefault("Rule") ?? string.Empty,
                        Value = v.KindText,
                        Reason = v.Reason,
                        Explanation = v.Explanation,
                        File = loaded.Relative(span.Path),
                        Line = span.StartLinePosition.Line + 1,
                        Column = span.StartLinePosition.Character + 1,
                    });
                }

                continue;
            }

            if (s_kinds.TryGetValue(diagnostic.Id, out var kind) && verdict is { Kind: VerdictKind.State or VerdictKind.Readonly } &&
                await MigrationInput.DeclaredMemberAsync(document, diagnostic, cancellationToken) is { } member)
            {
                var item = await StateItemAsync(loaded, diagnostic, kind, member, verdict.Value, cancellationToken);
                (verdict.Value.Kind == VerdictKind.State ? inventory.State : inventory.Readonly).Add(item);
            }
            else
            {
                var model = await document.GetSemanticModelAsync(cancellationToken);
                var enclosing = model?.GetEnclosingSymbol(diagnostic.Location.SourceSpan.Start, cancellationToken);
                inventory.Findings.Add(new Finding
                {
                    Rule = diagnostic.Id,
                    Severity = diagnostic.Severity.ToString().ToLowerInvariant(),
                    Message = diagnostic.GetMessage(),
                    Member = enclosing is null ? string.Empty : MemberName(enclosing is IMethodSymbol { AssociatedSymbol: { } associated } ? associated : enclosing),
                    File = loaded.Relative(span.Path),
                    Line = span.StartLinePosition.Line + 1,
                    Column = span.StartLinePosition.Character + 1,
                });
            }
        }

        return inventory;
    }

    /// <summary><c>Ns.Type.member</c>, stable across edits that move lines.</summary>
    public static string MemberName(ISymbol symbol) =>
        symbol.ContainingType is { } type ? type.ToDisplayString() + "." + symbol.Name : symbol.ToDisplayString();

    private static async Task<StateItem> StateItemAsync(LoadedSolution loaded, Diagnostic diagnostic, string kind, ISymbol member, StateVerdict verdict, CancellationToken cancellationToken)
    {
        var declaring = member.ContainingType;
        var sites = new List<Site>();
        foreach (var reference in await SymbolFinder.FindReferencesAsync(member, loaded.Solution, cancellationToken))
        {
            foreach (var location in reference.Locations.Where(l => !l.IsImplicit))
            {
                var root = await location.Document.GetSyntaxRootAsync(cancellationToken);
                var model = await location.Document.GetSemanticModelAsync(cancellationToken);
                var node = root!.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                var type = model!.GetEnclosingSymbol(location.Location.SourceSpan.Start, cancellationToken)?.ContainingType ?? declaring;
                var span = location.Location.GetLineSpan();
                sites.Add(new Site
                {
                    File = loaded.Relative(span.Path),
                    Line = span.StartLinePosition.Line + 1,
                    Column = span.StartLinePosition.Character + 1,
                    Kind = StaticMemberTracker.ClassifyAt(model, node, cancellationToken) is SiteKind.Write or SiteKind.Mutate ? "write" : "read",
                    Type = Outermost(type).ToDisplayString(),
                });
            }
        }

        sites = sites.DistinctBy(s => (s.File, s.Line, s.Column)).OrderBy(s => s.File, StringComparer.Ordinal).ThenBy(s => s.Line).ThenBy(s => s.Column).ToList();
        var span2 = diagnostic.Location.GetLineSpan();
        var own = Outermost(declaring).ToDisplayString();
        return new StateItem
        {
            Rule = diagnostic.Id,
            Kind = kind,
            Namespace = declaring.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : string.Empty,
            Type = declaring.ToDisplayString(),
            Name = member.Name,
            Member = MemberName(member),
            Message = diagnostic.GetMessage(),
            Verdict = verdict.KindText,
            Reason = verdict.Reason,
            Explanation = verdict.Explanation,
            File = loaded.Relative(span2.Path),
            Line = span2.StartLinePosition.Line + 1,
            Column = span2.StartLinePosition.Character + 1,
            Reads = sites.Count(s => s.Kind == "read"),
            Writes = sites.Count(s => s.Kind == "write"),
            Sites = sites,
            ExternalTypes = sites.Select(s => s.Type).Where(t => t != own).Distinct().Order(StringComparer.Ordinal).ToList(),
        };
    }

    private static INamedTypeSymbol Outermost(INamedTypeSymbol type)
    {
        while (type.ContainingType is { } outer)
            type = outer;
        return type;
    }

    private static async Task<int> CountMigratedAsync(Solution solution, IEnumerable<ProjectId> targets, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var id in targets)
        {
            if (solution.GetProject(id) is not { } project || await project.GetCompilationAsync(cancellationToken) is not { } compilation)
                continue;
            var stack = new Stack<INamespaceOrTypeSymbol>();
            stack.Push(compilation.Assembly.GlobalNamespace);
            while (stack.Count > 0)
            {
                foreach (var member in stack.Pop().GetMembers())
                {
                    if (member is INamespaceOrTypeSymbol container)
                        stack.Push(container);
                    if (member is INamedTypeSymbol { IsAbstract: false } type && PerContextTypes.IsState(type))
                        count += type.GetMembers().Count(m => !m.IsImplicitlyDeclared && !m.IsStatic && m is IFieldSymbol { AssociatedSymbol: null } or IPropertySymbol or IEventSymbol);
                }
            }
        }

        return count;
    }
}
