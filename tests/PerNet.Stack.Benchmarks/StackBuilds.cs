using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using PerNet.CodeFixes.Migration;

namespace PerNet.Stack.Benchmarks;

/// <summary>The three builds of samples/LegacyStack the benchmark compares.</summary>
public enum StackBuild
{
    /// <summary>The sample as it is: state in statics.</summary>
    Legacy,

    /// <summary>Migrated by the explicit fix: <c>State.Of(net)</c>, a NetContext passed down.</summary>
    Explicit,

    /// <summary>Migrated by the ambient fix: <c>State.Current</c>.</summary>
    Ambient,
}

/// <summary>
/// Builds LegacyStack three ways with the same compiler settings (Release): as it is, and migrated
/// in process by PerNet's explicit and ambient migrations — the code users would get. A driver
/// file is compiled (and migrated) with the stack, so the explicit build threads the context
/// through it too. Assemblies are cached in the temp folder by a hash of the sources and of the
/// migration engine, so benchmark processes load what the first one built.
/// </summary>
public static class StackBuilds
{
    public const string Driver = """
        using System.Net;

        namespace LegacyStack;

        public static class BenchDriver
        {
            /// <summary>
            /// Binds a server and a client on loopback once; the returned function sends that many 64-byte
            /// UDP datagrams, receiving each, and returns the bytes received.
            /// </summary>
            public static Func<int, long> Prepare(int port)
            {
                Devices.Loopback();
                var server = new UdpSocket();
                server.Bind(IPAddress.Loopback, port);
                var client = new UdpSocket();
                var to = new IPEndPoint(IPAddress.Loopback, port);
                var payload = new byte[64];
                return datagrams =>
                {
                    long received = 0;
                    for (var i = 0; i < datagrams; i++)
                    {
                        client.SendTo(payload, to);
                        if (server.TryReceive(out var datagram))
                            received += datagram.Data.Length;
                    }

                    return received;
                };
            }
        }
        """;

    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    /// <summary>
    /// The built assembly's <c>BenchDriver.Prepare</c>, found by its exact signature: <c>Prepare(NetContext, int)</c>
    /// in the explicit build (which also keeps <c>Prepare(int)</c> as an <c>[Obsolete]</c> forwarder reading
    /// <c>NetContext.Current</c>, not what is to be measured), <c>Prepare(int)</c> in the others.
    /// </summary>
    public static MethodInfo LoadDriver(StackBuild build)
    {
        var assembly = Assembly.LoadFrom(EnsureBuilt(build));
        var driver = assembly.GetType("LegacyStack.BenchDriver", throwOnError: true)!;
        var parameters = build == StackBuild.Explicit ? new[] { typeof(NetContext), typeof(int) } : new[] { typeof(int) };
        var prepare = driver.GetMethod("Prepare", BindingFlags.Public | BindingFlags.Static, parameters)
            ?? throw new InvalidOperationException($"{build} build: BenchDriver.Prepare({string.Join(", ", parameters.Select(p => p.Name))}) not found");
        if (prepare.IsDefined(typeof(ObsoleteAttribute)))
            throw new InvalidOperationException($"{build} build: BenchDriver.Prepare({string.Join(", ", parameters.Select(p => p.Name))}) is an [Obsolete] forwarder, not the migrated method");
        return prepare;
    }

    public static string EnsureBuilt(StackBuild build)
    {
        var sources = ReadSources();
        // Keyed by the sources and every assembly that decides what the build is: the migration (code fixes), the
        // verdicts (analyzers) and the runtime. Deterministic builds keep an assembly's id when only another changed.
        var engine = new[] { typeof(SolutionMigration), typeof(PerNet.Analyzers.MutableStaticFieldAnalyzer), typeof(NetContext) }
            .Select(t => t.Assembly.ManifestModule.ModuleVersionId.ToString());
        var key = Hash(string.Join("\n", sources.Select(s => s.Text)) + Driver + string.Join(",", engine));
        var folder = Path.Combine(Path.GetTempPath(), "pernet-stack-benchmarks", key);
        var path = Path.Combine(folder, $"LegacyStack.{build}.dll");
        if (File.Exists(path))
            return path;
        Directory.CreateDirectory(folder);
        var compilation = CompileAsync(build, sources).GetAwaiter().GetResult();
        var temporary = path + "." + Environment.ProcessId + ".tmp";
        using (var stream = File.Create(temporary))
        {
            var result = compilation.Emit(stream);
            if (!result.Success)
                throw new InvalidOperationException($"{build} build failed:\n" + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20)));
        }

        File.Move(temporary, path, overwrite: true);
        return path;
    }

    /// <summary>Writes the migrated sources of <paramref name="build"/> to <paramref name="folder"/>, to read them.</summary>
    public static async Task DumpAsync(StackBuild build, string folder)
    {
        Directory.CreateDirectory(folder);
        var compilation = await CompileAsync(build, ReadSources());
        foreach (var tree in compilation.SyntaxTrees)
            await File.WriteAllTextAsync(Path.Combine(folder, Path.GetFileName(tree.FilePath)), (await tree.GetTextAsync()).ToString());
    }

    private static async Task<Compilation> CompileAsync(StackBuild build, IReadOnlyList<(string Name, string Text)> sources)
    {
        var solution = CreateSolution(build, sources);
        if (build != StackBuild.Legacy)
        {
            var result = await SolutionMigration.MigrateAllAsync(solution, build == StackBuild.Explicit ? MigrationStyle.Explicit : MigrationStyle.Ambient, CancellationToken.None);
            if (!result.Succeeded)
                throw new InvalidOperationException($"{build} migration failed:\n" + string.Join("\n", result.Problems));
            solution = result.Solution!;
        }

        return (await solution.Projects.Single().GetCompilationAsync())!;
    }

    private static Solution CreateSolution(StackBuild build, IReadOnlyList<(string Name, string Text)> sources)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Append(typeof(NetContext).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        var id = ProjectId.CreateNewId();
        var name = "LegacyStack." + build;
        var solution = new AdhocWorkspace().CurrentSolution.AddProject(ProjectInfo.Create(id, VersionStamp.Default, name, name, LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: references));
        foreach (var (file, text) in sources.Append(("GlobalUsings.cs", ImplicitUsings)).Append(("BenchDriver.cs", Driver)))
            solution = solution.AddDocument(DocumentId.CreateNewId(id), file, SourceText.From(text), filePath: "/LegacyStack/" + file);
        return solution;
    }

    private static List<(string Name, string Text)> ReadSources()
    {
        var folder = SampleFolder();
        return Directory.EnumerateFiles(folder, "*.cs")
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f)))
            .ToList();
    }

    private static string SampleFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", "LegacyStack");
            if (File.Exists(Path.Combine(candidate, "LegacyStack.csproj")))
                return candidate;
        }

        throw new InvalidOperationException("samples/LegacyStack not found above " + AppContext.BaseDirectory + "; run from the repository");
    }

    private static string Hash(string text) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];
}
