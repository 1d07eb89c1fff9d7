using Microsoft.CodeAnalysis.Diagnostics;

namespace PerNet.Analyzers.Tests;

/// <summary>Every rule has a docs page its help link points at, and the release tracking lists it.</summary>
public class DocumentationTests
{
    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var id in Descriptors().Select(d => d.Id).Distinct())
            data.Add(id);
        return data;
    }

    private static IEnumerable<Microsoft.CodeAnalysis.DiagnosticDescriptor> Descriptors() =>
        AnalyzerRunner.AllAnalyzers.SelectMany(a => a.SupportedDiagnostics);

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Analyzers.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException("Analyzers.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void EveryIdConstant_HasAnAnalyzer()
    {
        var constants = typeof(DiagnosticIds).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetValue(null)!);
        Assert.Equal(constants.Order(), Descriptors().Select(d => d.Id).Distinct().Order());
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void HelpLink_PointsAtExistingPage(string id)
    {
        var descriptor = Descriptors().First(d => d.Id == id);
        Assert.EndsWith($"/docs/rules/{id}.md", descriptor.HelpLinkUri);
        var page = Path.Combine(RepositoryRoot(), "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), page + " is missing");
        var text = File.ReadAllText(page);
        Assert.StartsWith($"# {id}: ", text);
        foreach (var section in new[] { "## What it finds", "## Why it matters for per-context state", "## Suppress" })
            Assert.Contains(section, text);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void ReleaseTracking_ListsRule(string id)
    {
        var descriptor = Descriptors().First(d => d.Id == id);
        var unshipped = File.ReadAllText(Path.Combine(RepositoryRoot(), "analyzers", "PerNet.Analyzers", "AnalyzerReleases.Unshipped.md"));
        var severity = descriptor.IsEnabledByDefault ? descriptor.DefaultSeverity.ToString() : "Disabled";
        Assert.Contains($"{id} | {descriptor.Category} | {severity} |", unshipped);
    }
}
