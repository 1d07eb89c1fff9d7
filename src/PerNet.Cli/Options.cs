namespace PerNet.Cli;

/// <summary>A parsed command line: the command, its path, and its options.</summary>
public sealed class Options
{
    public string Command { get; internal set; } = string.Empty;

    public string Path { get; internal set; } = string.Empty;

    public string Format { get; internal set; } = "table";

    public string? Output { get; internal set; }

    public string Style { get; internal set; } = "explicit";

    public IReadOnlyList<string> Only { get; internal set; } = Array.Empty<string>();

    public bool DryRun { get; internal set; }

    public bool Explain { get; internal set; }

    public bool Series { get; internal set; }

    public bool AllowErrors { get; internal set; }

    /// <summary><c>migrate --no-readonly</c>: do not make readonly the fields judged readonly.</summary>
    public bool NoReadonly { get; internal set; }

    /// <summary><c>migrate --include-tests</c>: migrate test projects too (by default they are callers, left untouched).</summary>
    public bool IncludeTests { get; internal set; }

    /// <summary><c>migrate --test</c>: the command that runs the user's tests, in the current folder.</summary>
    public string? Test { get; internal set; }

    /// <summary>The folder pernet was started in, taken before loading a solution can change the process's current folder.</summary>
    public string StartFolder { get; } = Environment.CurrentDirectory;

    /// <summary><c>migrate</c>: a local folder holding the PerNet.Runtime package, added to the solution's nuget.config.</summary>
    public string? RuntimeFeed { get; internal set; }

    public string? Baseline { get; internal set; }

    public bool UpdateBaseline { get; internal set; }

    public bool Restore { get; internal set; } = true;

    /// <summary><c>verify --contexts N</c>: how many runs of the suite at once, each in its own context.</summary>
    public int Contexts { get; internal set; } = 2;

    /// <summary><c>verify --timeout SECONDS</c>: how long one phase (alone, side by side) may run.</summary>
    public int TimeoutSeconds { get; internal set; } = 300;

    public bool Help { get; internal set; }

    /// <summary><c>pernet --version</c>: the tool's version (the runtime package it wires in has the same).</summary>
    public bool Version { get; internal set; }

    public static Options Parse(IReadOnlyList<string> args)
    {
        var options = new Options();
        if (args.Count == 0)
            throw new CliError(ExitCodes.Usage, "no command given\n\n" + CommandLine.Usage().TrimEnd());
        switch (args[0])
        {
            case "-h" or "--help":
                options.Help = true;
                return options;
            case "help":
                options.Help = true;
                options.Command = args.Count > 1 && CommandLine.Command(args[1]) is { } asked ? asked.Name : string.Empty;
                return options;
            case "--version":
                options.Version = true;
                return options;
        }

        var command = CommandLine.Command(args[0])
            ?? throw new CliError(ExitCodes.Usage, $"unknown command '{args[0]}': expected one of {string.Join(", ", CommandLine.Commands.Select(c => c.Name))} (pernet --help)");
        options.Command = command.Name;
        var given = new HashSet<OptionSpec>();
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-'))
            {
                if (options.Path.Length > 0)
                    throw new CliError(ExitCodes.Usage, $"one path expected, got '{options.Path}' and '{arg}'");
                options.Path = arg;
                continue;
            }

            var option = CommandLine.Find(command.Name, arg, out var ofAnotherCommand) ?? throw new CliError(ExitCodes.Usage, ofAnotherCommand
                ? $"option {arg} does not apply to {command.Name} (pernet {command.Name} --help)"
                : $"unknown option '{arg}' for {command.Name} (pernet {command.Name} --help)");
            var value = string.Empty;
            if (option.Value is not null)
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    throw new CliError(ExitCodes.Usage, $"option {arg} needs a value: {option.Value} (pernet {command.Name} --help)");
                value = Choice(option, args[++i]);
            }

            option.Set(options, value);
            given.Add(option);
        }

        if (options.Help)
            return options;
        foreach (var option in CommandLine.Options.Where(o => o.AppliesTo(command.Name) && o.Default is not null && !given.Contains(o)))
            option.Set(options, option.Default!);
        if (options.Path.Length == 0)
            throw new CliError(ExitCodes.Usage, command.Name == "verify"
                ? "verify needs a test project (.csproj, or the folder that holds it) or a built test assembly (.dll)"
                : $"{command.Name} needs a path: a .sln, .slnx or .csproj file, or a folder that holds one");
        if (command.Name == "check" && options.Baseline is null)
            throw new CliError(ExitCodes.Usage, "check needs --baseline FILE (create one with --baseline FILE --update-baseline)");
        if (options.Series && options.DryRun)
            throw new CliError(ExitCodes.Usage, "--series commits each step; it cannot be combined with --dry-run");
        if (options.Test is not null && (options.Series || options.DryRun))
            throw new CliError(ExitCodes.Usage, $"--test runs the tests on the migration written to disk and keeps it; it cannot be combined with {(options.Series ? "--series" : "--dry-run")}");
        if (options.Test is { } test && test.Trim().Length == 0)
            throw new CliError(ExitCodes.Usage, "--test needs the command that runs your tests, e.g. --test \"dotnet test tests/Stack.Tests\"");
        return options;
    }

    /// <summary>The help to print for <c>--help</c>: the command's own, or the usage when no command was named.</summary>
    public string HelpText() => CommandLine.Command(Command) is { } command ? CommandLine.Help(command) : CommandLine.Usage();

    private static string Choice(OptionSpec option, string value) =>
        option.Choices.Count == 0 ? value
        : option.Choices.FirstOrDefault(c => string.Equals(c, value, StringComparison.OrdinalIgnoreCase))
            ?? throw new CliError(ExitCodes.Usage, $"{option.Name} must be one of {string.Join(", ", option.Choices)}, not '{value}'");
}
