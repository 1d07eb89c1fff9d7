using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace PerNet.Analyzers.Tests;

/// <summary>
/// Whole-text expectations for the migration tests: every migration a test runs through <see cref="MigrationHarness"/>
/// is compared, whole, with the text stored under <c>Expected/&lt;class&gt;/&lt;test&gt;.&lt;style&gt;.&lt;input hash&gt;.txt</c>
/// (the hash names the input, so a test that migrates several inputs has one file for each). The fragments a test asserts
/// say what it is about; the whole text says that nothing else changed. A new or deliberately changed output is written
/// with <c>PERNET_UPDATE_EXPECTED=1 dotnet test ...</c>, and reviewed in the diff like code.
/// </summary>
internal static class ExpectedText
{
    public const string UpdateVariable = "PERNET_UPDATE_EXPECTED";

    public static string Folder => Path.Combine(DocumentationTests.RepositoryRoot(), "tests", "PerNet.Analyzers.Tests", "Expected");

    /// <summary>
    /// The test method that is running, from the synchronous part of the call stack (call it before the first
    /// <c>await</c>): the nearest method, or async method's state machine, marked <c>[Fact]</c> or <c>[Theory]</c>.
    /// </summary>
    public static MethodInfo? CallingTest()
    {
        foreach (var frame in new StackTrace().GetFrames())
        {
            var method = frame.GetMethod();
            var type = method?.DeclaringType;
            if (type is null)
                continue;
            // An async method runs as MoveNext of a nested <Name>d__N.
            var (owner, name) = type.Name.StartsWith('<') && type.DeclaringType is { } outer
                ? (outer, type.Name[1..type.Name.IndexOf('>')])
                : (type, method!.Name);
            var candidate = owner.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
                .FirstOrDefault(m => m.Name == name && m.GetCustomAttributes().Any(a => a is FactAttribute));
            if (candidate is not null)
                return candidate;
        }

        return null;
    }

    /// <summary>Asserts <paramref name="actual"/> is the text stored for <paramref name="test"/>'s migration of <paramref name="input"/>.</summary>
    public static void Match(MethodInfo? test, string style, string input, string actual)
    {
        if (test is null)
            return; // not run by a test method (a benchmark, a helper's own check)
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(input)))[..8].ToLowerInvariant();
        var file = Path.Combine(Folder, test.DeclaringType!.Name, $"{test.Name}.{style}.{hash}.txt");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, actual);
            return;
        }

        Assert.True(File.Exists(file), $"no expected text for {test.DeclaringType.Name}.{test.Name} ({style}) at {file}: run the test with {UpdateVariable}=1 and review what it writes. The output:\n{actual}");
        Assert.Equal(File.ReadAllText(file), actual);
    }
}

/// <summary>The stored expectations stay in step with the tests: none belongs to a test that is gone.</summary>
public class ExpectedTextTests
{
    [Fact]
    public void EveryExpectedText_BelongsToATestThatExists()
    {
        var tests = typeof(ExpectedTextTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods().Where(m => m.GetCustomAttributes(typeof(FactAttribute), true).Length > 0).Select(m => t.Name + "/" + m.Name))
            .ToHashSet(StringComparer.Ordinal);
        var files = Directory.EnumerateFiles(ExpectedText.Folder, "*.txt", SearchOption.AllDirectories).ToList();
        Assert.True(files.Count > 50, $"only {files.Count} expected texts under {ExpectedText.Folder}");
        var orphans = files.Select(f => Path.GetFileName(Path.GetDirectoryName(f))! + "/" + Path.GetFileName(f).Split('.')[0]).Where(t => !tests.Contains(t)).ToList();
        Assert.Empty(orphans);
    }
}
