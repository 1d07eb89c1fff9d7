using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/PerNet.Runtime.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(PerNet.Runtime.Benchmarks.StateAccessBenchmark).Assembly).Run(args);
