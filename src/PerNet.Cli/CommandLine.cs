using System.Globalization;
using System.Text;

namespace PerNet.Cli;

/// <summary>One command: its name, the argument it takes, what it does and what its exit codes mean.</summary>
internal sealed record CommandSpec(string Name, string Argument, string Summary, string Description, IReadOnlyList<(int Code, string Meaning)> Exits);

/// <summary>
/// One option of one or more commands. The parser reads this table and the help is written from it,
/// so an option cannot be parsed without being documented, nor documented without being parsed.
/// </summary>
/// <param name="Value">The value's placeholder (<c>FILE</c>, <c>table|json</c>); null for a flag.</param>
/// <param name="Default">The value taken when the option is not given (shown as the default and applied), or null.</param>
/// <param name="Set">Stores the option's value (a flag gets an empty string).</param>
internal sealed record OptionSpec(string Name, string? Value, string? Default, string Help, IReadOnlyList<string> Commands, Action<Options, string> Set)
{
    /// <summary>A short form (<c>-o</c>, <c>-h</c>), or null.</summary>
    public string? Alias { get; init; }

    /// <summary>The values the option takes, when it names them (<c>table|json|...</c>); empty otherwise.</summary>
    public IReadOnlyList<string> Choices => Value is { } value && value.Contains('|', StringComparison.Ordinal) ? value.Split('|') : Array.Empty<string>();

    public bool AppliesTo(string command) => Commands.Count == 0 || Commands.Contains(command);

    public string Label => (Alias is null ? string.Empty : Alias + ", ") + Name + (Value is null ? string.Empty : " " + Value);
}

/// <summary>The commands and options of <c>pernet</c>, and the help written from them (docs/cli.md holds the same text; a test compares).</summary>
internal static class CommandLine
{
    private const string Path = "<sln|csproj|folder>";

    private static readonly (int, string) s_badInput = (ExitCodes.Usage, "bad input: an unknown option, a path that does not exist or holds several projects, a project that does not load, a failed restore");

    public static readonly IReadOnlyList<CommandSpec> Commands = new[]
    {
        new CommandSpec("scan", Path, "report the mutable static state, what to make readonly, and where each is used",
            "Every piece of mutable static state (PN0001-PN0005, PN0103) with its read and write sites,\nthen the statics to make readonly and the other PerNet findings.",
            new[] { (ExitCodes.Ok, "done, whatever was found (a PerNet analyzer failure is listed as an AD0001 finding)"), s_badInput }),
        new CommandSpec("migrate", Path, "move the state into per-context state classes, one type at a time, each step compiled",
            "Moves the state into PerNet<T> state classes in dependency order; a step that would break the build\nis rolled back and reported. Test projects are callers: left untouched, compiled with every step.\nStatics judged readonly are made readonly in the same run.",
            new[]
            {
                (ExitCodes.Ok, "every step made"),
                (ExitCodes.Findings, "a step could not be made or was rolled back (named, with the reason)"),
                s_badInput,
                (ExitCodes.DoesNotCompile, "the code does not compile before the migration (see --allow-errors)"),
                (ExitCodes.InternalError, "a PerNet analyzer failed (a bug of ours): nothing changed"),
            }),
        new CommandSpec("check", Path, "the CI ratchet: fail on state or findings that a baseline does not list",
            "Compares the state and findings with a baseline file (one per line, by rule and member).",
            new[] { (ExitCodes.Ok, "nothing beyond the baseline"), (ExitCodes.Findings, "new state or findings (each printed with its place)"), (ExitCodes.Usage, "bad input, a missing baseline (said before the solution loads)") }),
        new CommandSpec("verify", "<test csproj|folder|test dll>", "run a test suite alone, then side by side in several contexts in one process",
            "Runs the library's own tests, unmodified: once alone, then --contexts times at once, each run inside\na NetContext of its own. A test that passes alone and fails side by side is an isolation failure.\nxunit v2 and NUnit suites.",
            new[] { (ExitCodes.Ok, "every test that passes alone passes side by side"), (ExitCodes.Findings, "isolation failures (the test, the run, what happened)"), (ExitCodes.Usage, "bad input: not a test project, a suite that does not build, run or finish alone, an unsupported test framework") }),
    };

    public static readonly IReadOnlyList<OptionSpec> Options = new[]
    {
        new OptionSpec("--format", "table|json|sarif|md|html", "table", "the report's format", new[] { "scan" }, (o, v) => o.Format = v),
        new OptionSpec("--format", "text|json|md", "text", "the report's format", new[] { "verify" }, (o, v) => o.Format = v),
        new OptionSpec("--output", "FILE", null, "write the report to FILE instead of stdout", new[] { "scan", "verify" }, (o, v) => o.Output = v) { Alias = "-o" },
        new OptionSpec("--explain", null, null, "also list every static member considered, with its verdict and reason", new[] { "scan" }, (o, _) => o.Explain = true),
        new OptionSpec("--style", "explicit|ambient", "explicit", "explicit: State.Of(net) through NetContext parameters; ambient: State.Current", new[] { "migrate" }, (o, v) => o.Style = v),
        new OptionSpec("--only", "IDS", null, "only the state these rules report, comma-separated (PN0001,PN0003)", new[] { "migrate" }, (o, v) => o.Only = RuleIds(v)),
        new OptionSpec("--dry-run", null, null, "plan, check and report; write nothing", new[] { "migrate" }, (o, _) => o.DryRun = true),
        new OptionSpec("--series", null, null, "one git commit per type (needs a clean git tree; not with --dry-run)", new[] { "migrate" }, (o, _) => o.Series = true),
        new OptionSpec("--allow-errors", null, null, "migrate code that does not compile: keep a step only if it adds no error", new[] { "migrate" }, (o, _) => o.AllowErrors = true),
        new OptionSpec("--runtime-feed", "DIR", null, "a folder holding the PerNet.Runtime package, added (relative) to the repository's nuget.config", new[] { "migrate" }, (o, v) => o.RuntimeFeed = Folder("--runtime-feed", v)),
        new OptionSpec("--include-tests", null, null, "migrate test projects too (by default they are callers, left untouched)", new[] { "migrate" }, (o, _) => o.IncludeTests = true),
        new OptionSpec("--test", "COMMAND", null, "run COMMAND (your tests, in the current folder) on the untouched tree and on the migration; types whose migration makes a passing test fail are found by bisection and left out, the test named", new[] { "migrate" }, (o, v) => o.Test = v),
        new OptionSpec("--no-readonly", null, null, "leave the statics judged readonly as they are", new[] { "migrate" }, (o, _) => o.NoReadonly = true),
        new OptionSpec("--baseline", "FILE", null, "the baseline file (required)", new[] { "check" }, (o, v) => o.Baseline = v),
        new OptionSpec("--update-baseline", null, null, "write the current state and findings to the baseline instead of comparing", new[] { "check" }, (o, _) => o.UpdateBaseline = true),
        new OptionSpec("--contexts", "N", "2", "how many runs side by side, each in its own context, from 1 to 64", new[] { "verify" }, (o, v) => o.Contexts = Number("--contexts", v, 1, 64)),
        new OptionSpec("--timeout", "SECONDS", "300", "stop a phase (alone, side by side) that runs longer, and report what hung", new[] { "verify" }, (o, v) => o.TimeoutSeconds = Number("--timeout", v, 1, 86400)),
        new OptionSpec("--no-restore", null, null, "do not run `dotnet restore` on the path first", Array.Empty<string>(), (o, _) => o.Restore = false),
        new OptionSpec("--help", null, null, "this text", Array.Empty<string>(), (o, _) => o.Help = true) { Alias = "-h" },
    };

    public static CommandSpec? Command(string name) => Commands.FirstOrDefault(c => c.Name == name);

    /// <summary>The option <paramref name="argument"/> names for <paramref name="command"/>; null when it is no option of any command.</summary>
    public static OptionSpec? Find(string command, string argument, out bool otherCommand)
    {
        var named = Options.Where(o => o.Name == argument || o.Alias == argument).ToList();
        otherCommand = named.Count > 0;
        return named.FirstOrDefault(o => o.AppliesTo(command));
    }

    /// <summary><c>pernet --help</c>, and the text shown with exit 2 when no command is given.</summary>
    public static string Usage()
    {
        var text = new StringBuilder();
        text.Append("pernet — find per-context state in a C# network stack and migrate it to NetContext\n\nUsage:\n");
        foreach (var command in Commands)
            text.Append(CultureInfo.InvariantCulture, $"  {Synopsis(command)}\n");
        text.Append("  pernet --version\n\nCommands:\n");
        var width = Commands.Max(c => c.Name.Length);
        foreach (var command in Commands)
            text.Append(CultureInfo.InvariantCulture, $"  {command.Name.PadRight(width)}  {command.Summary}\n");
        text.Append("\n`pernet <command> --help` lists a command's options, their defaults and its exit codes (docs/cli.md).\n");
        return text.ToString();
    }

    /// <summary><c>pernet &lt;command&gt; --help</c>: what it does, every option with its default, its exit codes.</summary>
    public static string Help(CommandSpec command)
    {
        var text = new StringBuilder();
        var summary = char.ToUpperInvariant(command.Summary[0]) + command.Summary.Substring(1);
        text.Append(CultureInfo.InvariantCulture, $"{Synopsis(command)}\n\n{summary}.\n{command.Description}\n\nOptions:\n");
        var options = Options.Where(o => o.AppliesTo(command.Name)).ToList();
        var width = options.Max(o => o.Label.Length);
        foreach (var option in options)
        {
            var help = option.Default is null ? option.Help : $"{option.Help} (default: {option.Default})";
            text.Append(Wrapped($"  {option.Label.PadRight(width)}  ", help));
        }

        text.Append("\nExit codes:\n");
        foreach (var (code, meaning) in command.Exits)
            text.Append(Wrapped($"  {code}  ", meaning));
        return text.ToString();
    }

    /// <summary><paramref name="text"/> after <paramref name="lead"/>, broken at spaces into lines of at most 100 characters, the next ones indented as far as the lead.</summary>
    private static string Wrapped(string lead, string text)
    {
        const int Width = 100;
        var lines = new StringBuilder(lead);
        var column = lead.Length;
        foreach (var word in text.Split(' '))
        {
            if (column > lead.Length && column + 1 + word.Length > Width)
            {
                lines.Append('\n').Append(' ', lead.Length);
                column = lead.Length;
            }
            else if (column > lead.Length)
            {
                lines.Append(' ');
                column++;
            }

            lines.Append(word);
            column += word.Length;
        }

        return lines.Append('\n').ToString();
    }

    /// <summary>One line: the command, its argument and its options (<c>[--style explicit|ambient]</c>), required ones without brackets.</summary>
    public static string Synopsis(CommandSpec command)
    {
        var options = Options.Where(o => o.Commands.Contains(command.Name))
            .Select(o => o.Name == "--baseline" ? o.Name + " " + o.Value : $"[{o.Name}{(o.Value is null ? string.Empty : " " + o.Value)}]");
        return string.Join(" ", new[] { "pernet", command.Name, command.Argument }.Concat(options));
    }

    private static IReadOnlyList<string> RuleIds(string value)
    {
        var ids = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToUpperInvariant()).ToArray();
        var unknown = ids.Where(id => !PerNet.Analyzers.DiagnosticIds.StateRules.Contains(id)).ToList();
        return unknown.Count == 0
            ? ids
            : throw new CliError(ExitCodes.Usage, $"--only takes state rule ids ({string.Join(",", PerNet.Analyzers.DiagnosticIds.StateRules)}); not: {string.Join(",", unknown)}");
    }

    private static string Folder(string option, string value) =>
        Directory.Exists(value) ? value : throw new CliError(ExitCodes.Usage, $"{option}: no folder {value}");

    private static int Number(string option, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new CliError(ExitCodes.Usage, $"{option} takes a whole number from {min} to {max}, not '{value}'");
}
