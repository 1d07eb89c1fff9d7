using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;

namespace PerNet.Analyzers.Benchmarks;

/// <summary>A real project or solution loaded as an editor loads it (restored beforehand with <c>dotnet restore</c>).</summary>
internal static class RealProject
{
    public static async Task OfferAsync(string path)
    {
        using var workspace = MSBuildWorkspace.Create();
        Solution solution;
        IReadOnlyList<ProjectId>? targets = null;
        if (path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
        {
            var project = await workspace.OpenProjectAsync(path);
            solution = project.Solution;
            targets = new[] { project.Id };
        }
        else
        {
            solution = await workspace.OpenSolutionAsync(path);
        }

        Console.WriteLine($"{path}: {solution.Projects.Count()} project(s), {solution.Projects.Sum(p => p.Documents.Count())} documents");
        await FixRegistration.TimeAsync(solution, targets);
    }
}
