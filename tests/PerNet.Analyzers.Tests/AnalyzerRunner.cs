using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerNet.Analyzers.Tests;

/// <summary>
/// Runs analyzers straight over a compilation, for what the markup verifiers do not show:
/// additional locations, analyzer exceptions on broken code, whole samples.
/// </summary>
internal static class AnalyzerRunner
{
    public static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers { get; } = AnalyzerCatalog.CreateAll();

    private static readonly ImmutableArray<MetadataReference> s_references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
        .Split(Path.PathSeparator)
        .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
        .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
        .ToImmutableArray();

    public static CSharpCompilation Compile(params string[] sources) => Compile(sources, withSharedAttribute: true, Array.Empty<MetadataReference>());

    public static CSharpCompilation Compile(IEnumerable<string> sources, bool withSharedAttribute, IEnumerable<MetadataReference> references)
    {
        var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, path: $"/src/File{i}.cs"));
        if (withSharedAttribute)
            trees = trees.Append(CSharpSyntaxTree.ParseText(TestReferences.SharedAttribute, path: "/src/Shared.cs"));
        return CSharpCompilation.Create(
            "Test",
            trees,
            s_references.Concat(references),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>Analyzer diagnostics, and every exception an analyzer threw (the AD0001 cases).</summary>
    public static async Task<(ImmutableArray<Diagnostic> Diagnostics, IReadOnlyList<Exception> Exceptions)> RunAsync(
        Compilation compilation, ImmutableArray<DiagnosticAnalyzer>? analyzers = null)
    {
        var exceptions = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (ex, _, _) => { lock (exceptions) exceptions.Add(ex); },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var withAnalyzers = compilation.WithAnalyzers(analyzers ?? AllAnalyzers, options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        return (diagnostics, exceptions);
    }

    public static async Task<ImmutableArray<Diagnostic>> RunAsync(params string[] sources)
    {
        var (diagnostics, exceptions) = await RunAsync(Compile(sources));
        Assert.Empty(exceptions);
        return diagnostics;
    }
}
