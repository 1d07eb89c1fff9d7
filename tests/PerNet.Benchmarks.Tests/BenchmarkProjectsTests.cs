using PerNet.Benchmarks.Shared;
using PerNet.Tests.Shared;

namespace PerNet.Benchmarks.Tests;

/// <summary>
/// Every BenchmarkDotNet project under tests/ runs its benchmarks once (<c>--dry</c>: BenchmarkDotNet's Dry job, in
/// process, sizes made small where a benchmark takes its size as a parameter) and exits 0 only when every benchmark
/// measured something. A benchmark that throws, reports NA or is not found fails here, in CI.
/// </summary>
public sealed class BenchmarkProjectsTests
{
    [Theory]
    [InlineData("PerNet.Stack.Benchmarks", "net10.0")]
    [InlineData("PerNet.Analyzers.Benchmarks", "net10.0")]
    [InlineData("PerNet.Runtime.Benchmarks", "net10.0")]
    [InlineData("PerNet.Runtime.Benchmarks", "net8.0")]
    public void DryRun_EveryBenchmarkMeasures(string project, string framework)
    {
        var program = BuiltProgram(project, framework);
        var work = Directory.CreateTempSubdirectory("pernet-bench-dry-").FullName;
        try
        {
            var (exitCode, output) = program.EndsWith(".dll", StringComparison.Ordinal)
                ? DotNetCli.Run(work, null, program, BenchmarkMain.DryFlag)
                : DotNetCli.RunProgram(program, work, null, BenchmarkMain.DryFlag);

            Assert.True(exitCode == 0, $"{project} ({framework}) --dry exited {exitCode}:\n{Tail(output)}");
            Assert.Matches(@"[1-9]\d* benchmark\(s\) measured \(dry run\)", output);
            Assert.Contains(".NET " + framework[3..], output); // measured on the runtime of that build
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// The program the solution build made for <paramref name="project"/> in this test's configuration: the
    /// assembly run with dotnet, or the self-contained apphost of a build that carries its own runtime.
    /// </summary>
    private static string BuiltProgram(string project, string framework)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Name.Split('_')[0]; // artifacts/bin/<project>/<config>[_tfm]
        var bin = Path.Combine(DotNetCli.RepositoryRoot(), "artifacts", "bin", project);
        var folders = Directory.Exists(bin) ? Directory.GetDirectories(bin) : [];
        var folder = folders.Where(f => Path.GetFileName(f) == configuration || Path.GetFileName(f).StartsWith(configuration + "_" + framework, StringComparison.Ordinal))
            .OrderByDescending(f => Path.GetFileName(f).Length)
            .FirstOrDefault()
            ?? throw new InvalidOperationException($"{project} ({framework}, {configuration}) is not built under {bin}: build the solution first");
        var apphost = Path.Combine(folder, project);
        return File.Exists(Path.Combine(folder, project + ".runtimeconfig.json"))
            && File.ReadAllText(Path.Combine(folder, project + ".runtimeconfig.json")).Contains("includedFrameworks", StringComparison.Ordinal)
            ? apphost
            : Path.Combine(folder, project + ".dll");
    }

    private static string Tail(string output) => string.Join('\n', output.Split('\n').TakeLast(60));
}
