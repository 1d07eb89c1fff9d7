using Microsoft.CodeAnalysis;
using PerNet.CodeFixes.Migration;

namespace PerNet.Analyzers.Tests;

/// <summary>
/// The diagnostics, the migration's input and the verdict report (which the CLI prints) come from one
/// state model: over one project they name the same members with the same verdict.
/// </summary>
public class StateModelConsistencyTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        public sealed class HeaderName { private readonly string _v; private int _hash; public HeaderName(string v) { _v = v; } public override int GetHashCode() { if (_hash == 0) _hash = _v.GetHashCode(); return _hash; } }
        public sealed class Codec { public static readonly Codec Instance = new(); }
        public static class Registry
        {
            static readonly Dictionary<string, int> byName = new();
            static readonly HeaderName Host = new("Host");
            static readonly InvalidOperationException Closed = new();
            static readonly int[] Table = { 1, 2, 3 };
            static int next;
            static int limit = 5;
            public static event Action? Changed;
            public static bool Verbose { get; set; }
            public static int Add(string name) { byName[name] = next++; Changed?.Invoke(); return Table[0] + limit + Host.GetHashCode(); }
            public static void Fail() => throw Closed;
        }
        """;

    [Fact]
    public async Task DiagnosticsMigrationAndVerdicts_NameTheSameMembersWithTheSameVerdict()
    {
        var solution = MigrationHarness.CreateSolution(Source);
        var all = await SolutionMigration.DiagnosticsAsync(solution, Array.Empty<string>(), CancellationToken.None, explain: true);

        static string Name(Diagnostic d) => d.Location.SourceTree!.GetRoot().FindToken(d.Location.SourceSpan.Start).ValueText;
        var reported = all.Where(p => DiagnosticIds.StateRules.Contains(p.Diagnostic.Id))
            .Select(p => (Name(p.Diagnostic), StateVerdict.From(p.Diagnostic.Properties)!.Value.KindText)).Order().ToArray();
        var verdicts = all.Where(p => p.Diagnostic.Id == DiagnosticIds.StateVerdict)
            .Select(p => (Name(p.Diagnostic), StateVerdict.From(p.Diagnostic.Properties)!.Value.KindText)).Order().ToArray();
        var migrated = (await SolutionMigration.StateMembersAsync(solution, onlyIds: null, CancellationToken.None)).Select(m => m.Name).Order().ToArray();

        Assert.Equal(new[] { ("byName", "state"), ("Changed", "state"), ("limit", "readonly"), ("next", "state"), ("Verbose", "state") }, reported);
        Assert.Equal(reported, verdicts.Where(v => v.Item2 != "not-state").ToArray());
        Assert.Equal(reported.Where(r => r.Item2 == "state").Select(r => r.Item1).Order().ToArray(), migrated);
        Assert.Equal(
            new[] { "Closed", "Host", "Instance", "Table" },
            verdicts.Where(v => v.Item2 == "not-state").Select(v => v.Item1).Order().ToArray());
    }
}

/// <summary>The analyzer sees one project; "Make readonly" also asks the other projects of the solution.</summary>
public class MakeReadonlyAcrossProjectsTests
{
    [Theory]
    [InlineData("public static int Twice() => Limits.Max * 2;", false)]
    [InlineData("public static void Lower() => Limits.Max = 3;", true)]
    public async Task PublicFieldNeverWrittenInItsProject_FixOnlyWhenNoOtherProjectAssignsIt(string user, bool writtenElsewhere)
    {
        var solution = MigrationHarness.CreateSolution(
            new MigrationHarness.Project("Lib", new[] { "public static class Limits { public static int Max = 5; }" }, Array.Empty<string>()),
            new MigrationHarness.Project("Tests", new[] { "public static class User { " + user + " }" }, new[] { "Lib" }));
        var (document, diagnostic) = (await MigrationHarness.DiagnosticsAsync(solution, DiagnosticIds.MutableStaticField)).Single(p => p.Document.Project.Name == "Lib");
        Assert.Equal(VerdictKind.Readonly, StateVerdict.From(diagnostic.Properties)!.Value.Kind);

        var root = await document.GetSyntaxRootAsync();
        var field = PerNet.CodeFixes.MakeReadonly.Target(root!, diagnostic, new[] { diagnostic });
        Assert.NotNull(field);
        Assert.Equal(writtenElsewhere, await PerNet.CodeFixes.MakeReadonly.IsWrittenInOtherProjectsAsync(document, field!, CancellationToken.None));
    }
}
