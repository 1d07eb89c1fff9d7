using PerNet.Benchmarks.Shared;
using PerNet.Stack.Benchmarks;

// dotnet run -c Release --project tests/PerNet.Stack.Benchmarks -- --filter '*'
// `-- --dry` runs each benchmark once in process and exits 1 if one fails (what CI runs).
// The three builds of LegacyStack are made (migrated in process) before the benchmarks start.
// `-- dump <folder>` writes the explicit and ambient sources there instead, to read what is measured.
if (args.Length == 2 && args[0] == "dump")
{
    await StackBuilds.DumpAsync(StackBuild.Explicit, Path.Combine(args[1], "explicit"));
    await StackBuilds.DumpAsync(StackBuild.Ambient, Path.Combine(args[1], "ambient"));
    return 0;
}

foreach (var build in Enum.GetValues<StackBuild>())
    Console.WriteLine($"{build}: {StackBuilds.EnsureBuilt(build)}");
return BenchmarkMain.Run(typeof(HotPathBenchmark).Assembly, args);
