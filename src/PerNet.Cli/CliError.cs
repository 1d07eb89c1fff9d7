namespace PerNet.Cli;

/// <summary>Exit codes, documented in docs/cli.md.</summary>
public static class ExitCodes
{
    /// <summary>Done; for <c>check</c>, nothing new.</summary>
    public const int Ok = 0;

    /// <summary>The command ran and found a problem: new state (check), a migration that could not be made.</summary>
    public const int Findings = 1;

    /// <summary>Bad input: unknown command or option, missing path, a project that does not load.</summary>
    public const int Usage = 2;

    /// <summary>The code does not compile, and migrating it was refused (see <c>--allow-errors</c>).</summary>
    public const int DoesNotCompile = 3;

    /// <summary>A PerNet analyzer failed (a bug of ours): nothing was changed.</summary>
    public const int InternalError = 4;
}

/// <summary>A failure the user can act on: printed as one message, no stack trace, with its exit code.</summary>
public sealed class CliError : Exception
{
    public CliError(int exitCode, string message)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}
