using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PerNet.CodeFixes.Migration;

namespace PerNet.Analyzers.Tests;

/// <summary><c>pernet migrate</c> stops before any change when a project declaring state targets a framework the runtime cannot serve.</summary>
public class RuntimeTargetsTests
{
    [Theory]
    [InlineData("NETSTANDARD2_0 NETSTANDARD NETSTANDARD2_0_OR_GREATER NETSTANDARD1_6_OR_GREATER", null)]
    [InlineData("NET8_0 NET NET8_0_OR_GREATER NET5_0_OR_GREATER NETCOREAPP NETCOREAPP3_1_OR_GREATER", null)]
    [InlineData("NET472 NETFRAMEWORK NET472_OR_GREATER NET461_OR_GREATER NET45_OR_GREATER", null)]
    [InlineData("NET461", null)] // an SDK older than the _OR_GREATER symbols
    [InlineData("NET45 NETFRAMEWORK NET45_OR_GREATER NET40_OR_GREATER", "NET45")]
    [InlineData("NETSTANDARD1_6 NETSTANDARD NETSTANDARD1_6_OR_GREATER", "NETSTANDARD1_6")]
    [InlineData("NETCOREAPP1_1 NETCOREAPP", "NETCOREAPP1_1")]
    [InlineData("DEBUG TRACE", null)] // no framework symbols: the build decides
    public void Unsupported_NamesTheTarget(string symbols, string? expected)
    {
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Default, "Stack", "Stack", LanguageNames.CSharp,
            parseOptions: new CSharpParseOptions(preprocessorSymbols: symbols.Split(' '))));

        Assert.Equal(expected, RuntimeTargets.Unsupported(project));
    }

    /// <summary>
    /// A .NET Framework project (mscorlib, no netstandard) is checked against the runtime's netstandard2.0 build with the
    /// <c>netstandard</c> facade beside its reference assemblies, as the build adds it once the package is restored
    /// (without it every step of a net472 pass failed with CS0012, seen on a real library); a project that has it, or
    /// is not one, needs none.
    /// </summary>
    [Fact]
    public void NetStandardFacade_BesideTheReferenceAssembliesOfAFrameworkProjectOnly()
    {
        var folder = Path.Combine(Path.GetTempPath(), "reference-assemblies", "v4.7.2");
        var image = File.ReadAllBytes(typeof(RuntimeTargetsTests).Assembly.Location).ToImmutableArray(); // any assembly: only where it is counts
        using var workspace = new AdhocWorkspace();
        Project With(params string[] files) => workspace.CurrentSolution.AddProject("Stack", "Stack", LanguageNames.CSharp)
            .WithMetadataReferences(files.Select(f => (MetadataReference)MetadataReference.CreateFromImage(image, filePath: Path.Combine(folder, f))));

        Assert.Equal(Path.Combine(folder, "Facades", "netstandard.dll"), RuntimeTargets.NetStandardFacade(With("mscorlib.dll", "System.dll")));
        Assert.Null(RuntimeTargets.NetStandardFacade(With("mscorlib.dll", "Facades/netstandard.dll")));
        Assert.Null(RuntimeTargets.NetStandardFacade(With("System.Runtime.dll", "netstandard.dll")));
        Assert.Null(RuntimeTargets.NetStandardFacade(With("System.Runtime.dll")));
    }
}
