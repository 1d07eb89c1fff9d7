using PerNet.Tests.Shared;

namespace PerNet.Analyzers.Package.Tests;

/// <summary>
/// Packs projects of this repository into a local folder feed at a version no earlier run used (so
/// no package cache can serve a stale copy), for tests that consume them as users do: with a
/// nuget.config that adds the feed to the user's sources and a package cache of the test's own.
/// </summary>
public abstract class LocalFeed : IDisposable
{
    protected LocalFeed(string name, params string[] projects)
    {
        Root = Directory.CreateTempSubdirectory("pernet-" + name + "-").FullName;
        Version = "0.0.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff");
        Feed = Path.Combine(Root, "feed");
        foreach (var project in projects)
        {
            var (exit, output) = DotNetCli.Run(Root, null, "pack", Path.Combine(DotNetCli.RepositoryRoot(), project), "-c", "Release", "-o", Feed, "-p:Version=" + Version, "-nodeReuse:false");
            if (exit != 0)
                PackFailure = (PackFailure ?? string.Empty) + project + ":\n" + output;
        }

        Environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(Root, "packages") };
    }

    public string Root { get; }

    public string Version { get; }

    public string Feed { get; }

    /// <summary>What <c>dotnet pack</c> printed for the projects that did not pack; null when all did.</summary>
    public string? PackFailure { get; }

    /// <summary>The test's own package cache.</summary>
    public IDictionary<string, string> Environment { get; }

    /// <summary>A nuget.config in <paramref name="directory"/> that adds the feed to the user's own sources.</summary>
    public void WriteNuGetConfig(string directory) => NuGetConfig.Write(directory, "local", Feed);

    public void Dispose()
    {
        GC.SuppressFinalize(this);
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
