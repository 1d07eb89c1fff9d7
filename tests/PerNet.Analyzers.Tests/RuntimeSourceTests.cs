using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace PerNet.Analyzers.Tests;

/// <summary>
/// The runtime's sources parse with the Roslyn PerNet builds against (4.14, as the CLI and older IDEs
/// load them), on every target's symbols: a C# 14-only construct there made `pernet migrate` refuse a
/// solution that holds the runtime project ("does not compile").
/// </summary>
public class RuntimeSourceTests
{
    [Theory]
    [InlineData("NETSTANDARD2_0", "NETSTANDARD")]
    [InlineData("NET8_0", "NET8_0_OR_GREATER", "NET7_0_OR_GREATER", "NET6_0_OR_GREATER", "NET5_0_OR_GREATER", "NETCOREAPP")]
    [InlineData("NET10_0", "NET10_0_OR_GREATER", "NET8_0_OR_GREATER", "NET7_0_OR_GREATER", "NET6_0_OR_GREATER", "NET5_0_OR_GREATER", "NETCOREAPP")]
    public void RuntimeSources_ParseWithThePinnedRoslyn(params string[] symbols)
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: symbols);
        var folder = Path.Combine(DocumentationTests.RepositoryRoot(), "src", "PerNet.Runtime");
        var errors = Directory.EnumerateFiles(folder, "*.cs")
            .SelectMany(file => CSharpSyntaxTree.ParseText(File.ReadAllText(file), options, file).GetDiagnostics())
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.ToString())
            .ToList();
        Assert.Empty(errors);
    }
}
