namespace PerNet.Tests.Shared;

/// <summary>A nuget.config that adds a local folder feed to the user's own package sources.</summary>
internal static class NuGetConfig
{
    public static void Write(string directory, string key, string folder) => File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <add key="{key}" value="{folder}" />
          </packageSources>
        </configuration>
        """);
}
