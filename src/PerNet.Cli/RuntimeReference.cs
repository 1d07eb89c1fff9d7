using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using PerNet.CodeFixes.Migration;

namespace PerNet.Cli;

/// <summary>
/// Wires PerNet.Runtime into the projects a migration changes. In memory, while each step is
/// checked, a project that lacks it compiles against the runtime's netstandard2.0 build shipped with
/// the tool (any supported target can reference it). On disk, once the migration is kept, the
/// project file gains a <c>ProjectReference</c> when the runtime project is part of the solution,
/// otherwise a <c>PackageReference</c> at the tool's own version — its version in the
/// <c>Directory.Packages.props</c> that governs the project when central package management is on.
/// Restore uses the user's own NuGet configuration; <c>--runtime-feed</c> adds a local folder to it.
/// </summary>
internal static class RuntimeReference
{
    public const string PackageId = PerNet.Analyzers.PerContextTypes.RuntimeAssembly;

    /// <summary>The tool's version: the runtime package it was released with has the same.</summary>
    public static string Version { get; } =
        (typeof(RuntimeReference).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "1.0.0").Split('+')[0];

    private static string CheckAssemblyPath => Path.Combine(AppContext.BaseDirectory, "runtime", "PerNet.Runtime.dll");

    [SharedAcrossContexts("the tool process's one reference to the runtime it checks migrations against")]
    private static MetadataReference? s_forChecks;

    /// <summary>Already compiled against the runtime (a package, an assembly or the runtime project).</summary>
    public static bool IsReferenced(Project project) =>
        project.AssemblyName == PackageId ||
        project.MetadataReferences.OfType<PortableExecutableReference>().Any(r => Path.GetFileNameWithoutExtension(r.FilePath) == PackageId) ||
        project.ProjectReferences.Any(r => project.Solution.GetProject(r.ProjectId)?.AssemblyName == PackageId);

    /// <summary>The solution with the runtime's netstandard2.0 build referenced by each target that lacks it, and those targets.</summary>
    public static (Solution Solution, IReadOnlyList<ProjectId> Added) ForChecks(Solution solution, IEnumerable<ProjectId> targets)
    {
        var added = new List<ProjectId>();
        foreach (var id in targets)
        {
            if (solution.GetProject(id) is not { } project || IsReferenced(project))
                continue;
            if (!File.Exists(CheckAssemblyPath))
                throw new CliError(ExitCodes.InternalError, $"this installation of pernet lacks {CheckAssemblyPath}; reinstall the tool");
            s_forChecks ??= MetadataReference.CreateFromFile(CheckAssemblyPath);
            solution = solution.AddMetadataReference(id, s_forChecks);
            if (NetStandardFacade(project) is { } facade)
                solution = solution.AddMetadataReference(id, facade); // as the build adds it for a netstandard package on .NET Framework
            added.Add(id);
        }

        return (solution, added);
    }

    [SharedAcrossContexts("the tool process's references to .NET Framework facades, one per reference-assembly folder")]
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, MetadataReference> s_facades = new(StringComparer.Ordinal);

    private static MetadataReference? NetStandardFacade(Project project) =>
        RuntimeTargets.NetStandardFacade(project) is { } facade && File.Exists(facade) ? s_facades.GetOrAdd(facade, f => MetadataReference.CreateFromFile(f)) : null;

    /// <summary>The solution without the in-memory references of <see cref="ForChecks"/> (the project files get theirs on disk).</summary>
    public static Solution WithoutChecks(Solution solution, IEnumerable<ProjectId> added)
    {
        foreach (var id in added)
        {
            if (solution.GetProject(id) is not { } project)
                continue;
            if (s_forChecks is not null && project.MetadataReferences.Contains(s_forChecks))
                solution = solution.RemoveMetadataReference(id, s_forChecks);
            foreach (var facade in s_facades.Values.Where(project.MetadataReferences.Contains))
                solution = solution.RemoveMetadataReference(id, facade);
        }

        return solution;
    }

    /// <summary>
    /// Adds the reference to each project file among <paramref name="projects"/> that lacks it;
    /// returns what was changed, one line each (paths relative to the solution).
    /// </summary>
    public static IReadOnlyList<string> WireOnDisk(LoadedSolution loaded, IEnumerable<Project> projects, string? feed)
    {
        var changes = new List<string>();
        var runtimeProject = loaded.Solution.Projects.FirstOrDefault(p => p.AssemblyName == PackageId && p.FilePath is not null);
        foreach (var path in projects.Where(p => !IsReferenced(p)).Select(p => p.FilePath).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            var file = ProjectFile.Read(path);
            if (file.Text.Contains("\"" + PackageId + "\"", StringComparison.Ordinal) || file.Text.Contains(PackageId + ".csproj", StringComparison.Ordinal))
                continue; // referenced under a condition this load did not take: leave it to its author
            if (runtimeProject is not null)
            {
                var relative = Path.GetRelativePath(Path.GetDirectoryName(path)!, runtimeProject.FilePath!);
                file.AddItem("ProjectReference", $"<ProjectReference Include=\"{relative}\" />");
                changes.Add($"{loaded.Relative(path)}: ProjectReference to {loaded.Relative(runtimeProject.FilePath)}");
            }
            else if (CentralVersions(path) is { } props)
            {
                file.AddItem("PackageReference", $"<PackageReference Include=\"{PackageId}\" />");
                var versions = ProjectFile.Read(props);
                if (!versions.Text.Contains("\"" + PackageId + "\"", StringComparison.Ordinal))
                {
                    versions.AddItem("PackageVersion", $"<PackageVersion Include=\"{PackageId}\" Version=\"{Version}\" />");
                    versions.Write();
                    changes.Add($"{loaded.Relative(props)}: PackageVersion {PackageId} {Version}");
                }

                changes.Add($"{loaded.Relative(path)}: PackageReference {PackageId} (version from {loaded.Relative(props)})");
            }
            else
            {
                file.AddItem("PackageReference", $"<PackageReference Include=\"{PackageId}\" Version=\"{Version}\" />");
                changes.Add($"{loaded.Relative(path)}: PackageReference {PackageId} {Version}");
            }

            file.Write();
        }

        if (feed is not null && runtimeProject is null && changes.Count > 0)
            changes.Add(AddFeed(loaded, feed));
        return changes;
    }

    /// <summary>Every file <see cref="WireOnDisk"/> may write for <paramref name="projects"/> (to be put back after a trial run).</summary>
    public static IEnumerable<string> FilesWiringMayChange(LoadedSolution loaded, IEnumerable<Project> projects)
    {
        foreach (var path in projects.Select(p => p.FilePath).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            yield return path;
            if (CentralVersions(path) is { } props)
                yield return props;
        }

        var top = loaded.Repository ?? loaded.Root;
        foreach (var name in new[] { "nuget.config", "NuGet.config", "NuGet.Config" })
            yield return Path.Combine(top, name);
    }

    /// <summary>The <c>Directory.Packages.props</c> that governs <paramref name="projectPath"/>, when it turns central versions on.</summary>
    private static string? CentralVersions(string projectPath)
    {
        for (var directory = Path.GetDirectoryName(Path.GetFullPath(projectPath)); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            var props = Path.Combine(directory, "Directory.Packages.props");
            if (!File.Exists(props))
                continue;
            var build = Path.Combine(directory, "Directory.Build.props");
            var on = new Regex(@"<ManagePackageVersionsCentrally>\s*true\s*</ManagePackageVersionsCentrally>", RegexOptions.IgnoreCase);
            return on.IsMatch(File.ReadAllText(props)) || (File.Exists(build) && on.IsMatch(File.ReadAllText(build))) || on.IsMatch(File.ReadAllText(projectPath)) ? props : null;
        }

        return null;
    }

    /// <summary>
    /// Adds a local folder holding the runtime package to the nuget.config of the repository (made if
    /// missing): every project that restores the runtime — the library's own, and its tests beside it, which
    /// get it through their project reference — reads that one. The repository is the git work tree the
    /// migrated file is in; outside one, the file's own folder. The folder is written relative to the
    /// config (NuGet reads it so), never as this machine's absolute path: the file is one a user commits.
    /// </summary>
    private static string AddFeed(LoadedSolution loaded, string feed)
    {
        var folder = Path.GetFullPath(feed);
        var top = loaded.Repository ?? loaded.Root;
        var config = new[] { "nuget.config", "NuGet.config", "NuGet.Config" }.Select(n => Path.Combine(top, n)).FirstOrDefault(File.Exists) ?? Path.Combine(top, "nuget.config");
        var value = Path.GetRelativePath(Path.GetDirectoryName(config)!, folder).Replace(Path.DirectorySeparatorChar, '/');
        var outside = value.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(value)
            ? " (outside the repository: others who clone it need that folder at the same place, or the package on a feed of theirs)"
            : string.Empty;
        if (!File.Exists(config))
        {
            File.WriteAllText(config, $"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n    <add key=\"pernet-runtime\" value=\"{value}\" />\n  </packageSources>\n</configuration>\n");
            return $"{loaded.Relative(config)}: created, with {value} (relative to it) as a package source{outside}";
        }

        var file = ProjectFile.Read(config);
        if (file.Text.Contains($"value=\"{value}\"", StringComparison.Ordinal) || file.Text.Contains(folder, StringComparison.Ordinal))
            return $"{loaded.Relative(config)}: already lists {value}";
        var at = file.Text.IndexOf("</packageSources>", StringComparison.Ordinal);
        if (at < 0)
            throw new CliError(ExitCodes.Usage, $"{config} has no <packageSources>; add {folder} there yourself");
        InsertBefore(file, at, (0, $"<add key=\"pernet-runtime\" value=\"{value}\" />"));
        // With package source mapping on, a package restores only from a source its pattern maps to.
        var mapping = file.Text.IndexOf("</packageSourceMapping>", StringComparison.Ordinal);
        var mapped = mapping >= 0;
        if (mapped)
            InsertBefore(file, mapping, (0, "<packageSource key=\"pernet-runtime\">"), (1, $"<package pattern=\"{PackageId}\" />"), (0, "</packageSource>"));
        file.Write();
        return $"{loaded.Relative(config)}: {value} (relative to it) added as a package source{(mapped ? $", and {PackageId} mapped to it (packageSourceMapping)" : string.Empty)}{outside}";
    }

    /// <summary>
    /// Lines (each at a depth below the element's children) as the last children of the element whose end tag is at
    /// <paramref name="end"/>, indented as the child before them, one level being what that child adds to the end tag's
    /// indentation (two spaces when there is no child to copy).
    /// </summary>
    private static void InsertBefore(ProjectFile file, int end, params (int Depth, string Text)[] lines)
    {
        var outer = Indentation(file.Text, end);
        var lineStart = end - outer.Length;
        // The line before the end tag's (lineStart - 1 is that line's own newline).
        var previousStart = lineStart >= 2 ? file.Text.LastIndexOf('\n', lineStart - 2) + 1 : 0;
        var previous = lineStart > 0 ? file.Text.Substring(previousStart, lineStart - previousStart) : string.Empty;
        var sibling = previous.Substring(0, previous.Length - previous.TrimStart(' ', '\t').Length);
        var child = sibling.Length > outer.Length && sibling.StartsWith(outer, StringComparison.Ordinal) && previous.Trim().Length > 0 ? sibling : outer + "  ";
        var unit = child.Substring(outer.Length);
        var text = new StringBuilder();
        foreach (var (depth, line) in lines)
            text.Append(child).Append(string.Concat(Enumerable.Repeat(unit, depth))).Append(line).Append(file.NewLine);
        file.Insert(lineStart, text.ToString());
    }

    /// <summary>The spaces and tabs before <paramref name="at"/> on its line (empty when other text comes first).</summary>
    private static string Indentation(string text, int at)
    {
        var start = at;
        while (start > 0 && text[start - 1] is ' ' or '\t')
            start--;
        return start == 0 || text[start - 1] == '\n' ? text.Substring(start, at - start) : string.Empty;
    }

    /// <summary>An MSBuild or NuGet XML file edited as text, so everything not added stays byte for byte (encoding, BOM, line endings).</summary>
    private sealed class ProjectFile
    {
        private readonly string _path;
        private readonly Encoding _encoding;

        private ProjectFile(string path, string text, Encoding encoding)
        {
            _path = path;
            Text = text;
            _encoding = encoding;
            NewLine = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        }

        public string Text { get; private set; }

        public string NewLine { get; }

        public static ProjectFile Read(string path)
        {
            using var reader = new StreamReader(path, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
            var text = reader.ReadToEnd();
            var bom = File.ReadAllBytes(path) is [0xEF, 0xBB, 0xBF, ..];
            return new ProjectFile(path, text, bom ? new UTF8Encoding(true) : reader.CurrentEncoding is UTF8Encoding ? new UTF8Encoding(false) : reader.CurrentEncoding);
        }

        public void Insert(int at, string text) => Text = Text.Insert(at, text);

        /// <summary>A new item group before <c>&lt;/Project&gt;</c> (never into an existing group, which may be conditional).</summary>
        public void AddItem(string kind, string element)
        {
            var end = Text.LastIndexOf("</Project>", StringComparison.Ordinal);
            if (end < 0)
                throw new CliError(ExitCodes.Usage, $"{_path} has no </Project>; add {element} yourself");
            Insert(end, $"  <ItemGroup>{NewLine}    {element}{NewLine}  </ItemGroup>{NewLine}");
        }

        public void Write() => File.WriteAllText(_path, Text, _encoding);
    }
}
