using PerNet.CodeFixes.Migration;

namespace PerNet.Analyzers.Tests;

/// <summary>
/// <c>pernet migrate</c> makes readonly, in the same run, every static field judged readonly (never written after
/// initialization, an immutable value) — <see cref="SolutionMigration.MakeReadonlyAsync"/> — and nothing else: not
/// state, not a field another project assigns, not a declaration one of whose variables is written.
/// </summary>
public class MakeReadonlyInBulkTests
{
    [Fact]
    public async Task FieldsJudgedReadonly_MadeReadonly_OthersUntouched()
    {
        const string source = """
            using System;

            namespace Stack
            {
                static class Limits
                {
                    static int mtu = 1500, jumbo = 9000;
                    private static string name = "eth";
                    static TimeSpan timeout = TimeSpan.FromSeconds(3);
                    static int next;
                    static int a = 1, b = 2;

                    public static int Next() => next++ + mtu + jumbo + name.Length + timeout.Seconds + a + b++;
                }
            }
            """;
        var solution = MigrationHarness.CreateSolution(source);

        var (result, fields) = await SolutionMigration.MakeReadonlyAsync(solution, solution.ProjectIds, CancellationToken.None);

        Assert.Equal(["Limits.jumbo", "Limits.mtu", "Limits.name", "Limits.timeout"], fields);
        Assert.Equal(source
            .Replace("static int mtu = 1500", "static readonly int mtu = 1500")
            .Replace("private static string name", "private static readonly string name")
            .Replace("static TimeSpan timeout", "static readonly TimeSpan timeout"), await MigrationHarness.TextAsync(result, "App"));
        Assert.Empty(await MigrationHarness.ErrorsAsync(result));
    }

    [Fact]
    public async Task AFieldAnotherProjectAssigns_StaysWritable()
    {
        var solution = MigrationHarness.CreateSolution(
            new MigrationHarness.Project("Lib", ["public static class Settings { public static int Ttl = 64; public static int Hops() => Ttl; }"], []),
            new MigrationHarness.Project("Tool", ["public static class Setup { public static void Run() => Settings.Ttl = 32; }"], ["Lib"]));

        var (_, fields) = await SolutionMigration.MakeReadonlyAsync(solution, solution.ProjectIds, CancellationToken.None);

        Assert.Empty(fields);
    }
}
