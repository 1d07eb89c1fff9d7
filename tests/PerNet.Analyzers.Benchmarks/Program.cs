using System.Diagnostics;
using PerNet.Benchmarks.Shared;
using PerNet.Analyzers.Benchmarks;

// dotnet run -c Release --project tests/PerNet.Analyzers.Benchmarks -- --filter '*'
// `-- --dry` runs each benchmark once in process and exits 1 if one fails (what CI runs).
// `-- quick [lines]` is a one-shot stopwatch look for development, not the measurement.
// `-- migrate [lines...]` is the migration scaling harness (MigrationScaling.cs).
// `-- offer <csproj|sln>` times registering the code fixes for one diagnostic on a real project (FixRegistrationBenchmark.cs).
if (args.Length > 1 && args[0] == "offer")
{
    Microsoft.Build.Locator.MSBuildLocator.RegisterDefaults();
    await RealProject.OfferAsync(args[1]);
    return 0;
}

if (args.Length > 0 && args[0] == "migrate")
{
    var sizes = args.Length > 1 ? args.Skip(1).Select(int.Parse).ToArray() : new[] { 25_000, 50_000, 100_000 };
    await PerNet.Analyzers.Benchmarks.MigrationScaling.RunAsync(sizes);
    return 0;
}

if (args.Length > 0 && args[0] == "quick")
{
    var bench = new AnalyzerOverheadBenchmark { Lines = args.Length > 1 ? int.Parse(args[1]) : 50_000 };
    bench.Setup();
    for (var round = 0; round < 3; round++)
    {
        foreach (var (name, run) in new (string, Func<int>)[]
        {
            ("compile", bench.Compile),
            ("compile + no-op analyzer", bench.CompileAndNoOpAnalyzer),
            ("compile + PerNet analyzers", bench.CompileAndAnalyze),
        })
        {
            var watch = Stopwatch.StartNew();
            run();
            Console.WriteLine($"{name,-30} {watch.Elapsed.TotalMilliseconds,8:F0} ms");
        }
    }

    if (args.Length > 2 && args[2] == "each")
    {
        foreach (var analyzer in bench.Analyzers)
        {
            bench.CompileWith(System.Collections.Immutable.ImmutableArray.Create(analyzer));
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < 3; i++)
                bench.CompileWith(System.Collections.Immutable.ImmutableArray.Create(analyzer));
            Console.WriteLine($"{analyzer.GetType().Name,-40} {watch.Elapsed.TotalMilliseconds / 3,8:F0} ms");
        }
    }

    return 0;
}

return BenchmarkMain.Run(typeof(AnalyzerOverheadBenchmark).Assembly, args);
