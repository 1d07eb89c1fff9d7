using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using PerNet.Benchmarks.Shared;

namespace PerNet.Analyzers.Benchmarks;

/// <summary>
/// Compile-plus-analyze time of a generated 200,000-line corpus with the PerNet analyzers versus
/// without them. Each operation starts from a fresh clone of the compilation (no cached binding).
/// The baseline is the compile with the analyzer driver attached (one analyzer that does nothing):
/// every SDK build already pays for that driver through the SDK's own analyzers, so the ratio is
/// what adding PerNet costs. "compile" alone is shown for context.
/// Target: "compile + PerNet analyzers" ≤ 1.05 × baseline.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 8)]
[MemoryDiagnoser]
public class AnalyzerOverheadBenchmark
{
    private CSharpCompilation _compilation = null!;
    private ImmutableArray<DiagnosticAnalyzer> _analyzers;

    /// <summary>The corpus size: 200,000 lines; 5,000 in CI's dry run, which checks that the benchmark runs, not its figure.</summary>
    [ParamsSource(nameof(LineCounts))]
    public int Lines { get; set; }

    public static IEnumerable<int> LineCounts => BenchmarkMain.IsDryRun ? new[] { 5_000 } : new[] { 200_000 };

    /// <summary>
    /// With PerNet.Runtime referenced, the context rules (PN0101–PN0104) run too — PN0101 builds the
    /// compilation's call graph — as they do in code that has started its migration.
    /// </summary>
    [Params(false, true)]
    public bool ReferencesRuntime { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var sources = CorpusGenerator.Generate(Lines, out var lines);
        Console.WriteLine($"// corpus: {sources.Count} files, {lines} lines");
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll")
            .Append(ReferencesRuntime ? typeof(PerNet.NetContext).Assembly.Location : null)
            .OfType<string>()
            .Select(p => MetadataReference.CreateFromFile(p));
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        _compilation = CSharpCompilation.Create(
            "Corpus",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, parse, path: $"/corpus/File{i}.cs")),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: true));
        _analyzers = AnalyzerCatalog.CreateAll();
        var errors = _compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
            throw new InvalidOperationException("corpus does not compile: " + errors[0]);
    }

    /// <summary>What a build does before emit: bind every body and report compiler diagnostics.</summary>
    [Benchmark(Description = "compile")]
    public int Compile() => _compilation.Clone().GetDiagnostics().Length;

    /// <summary>
    /// The same compile with the analyzer driver attached, as csc runs it: analyzers consume the
    /// compilation's events while it binds, so only their own work (and the driver's) is added.
    /// </summary>
    [Benchmark(Description = "compile + PerNet analyzers")]
    public int CompileAndAnalyze() => CompileWith(_analyzers);

    /// <summary>Control: the driver's own cost with one analyzer that does nothing.</summary>
    [Benchmark(Baseline = true, Description = "compile + no-op analyzer")]
    public int CompileAndNoOpAnalyzer() => CompileWith(ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpAnalyzer()));

    public ImmutableArray<DiagnosticAnalyzer> Analyzers => _analyzers;

    public int CompileWith(ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var withAnalyzers = _compilation.Clone().WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false));
        return withAnalyzers.GetAllDiagnosticsAsync().GetAwaiter().GetResult().Length;
    }

#pragma warning disable RS1001, RS1025, RS1026, RS1036, RS1038, RS1041, RS2008 // a control analyzer for the benchmark only
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class NoOpAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new("NOOP", "noop", "noop", "noop", DiagnosticSeverity.Hidden, true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        }
    }
#pragma warning restore RS1001, RS1025, RS1026, RS1036, RS1038, RS1041, RS2008
}
