using System.Text.RegularExpressions;

namespace PerNet.Analyzers.Tests;

/// <summary>
/// docs/migration.md's table of constructs is the engine's map: every file of the migration engine is named in it, and
/// every test it names as evidence exists.
/// </summary>
public class ConstructTableTests
{
    private static readonly string Root = DocumentationTests.RepositoryRoot();

    private static string Table()
    {
        var page = File.ReadAllText(Path.Combine(Root, "docs", "migration.md"));
        var start = page.IndexOf("## Where each construct is handled", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/migration.md has no construct table");
        var end = page.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return page[start..(end < 0 ? page.Length : end)];
    }

    public static TheoryData<string> EngineFiles()
    {
        var engine = Path.Combine(Root, "codefixes", "PerNet.CodeFixes", "Migration");
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(engine, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(engine, file).Replace(Path.DirectorySeparatorChar, '/'));
        return data;
    }

    [Theory]
    [MemberData(nameof(EngineFiles))]
    public void EveryEngineFile_IsNamedInTheTable(string file) =>
        Assert.Contains("`" + file, Table(), StringComparison.Ordinal);

    [Fact]
    public void EveryTestTheTableNames_Exists()
    {
        var tests = string.Join("\n", Directory.EnumerateFiles(Path.Combine(Root, "tests"), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText));
        var rows = Table().Split('\n').Where(l => l.StartsWith('|') && !l.StartsWith("|---", StringComparison.Ordinal)).Skip(1).ToList();
        Assert.True(rows.Count > 20, "the table is shorter than expected");
        var missing = new List<string>();
        foreach (var row in rows)
        {
            var shownBy = row.Split('|', StringSplitOptions.RemoveEmptyEntries)[^1];
            foreach (Match name in Regex.Matches(shownBy, @"`(?:[A-Za-z]+\.)?([A-Za-z][A-Za-z0-9_]*)`"))
            {
                var identifier = name.Groups[1].Value;
                if (!Regex.IsMatch(tests, $@"\b(class|Task|void)\s+{identifier}\b"))
                    missing.Add(identifier);
            }
        }

        Assert.Empty(missing);
    }
}
