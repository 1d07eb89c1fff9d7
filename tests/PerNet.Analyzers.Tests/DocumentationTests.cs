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

    /// <summary>Every <c>pernet.*</c> option the docs mention is one the code declares, and every declared one is read.</summary>
    [Fact]
    public void DocumentedOptions_AreTheOnesTheCodeReads()
    {
        var root = RepositoryRoot();
        var keys = typeof(PerNetOptions).GetFields().Where(f => f.IsLiteral && f.Name.EndsWith("Key", StringComparison.Ordinal))
            .ToDictionary(f => (string)f.GetValue(null)!, f => f.Name);
        var docs = Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories).Append(Path.Combine(root, "README.md"));
        var documented = docs.SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f), @"\bpernet\.[a-z_]+").Select(m => m.Value))
            .Where(m => m != "pernet.baseline") // the baseline file scan's next steps name, not an option
            .ToHashSet();
        Assert.Empty(documented.Except(keys.Keys)); // documented but not an option
        Assert.Empty(keys.Keys.Except(documented)); // an option nobody is told about
        var code = Directory.EnumerateFiles(Path.Combine(root, "analyzers"), "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "codefixes"), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText).ToList();
        foreach (var name in keys.Values)
            Assert.True(code.Sum(text => System.Text.RegularExpressions.Regex.Matches(text, @"\b" + name + @"\b").Count) > 1, name + " is declared but never read");
    }

    /// <summary>README and docs link only inside the repository, to files that exist.</summary>
    [Fact]
    public void DocsLinks_StayInsideTheRepository_AndResolve()
    {
        var root = RepositoryRoot();
        var pages = Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories).Append(Path.Combine(root, "README.md"));
        foreach (var page in pages)
        {
            foreach (System.Text.RegularExpressions.Match link in System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(page), @"\]\(([^)\s]+)\)"))
            {
                var target = link.Groups[1].Value.Split('#')[0];
                Assert.False(target.Contains("://", StringComparison.Ordinal), $"{page}: {target} leaves the repository");
                if (target.Length == 0)
                    continue;
                var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, target));
                Assert.True(File.Exists(resolved) || Directory.Exists(resolved), $"{page}: {target} does not exist");
                Assert.StartsWith(root, resolved);
            }
        }
    }
}
