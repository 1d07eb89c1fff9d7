using PerNet.Cli;

// pernet scan | migrate | check | verify — see CommandLine and docs/cli.md.
// Progress goes to stderr, results to stdout (or --output), so output can be piped or saved.
if (args.Length == 4 && args[0] == PerNet.Cli.Verify.VerifyCommand.SuiteHostCommand)
    return PerNet.Cli.Verify.SuiteHost.Run(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), args[3]);

try
{
    var options = Options.Parse(args);
    if (options.Help)
    {
        Console.Out.Write(options.HelpText());
        return ExitCodes.Ok;
    }

    if (options.Version)
    {
        Console.Out.WriteLine(RuntimeReference.Version);
        return ExitCodes.Ok;
    }

    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cancel.Cancel();
    };
    // A stop request (kill, a closed terminal) cancels too, so a migrate --test run puts back the files of its trial run.
    using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Cancel);
    using var hangUp = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGHUP, Cancel);
    void Cancel(System.Runtime.InteropServices.PosixSignalContext signal)
    {
        signal.Cancel = true;
        cancel.Cancel();
    }

    return options.Command switch
    {
        "scan" => await ScanCommand.RunAsync(options, Console.Out, Console.Error, cancel.Token),
        "migrate" => await MigrateCommand.RunAsync(options, Console.Out, Console.Error, cancel.Token),
        "verify" => await PerNet.Cli.Verify.VerifyCommand.RunAsync(options, Console.Out, Console.Error, cancel.Token),
        _ => await CheckCommand.RunAsync(options, Console.Out, Console.Error, cancel.Token),
    };
}
catch (CliError error)
{
    Console.Error.WriteLine("pernet: " + error.Message);
    return error.ExitCode;
}
catch (PerNet.CodeFixes.Migration.AnalyzerFailureException failure)
{
    Console.Error.WriteLine("pernet: " + failure.Message);
    return ExitCodes.InternalError;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("pernet: cancelled");
    return 130;
}
