using System.Text.RegularExpressions;
using PerNet.Tests.Shared;

namespace PerNet.Cli.Tests;

/// <summary>
/// Help per command, written from the option table the parser reads; docs/cli.md shows the same text
/// (with <c>PERNET_UPDATE_EXPECTED=1</c> this test writes it there, to be reviewed in the diff).
/// </summary>
public class HelpTests
{
    private static readonly string[] s_commands = { "scan", "migrate", "check", "verify" };

    private readonly string _repository = DotNetCli.RepositoryRoot();

    /// <summary>Each command's help names the command, every option it takes (with the defaults), and its exit codes; and only its options.</summary>
    [Fact]
    public void EachCommand_HasItsOwnHelp_WithEveryOptionItsDefaultAndExitCodes()
    {
        var helps = s_commands.ToDictionary(c => c, c => Regex.Replace(Help(c, "--help"), " *\n {2,}", " ")); // an option's wrapped lines joined
        Assert.All(s_commands, c => Assert.StartsWith($"pernet {c} ", helps[c], StringComparison.Ordinal));
        Assert.All(s_commands, c => Assert.Contains("\nExit codes: 0 ", helps[c], StringComparison.Ordinal));
        Assert.Contains("--allow-errors", helps["migrate"]);
        Assert.Contains("--runtime-feed DIR", helps["migrate"]);
        Assert.Contains("--only IDS", helps["migrate"]);
        Assert.Contains("(default: explicit)", helps["migrate"]);
        Assert.Contains("--series", helps["migrate"]);
        Assert.Contains("(default: table)", helps["scan"]);
        Assert.Contains("(default: text)", helps["verify"]);
        Assert.Contains("(default: 2)", helps["verify"]);
        Assert.DoesNotContain("--series", helps["scan"]);
        Assert.DoesNotContain("--baseline", helps["verify"]);
        Assert.Equal(Help("verify", "--help"), Help("help", "verify"));
        Assert.Equal(Help("check", "--help"), Help("check", "-h"));
    }

    /// <summary>Every line of help fits 100 columns except the synopsis.</summary>
    [Fact]
    public void Help_IsWrapped() => Assert.All(s_commands, c =>
    {
        var help = Help(c, "--help");
        Assert.All(help.Split('\n').Where(line => !line.StartsWith($"pernet {c} ", StringComparison.Ordinal)), line => Assert.True(line.Length <= 100, $"{c}: {line.Length} columns: {line}"));
    });

    /// <summary>The option's default is what the command takes when the option is absent: <c>verify --format</c> defaults to text, not scan's table.</summary>
    [Fact]
    public void OptionValues_AreCheckedAgainstTheTable() => Assert.Multiple(
        () => Assert.Contains("--format must be one of text, json, md, not 'sarif'", Pernet.Run(_repository, "verify", "x", "--format", "sarif").Output),
        () => Assert.Contains("--contexts takes a whole number from 1 to 64, not '0'", Pernet.Run(_repository, "verify", "x", "--contexts", "0").Output),
        () => Assert.Contains("option --style needs a value: explicit|ambient", Pernet.Run(_repository, "migrate", "x", "--style").Output));

    /// <summary>docs/cli.md shows each command's help as the tool prints it, under a heading that is the command's synopsis.</summary>
    [Fact]
    public void DocsCliMd_ShowsEachCommandsHelp()
    {
        var file = Path.Combine(_repository, "docs", "cli.md");
        var docs = File.ReadAllText(file);
        var updated = docs;
        foreach (var command in s_commands)
        {
            var help = Help(command, "--help");
            var synopsis = help[..help.IndexOf('\n', StringComparison.Ordinal)];
            var section = new Regex($@"^## `pernet {command} [^\n]*\n\n(```text\n\$ pernet {command} --help\n.*?```\n\n)?", RegexOptions.Multiline | RegexOptions.Singleline);
            var match = section.Match(updated);
            Assert.True(match.Success, $"docs/cli.md has no section for {command}");
            var wanted = $"## `{synopsis}`\n\n```text\n$ pernet {command} --help\n{help}```\n\n";
            updated = updated[..match.Index] + wanted + updated[(match.Index + match.Length)..];
        }

        if (updated != docs && Environment.GetEnvironmentVariable("PERNET_UPDATE_EXPECTED") == "1")
            File.WriteAllText(file, updated);
        else
            Assert.True(updated == docs, "docs/cli.md does not show the help as the tool prints it; run the tests with PERNET_UPDATE_EXPECTED=1 and review the diff");
    }

    private string Help(params string[] arguments)
    {
        var (exit, output) = Pernet.Run(_repository, arguments);
        Assert.True(exit == 0, output);
        return output.ReplaceLineEndings("\n").Trim('\n') + "\n"; // one final newline, whatever the streams end with
    }
}
