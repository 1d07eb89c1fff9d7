using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace PerNet.CodeFixes.Migration;

/// <summary>The target frameworks PerNet.Runtime serves: netstandard2.0 and everything that consumes it.</summary>
public static class RuntimeTargets
{
    public const string Supported = "netstandard2.0, .NET Framework 4.6.1+ and .NET Core 2.0+/.NET 5+";

    /// <summary>The runtime's assembly and package name.</summary>
    public const string AssemblyName = "PerNet.Runtime";

    /// <summary>
    /// True when <paramref name="project"/> references PerNet.Runtime (its assembly, or a project that builds it):
    /// migrated code names its types, so without it the migration cannot compile and is not offered.
    /// </summary>
    public static bool IsReferenced(Project project) =>
        project.MetadataReferences.OfType<PortableExecutableReference>().Any(r => r.FilePath is { } path && System.IO.Path.GetFileNameWithoutExtension(path) == AssemblyName) ||
        project.ProjectReferences.Any(r => project.Solution.GetProject(r.ProjectId)?.AssemblyName == AssemblyName);

    /// <summary>
    /// Where the <c>netstandard</c> facade is that a .NET Framework project (it references <c>mscorlib</c>, not
    /// <c>netstandard</c>) needs to compile against the runtime's netstandard2.0 build: beside its reference assemblies
    /// (<c>Facades/netstandard.dll</c>), as the build adds it once the package is restored (CS0012 without it). Null when the
    /// project references it already or is not one. The caller checks that the file is there.
    /// </summary>
    public static string? NetStandardFacade(Project project)
    {
        var paths = project.MetadataReferences.OfType<PortableExecutableReference>().Select(r => r.FilePath).OfType<string>().ToList();
        if (paths.Any(p => System.IO.Path.GetFileName(p).Equals("netstandard.dll", StringComparison.OrdinalIgnoreCase)) ||
            paths.FirstOrDefault(p => System.IO.Path.GetFileName(p).Equals("mscorlib.dll", StringComparison.OrdinalIgnoreCase)) is not { } mscorlib)
            return null;
        return System.IO.Path.Combine(System.IO.Path.GetDirectoryName(mscorlib)!, "Facades", "netstandard.dll");
    }

    /// <summary>
    /// The target framework of a project the runtime cannot serve (older than netstandard2.0,
    /// .NET Framework 4.6.1, .NET Core 2.0), read from the preprocessor symbols the SDK defines for
    /// it (<c>NET45</c>, <c>NETSTANDARD1_6</c>); null when it is served, or when the project defines
    /// no framework symbol at all (a hand-made project: the build decides).
    /// </summary>
    public static string? Unsupported(Project project)
    {
        var symbols = new HashSet<string>(project.ParseOptions?.PreprocessorSymbolNames ?? Enumerable.Empty<string>(), StringComparer.Ordinal);
        if (symbols.Contains("NETSTANDARD2_0_OR_GREATER") || symbols.Contains("NETCOREAPP2_0_OR_GREATER") || symbols.Contains("NET461_OR_GREATER") ||
            symbols.Contains("NET5_0_OR_GREATER") || symbols.Any(s => Regex.IsMatch(s, @"^NETSTANDARD2_\d$|^NETCOREAPP[2-9]_\d$|^NET4(6[1-9]|[7-9]\d?)$|^NET([5-9]|\d\d)_\d$")))
            return null;
        var framework = symbols.Where(s => Regex.IsMatch(s, @"^NET(STANDARD|COREAPP)?\d+(_\d+)?$")).OrderBy(s => s.Length).ThenBy(s => s, StringComparer.Ordinal).LastOrDefault();
        return framework;
    }
}
