using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using PerNet.CodeFixes;
using PerNet.CodeFixes.Migration;

namespace PerNet.Analyzers.Tests;

/// <summary>
/// Runs the explicit migration the way the FixAll does, over an in-memory solution of one or more
/// projects: our analyzers find the state, one plan migrates it, and the result must compile.
/// </summary>
internal static class MigrationHarness
{
    /// <param name="Config">A <c>.globalconfig</c> body for the project (<c>pernet.*</c> settings), if any.</param>
    /// <param name="Metadata">More metadata references (a test framework's assembly); <param name="WithoutRuntime">no PerNet.Runtime reference.</param></param>
    public sealed record Project(string Name, string[] Sources, string[] References, string? Config = null, MetadataReference[]? Metadata = null, bool WithoutRuntime = false);

    public static Solution CreateSolution(params Project[] projects)
    {
        var workspace = new AdhocWorkspace();
        var solution = workspace.CurrentSolution;
        var ids = new Dictionary<string, ProjectId>();
        foreach (var project in projects)
        {
            var id = ProjectId.CreateNewId(project.Name);
            ids[project.Name] = id;
            solution = solution.AddProject(ProjectInfo.Create(
                id, VersionStamp.Default, project.Name, project.Name, LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
                parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
                metadataReferences: (project.WithoutRuntime ? TestReferences.RuntimeReferences.Where(r => !(r.Display ?? "").EndsWith("PerNet.Runtime.dll", StringComparison.Ordinal)) : TestReferences.RuntimeReferences)
                    .Concat(project.Metadata ?? Array.Empty<MetadataReference>())));
            for (var i = 0; i < project.Sources.Length; i++)
                solution = solution.AddDocument(DocumentId.CreateNewId(id), $"{project.Name}{i}.cs", SourceText.From(project.Sources[i]), filePath: $"/{project.Name}/File{i}.cs");
            if (project.Config is { } config)
                solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(id), ".globalconfig", SourceText.From("is_global = true\n" + config), filePath: $"/{project.Name}/.globalconfig");
            foreach (var reference in project.References)
                solution = solution.AddProjectReference(id, new ProjectReference(ids[reference]));
        }

        return solution;
    }

    public static Solution CreateSolution(params string[] sources) => CreateSolution(new Project("App", sources, Array.Empty<string>()));

    /// <summary>Every PerNet diagnostic of the solution, by document.</summary>
    public static async Task<List<(Document Document, Diagnostic Diagnostic)>> DiagnosticsAsync(Solution solution, params string[] ids) =>
        (await SolutionMigration.DiagnosticsAsync(solution, ids, CancellationToken.None)).ToList();

    public static Task<MigrationResult> MigrateAllAsync(Solution solution, MigrationStyle style = MigrationStyle.Explicit) =>
        SolutionMigration.MigrateAllAsync(solution, style, CancellationToken.None);

    /// <summary>
    /// Migrates a one-project solution of <paramref name="sources"/>; asserts it compiled before and after and
    /// left no PN0001–PN0005; returns the migrated texts joined.
    /// </summary>
    public static Task<string> MigrateAndCheckAsync(params string[] sources) => MigrateAndCheckWithAsync(null, sources);

    /// <summary><see cref="MigrateAndCheckAsync"/> with <c>pernet.*</c> settings (a .globalconfig body).</summary>
    public static async Task<string> MigrateAndCheckWithAsync(string? config, params string[] sources)
    {
        var test = ExpectedText.CallingTest();
        var solution = CreateSolution(new Project("App", sources, Array.Empty<string>(), config));
        Assert.Empty(await ErrorsAsync(solution));
        var result = await MigrateAllAsync(solution);
        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        var text = string.Join("\n// ----\n", await Task.WhenAll(sources.Select((_, i) => TextAsync(result.Solution!, "App", i))));
        var errors = await ErrorsAsync(result.Solution!);
        Assert.True(errors.Length == 0, string.Join("\n", errors) + "\n" + text);
        Assert.Empty(await DiagnosticsAsync(result.Solution!, "PN0001", "PN0002", "PN0003", "PN0004", "PN0005"));
        ExpectedText.Match(test, nameof(MigrationStyle.Explicit), Input(config, sources), text);
        return text;
    }

    /// <summary>What a migration's output depends on, as one string: the settings and the sources.</summary>
    private static string Input(string? config, string[] sources) => (config ?? string.Empty) + "\0" + string.Join("\0", sources);

    /// <summary>How a migrated access reads its state in <paramref name="style"/> from a <c>net</c> parameter.</summary>
    public static string StateAccess(MigrationStyle style) => style == MigrationStyle.Explicit ? "State.Of(net)" : "State.Current";

    /// <summary>
    /// Migrates a one-project solution of <paramref name="sources"/> in <paramref name="style"/>; asserts it
    /// compiled before and after and left no PN0001–PN0005; returns each migrated text, exactly.
    /// </summary>
    public static Task<string[]> MigrateTextsAsync(MigrationStyle style, params string[] sources) => MigrateTextsWithAsync(null, style, sources);

    /// <summary><see cref="MigrateTextsAsync"/> with <c>pernet.*</c> settings (a .globalconfig body).</summary>
    public static async Task<string[]> MigrateTextsWithAsync(string? config, MigrationStyle style, params string[] sources)
    {
        var test = ExpectedText.CallingTest();
        var solution = CreateSolution(new Project("App", sources, Array.Empty<string>(), config));
        Assert.Empty(await ErrorsAsync(solution));
        var result = await MigrateAllAsync(solution, style);
        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        var texts = await Task.WhenAll(sources.Select((_, i) => TextAsync(result.Solution!, "App", i)));
        var errors = await ErrorsAsync(result.Solution!);
        Assert.True(errors.Length == 0, string.Join("\n", errors) + "\n" + string.Join("\n// ----\n", texts));
        Assert.Empty(await DiagnosticsAsync(result.Solution!, "PN0001", "PN0002", "PN0003", "PN0004", "PN0005"));
        ExpectedText.Match(test, style.ToString(), Input(config, sources), string.Join("\n// ----\n", texts));
        return texts;
    }

    /// <summary>
    /// The lines of <paramref name="before"/> that <paramref name="after"/> does not keep byte for byte (a
    /// longest common subsequence of whole lines, line endings included): what a reviewer's diff shows removed.
    /// </summary>
    public static List<string> ChangedLines(string before, string after)
    {
        static List<string> Lines(string text)
        {
            var lines = new List<string>();
            var start = 0;
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n')
                {
                    lines.Add(text.Substring(start, i + 1 - start));
                    start = i + 1;
                }
            }

            if (start < text.Length)
                lines.Add(text.Substring(start));
            return lines;
        }

        var a = Lines(before);
        var b = Lines(after);
        var lcs = new int[a.Count + 1, b.Count + 1];
        for (var i = a.Count - 1; i >= 0; i--)
            for (var j = b.Count - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        var removed = new List<string>();
        int x = 0, y = 0;
        while (x < a.Count)
        {
            if (y < b.Count && a[x] == b[y]) { x++; y++; }
            else if (y < b.Count && lcs[x, y + 1] >= lcs[x + 1, y]) y++;
            else removed.Add(a[x++]);
        }

        return removed;
    }

    public static async Task<string[]> ErrorsAsync(Solution solution)
    {
        var errors = new List<string>();
        foreach (var project in solution.Projects)
        {
            var compilation = (await project.GetCompilationAsync())!;
            errors.AddRange(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
        }

        return errors.ToArray();
    }

    /// <summary>The project's compilation emitted and loaded, to run migrated code; it must compile.</summary>
    public static async Task<System.Reflection.Assembly> LoadAsync(Solution solution, string projectName)
    {
        var compilation = (await solution.Projects.Single(p => p.Name == projectName).GetCompilationAsync())!;
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return System.Reflection.Assembly.Load(stream.ToArray());
    }

    public static async Task<string> TextAsync(Solution solution, string projectName, int index = 0)
    {
        var document = solution.Projects.Single(p => p.Name == projectName).Documents.Single(d => d.Name == $"{projectName}{index}.cs");
        return (await document.GetTextAsync()).ToString();
    }
}
