using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace PerNet.CodeFixes.Migration;

/// <summary>
/// Test projects are callers of the library, not code to migrate: their state is not moved and their code is not
/// rewritten (they compile through the kept API), unless asked (<c>pernet migrate --include-tests</c>). A framework
/// creates their classes by reflection, so a test class must never gain a constructor or a parameter.
/// </summary>
public static class TestProjects
{
    /// <summary>Assemblies of the test frameworks (xunit v2 and v3, NUnit, MSTest, TUnit): a project that references one is a test project.</summary>
    private static readonly HashSet<string> Frameworks = new(System.StringComparer.OrdinalIgnoreCase)
    {
        "xunit.core", "xunit.v3.core", "nunit.framework", "Microsoft.VisualStudio.TestPlatform.TestFramework", "TUnit.Core",
    };

    /// <summary>True when the project references a test framework's assembly (read from its references, no compilation needed).</summary>
    public static bool IsTestProject(Project project) =>
        project.MetadataReferences.OfType<PortableExecutableReference>().Any(r => r.FilePath is { } path && Frameworks.Contains(System.IO.Path.GetFileNameWithoutExtension(path))) ||
        project.MetadataReferences.Any(r => r.Display is { } display && Frameworks.Contains(System.IO.Path.GetFileNameWithoutExtension(display)));

    /// <summary>The test projects of <paramref name="solution"/>.</summary>
    public static HashSet<ProjectId> Find(Solution solution) =>
        new(solution.Projects.Where(IsTestProject).Select(p => p.Id));
}
