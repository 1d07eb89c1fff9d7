namespace PerNet.Cli;

/// <summary>A parsed command line: the command, its path, and its options.</summary>
public sealed class Options
{
    public const string Usage = """
        pernet — find per-context state in a C# network stack and migrate it to NetContext

        Usage:
          pernet scan <sln|csproj|folder> [--format table|json|sarif|md|html] [--output FILE] [--explain]
          pernet migrate <sln|csproj|folder> [--style explicit|ambient] [--only PN0001,PN0002,...]
                         [--dry-run] [--series] [--allow-errors] [--runtime-feed DIR] [--include-tests]
                         [--no-readonly]
          pernet check <sln|csproj|folder> --baseline FILE [--update-baseline]
          pernet verify <test csproj|folder|test dll> [--contexts N] [--timeout SECONDS]
                        [--format text|json|md] [--output FILE]

        migrate leaves test projects (those referencing xunit, NUnit, MSTest or TUnit) as callers: their
        state stays and their code is not rewritten; they must compile through the kept API.
        --include-tests migrates them too. migrate also makes readonly every static field judged readonly
        (never written after initialization, an immutable value); --no-readonly leaves them.

        verify runs the test suite once alone, then N times at once (--contexts, default 2) in one
        process, each run inside its own NetContext; a test that passes alone and fails side by side is an
        isolation failure (exit 1). xunit v2 and NUnit suites; --timeout (default 300) stops a run that hangs.

        --explain lists every static member considered, reported or not, with the state model's
        verdict (state, readonly, not-state) and its reason (docs/rules/PN0000.md).

        Common options:
          --no-restore   do not run `dotnet restore` on the path first
          -h, --help     this text
          --version      the tool's version

        Exit codes: 0 done, 1 findings (new state, a migration that could not be made),
                    2 bad input, 3 the code does not compile (migrate refuses; --allow-errors),
                    4 a PerNet analyzer failed (a bug of ours; migrate changes nothing).
        """;

    private static readonly string[] s_commands = { "scan", "migrate", "check", "verify" };

    public string Command { get; private set; } = string.Empty;

    public string Path { get; private set; } = string.Empty;

    public string Format { get; private set; } = "table";

    public string? Output { get; private set; }

    public string Style { get; private set; } = "explicit";

    public IReadOnlyList<string> Only { get; private set; } = Array.Empty<string>();

    public bool DryRun { get; private set; }

    public bool Explain { get; private set; }

    public bool Series { get; private set; }

    public bool AllowErrors { get; private set; }

    /// <summary><c>migrate --no-readonly</c>: do not make readonly the fields judged readonly.</summary>
    public bool NoReadonly { get; private set; }

    /// <summary><c>migrate --include-tests</c>: migrate test projects too (by default they are callers, left untouched).</summary>
    public bool IncludeTests { get; private set; }

    /// <summary><c>migrate</c>: a local folder holding the PerNet.Runtime package, added to the solution's nuget.config.</summary>
    public string? RuntimeFeed { get; private set; }

    public string? Baseline { get; private set; }

    public bool UpdateBaseline { get; private set; }

    public bool Restore { get; private set; } = true;

    /// <summary><c>verify --contexts N</c>: how many runs of the suite at once, each in its own context.</summary>
    public int Contexts { get; private set; } = 2;

    /// <summary><c>verify --timeout SECONDS</c>: how long one phase (alone, side by side) may run.</summary>
    public int TimeoutSeconds { get; private set; } = 300;

    public bool Help { get; private set; }

    /// <summary><c>pernet --version</c>: the tool's version (the runtime package it wires in has the same).</summary>
    public bool Version { get; private set; }

    public static Options Parse(IReadOnlyList<string> args)
    {
        var options = new Options();
        if (args.Count == 0)
            throw new CliError(ExitCodes.Usage, "no command given\n\n" + Usage.TrimEnd());
        if (args[0] is "-h" or "--help" or "help")
        {
            options.Help = true;
            return options;
        }

        if (args[0] is "--version")
        {
            options.Version = true;
            return options;
        }

        if (!s_commands.Contains(args[0]))
            throw new CliError(ExitCodes.Usage, $"unknown command '{args[0]}': expected one of {string.Join(", ", s_commands)} (pernet --help)");
        options.Command = args[0];
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            string Value()
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    throw new CliError(ExitCodes.Usage, $"option {arg} needs a value (pernet --help)");
                return args[++i];
            }

            if (arg.StartsWith('-') && !Allowed(options.Command, arg))
                throw new CliError(ExitCodes.Usage, $"option {arg} does not apply to {options.Command} (pernet --help)");
            switch (arg)
            {
                case "-h" or "--help":
                    options.Help = true;
                    break;
                case "--format" when options.Command == "verify":
                    options.Format = OneOf(arg, Value(), "text", "json", "md");
                    break;
                case "--format":
                    options.Format = OneOf(arg, Value(), "table", "json", "sarif", "md", "html");
                    break;
                case "--contexts":
                    options.Contexts = Number(arg, Value(), 1, 64);
                    break;
                case "--timeout":
                    options.TimeoutSeconds = Number(arg, Value(), 1, 86400);
                    break;
                case "--output" or "-o":
                    options.Output = Value();
                    break;
                case "--style":
                    options.Style = OneOf(arg, Value(), "explicit", "ambient");
                    break;
                case "--only":
                    options.Only = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToUpperInvariant()).ToArray();
                    break;
                case "--dry-run":
                    options.DryRun = true;
                    break;
                case "--explain":
                    options.Explain = true;
                    break;
                case "--series":
                    options.Series = true;
                    break;
                case "--allow-errors":
                    options.AllowErrors = true;
                    break;
                case "--include-tests":
                    options.IncludeTests = true;
                    break;
                case "--no-readonly":
                    options.NoReadonly = true;
                    break;
                case "--runtime-feed":
                    options.RuntimeFeed = Value();
                    if (!Directory.Exists(options.RuntimeFeed))
                        throw new CliError(ExitCodes.Usage, $"--runtime-feed: no folder {options.RuntimeFeed}");
                    break;
                case "--baseline":
                    options.Baseline = Value();
                    break;
                case "--update-baseline":
                    options.UpdateBaseline = true;
                    break;
                case "--no-restore":
                    options.Restore = false;
                    break;
                default:
                    if (arg.StartsWith('-'))
                        throw new CliError(ExitCodes.Usage, $"unknown option '{arg}' for {options.Command} (pernet --help)");
                    if (options.Path.Length > 0)
                        throw new CliError(ExitCodes.Usage, $"one path expected, got '{options.Path}' and '{arg}'");
                    options.Path = arg;
                    break;
            }
        }

        if (options.Help)
            return options;
        if (options.Path.Length == 0)
            throw new CliError(ExitCodes.Usage, options.Command == "verify"
                ? "verify needs a test project (.csproj, or the folder that holds it) or a built test assembly (.dll)"
                : $"{options.Command} needs a path: a .sln, .slnx or .csproj file, or a folder that holds one");
        if (options.Command == "check" && options.Baseline is null)
            throw new CliError(ExitCodes.Usage, "check needs --baseline FILE (create one with --baseline FILE --update-baseline)");
        if (options.Series && options.DryRun)
            throw new CliError(ExitCodes.Usage, "--series commits each step; it cannot be combined with --dry-run");
        var unknownRules = options.Only.Where(id => !PerNet.Analyzers.DiagnosticIds.StateRules.Contains(id)).ToList();
        if (unknownRules.Count > 0)
            throw new CliError(ExitCodes.Usage, $"--only takes state rule ids ({string.Join(",", PerNet.Analyzers.DiagnosticIds.StateRules)}); not: {string.Join(",", unknownRules)}");
        return options;
    }

    /// <summary>Options a command takes; a known option given to another command is an error, not ignored.</summary>
    private static bool Allowed(string command, string option) => option switch
    {
        "-h" or "--help" or "--no-restore" => true,
        "--format" or "--output" or "-o" => command is "scan" or "verify",
        "--explain" => command == "scan",
        "--contexts" or "--timeout" => command == "verify",
        "--style" or "--only" or "--dry-run" or "--series" or "--allow-errors" or "--runtime-feed" or "--include-tests" or "--no-readonly" => command == "migrate",
        "--baseline" or "--update-baseline" => command == "check",
        _ => true, // unknown options are reported as such below
    };

    private static int Number(string option, string value, int min, int max) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new CliError(ExitCodes.Usage, $"{option} takes a whole number from {min} to {max}, not '{value}'");

    private static string OneOf(string option, string value, params string[] allowed) =>
        allowed.Contains(value, StringComparer.OrdinalIgnoreCase)
            ? value.ToLowerInvariant()
            : throw new CliError(ExitCodes.Usage, $"{option} must be one of {string.Join(", ", allowed)}, not '{value}'");
}
