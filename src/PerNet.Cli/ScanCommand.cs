namespace PerNet.Cli;

/// <summary><c>pernet scan</c>: the inventory of per-context state, in the format asked for.</summary>
public static class ScanCommand
{
    public static async Task<int> RunAsync(Options options, TextWriter output, TextWriter progress, CancellationToken cancellationToken)
    {
        using var loaded = await WorkspaceLoader.LoadAsync(options.Path, options.Restore, progress, cancellationToken);
        var errors = await WorkspaceLoader.ErrorsAsync(loaded.Solution, loaded.Targets, cancellationToken);
        if (errors.Count > 0)
            progress.WriteLine($"warning: {Path.GetFileName(loaded.File)} has {errors.Count} compile error(s); the inventory may miss state in code that does not bind");
        var inventory = await InventoryBuilder.BuildAsync(loaded, progress, cancellationToken, options.Explain);
        var text = Reports.Render(inventory, options.Format, options.Path);
        if (options.Output is { } file)
        {
            await File.WriteAllTextAsync(file, text, cancellationToken);
            progress.WriteLine($"wrote {options.Format} to {file}");
        }
        else
        {
            output.Write(text);
        }

        return ExitCodes.Ok;
    }
}
