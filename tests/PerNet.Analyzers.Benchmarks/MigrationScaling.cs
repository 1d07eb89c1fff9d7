using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using PerNet.CodeFixes;
using PerNet.CodeFixes.Migration;

namespace PerNet.Analyzers.Benchmarks;

/// <summary>
/// Stopwatch harness for the solution-wide explicit migration: generated solutions of 25k, 50k and
/// 100k lines, about four statics per 200-line module and call chains twelve calls deep from public
/// entry points to the state. Reports analysis (finding the statics) and migration (plan + rewrite)
/// separately, checks the result compiles, and prints the time per 1,000 lines to show the growth.
/// Target: 100k lines migrated in ≤ 30 s (issue: migration engine; figures in docs/benchmarks.md).
/// Run: dotnet run -c Release --project tests/PerNet.Analyzers.Benchmarks -- migrate
/// </summary>
public static class MigrationScaling
{
    public static async Task RunAsync(int[] sizes)
    {
        Console.WriteLine("| lines | files | statics | analysis | migration | per 1k lines | errors after |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var size in sizes)
        {
            var sources = Generate(size, out var lines, out var statics);
            var solution = CreateSolution(sources);
            var analysis = Stopwatch.StartNew();
            var members = await FindStateAsync(solution);
            analysis.Stop();

            var migration = Stopwatch.StartNew();
            var result = await ContextMigration.MigrateAsync(solution, members, CancellationToken.None);
            migration.Stop();
            if (!result.Succeeded)
                throw new InvalidOperationException(string.Join("\n", result.Problems.Take(5)));

            var compilation = await result.Solution!.Projects.Single().GetCompilationAsync();
            var errors = compilation!.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
            Console.WriteLine($"| {lines:N0} | {sources.Count} | {members.Count} (generated {statics}) | {analysis.Elapsed.TotalSeconds:F1} s | {migration.Elapsed.TotalSeconds:F1} s | {migration.Elapsed.TotalMilliseconds / (lines / 1000.0):F0} ms | {errors} |");
        }
    }

    private static Task<IReadOnlyCollection<ISymbol>> FindStateAsync(Solution solution) =>
        SolutionMigration.StateMembersAsync(solution, onlyIds: null, CancellationToken.None);

    public static Solution CreateSolution(IReadOnlyList<string> sources)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll")
            .Append(typeof(PerNet.NetContext).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        var workspace = new AdhocWorkspace();
        var id = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(id, VersionStamp.Default, "Stack", "Stack", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: references));
        for (var i = 0; i < sources.Count; i++)
            solution = solution.AddDocument(DocumentId.CreateNewId(id), $"Module{i}.cs", SourceText.From(sources[i]), filePath: $"/stack/Module{i}.cs");
        return solution;
    }

    /// <summary>Modules of about 200 lines: a stateful protocol type, a 12-deep call chain into it, and plain code.</summary>
    public static IReadOnlyList<string> Generate(int targetLines, out int lines, out int statics)
    {
        var files = new List<string>();
        lines = 0;
        statics = 0;
        for (var m = 0; lines < targetLines; m++)
        {
            var b = new StringBuilder();
            b.AppendLine("using System;\nusing System.Collections.Generic;\nusing System.Threading;");
            b.AppendLine($"namespace Stack.Module{m};");
            b.AppendLine($"public static class Proto{m}");
            b.AppendLine("{");
            b.AppendLine("    static readonly Dictionary<int, long> cache = new();");
            b.AppendLine("    static long received;");
            b.AppendLine("    public static bool Forwarding { get; set; }");
            b.AppendLine("    public static event Action<int>? Learned;");
            b.AppendLine("    public static void Learn(int key) { cache[key] = Interlocked.Increment(ref received); Learned?.Invoke(key); }");
            b.AppendLine("    public static long Lookup(int key) => Forwarding && cache.TryGetValue(key, out var v) ? v : -1;");
            b.AppendLine("}");
            statics += 4;
            b.AppendLine($"public static class Chain{m}");
            b.AppendLine("{");
            for (var d = 0; d < 12; d++)
            {
                var next = d == 11 ? $"Proto{m}.Lookup(x) + {(m > 0 ? $"Stack.Module{m - 1}.Chain{m - 1}.Level11(x)" : "0")}" : $"Level{d + 1}(x + {d})";
                if (d == 11)
                    b.AppendLine($"    public static long Level{d}(int x) {{ Proto{m}.Learn(x); return Proto{m}.Lookup(x); }}");
                else
                    b.AppendLine($"    public static long Level{d}(int x) => {next} * 2;");
            }

            b.AppendLine("}");
            b.AppendLine($"public sealed class Worker{m}");
            b.AppendLine("{");
            b.AppendLine("    private readonly List<int> _seen = new();");
            for (var k = 0; k < 14; k++)
            {
                b.AppendLine($"    public int Parse{k}(ReadOnlySpan<byte> packet)");
                b.AppendLine("    {");
                b.AppendLine("        var sum = 0;");
                b.AppendLine("        for (var i = 0; i + 1 < packet.Length; i += 2) sum += (packet[i] << 8) | packet[i + 1];");
                b.AppendLine("        while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);");
                b.AppendLine("        _seen.Add(sum);");
                b.AppendLine("        return ~sum & 0xffff;");
                b.AppendLine("    }");
            }

            b.AppendLine($"    public long Run(int x) => Chain{m}.Level0(x) + Parse0(default);");
            b.AppendLine("}");
            var text = b.ToString();
            lines += text.Count(c => c == '\n');
            files.Add(text);
        }

        return files;
    }
}
