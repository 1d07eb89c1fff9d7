using PerNet.Benchmarks.Shared;

// dotnet run -c Release --project tests/PerNet.Runtime.Benchmarks -- --filter '*'
// `-- --dry` runs each benchmark once in process and exits 1 if one fails (what CI runs).
return BenchmarkMain.Run(typeof(PerNet.Runtime.Benchmarks.StateAccessBenchmark).Assembly, args);
