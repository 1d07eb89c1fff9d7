using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerNet.Analyzers;

/// <summary>
/// The <c>pernet.*</c> settings from .editorconfig / .globalconfig, as they apply to one syntax tree.
/// Parsed values are cached by their raw text, so reading options per symbol stays cheap.
/// </summary>
internal sealed class PerNetOptions
{
    public const string ScopeKey = "pernet.scope";
    public const string ImmutableTypesKey = "pernet.immutable_types";
    public const string SharedTypesKey = "pernet.shared_types";
    public const string MigrationStyleKey = "pernet.migration_style";

    /// <summary>The migration's state class name (read by the code fixes; default <c>State</c>, another free name on a clash).</summary>
    public const string StateClassNameKey = "pernet.state_class_name";

    /// <summary>Whether a public signature the explicit migration changes keeps an [Obsolete] forwarder (read by the code fixes; default <c>true</c>).</summary>
    public const string KeepApiKey = "pernet.keep_api";

    /// <summary>The types that carry the context (read by the code fixes): type names, comma-separated, or <c>none</c>; default: chosen by the migration.</summary>
    public const string ContextCarriersKey = "pernet.context_carriers";

    /// <summary>Process-wide services: their statics are not per-context state.</summary>
    public static readonly ImmutableArray<string> DefaultSharedTypes = ImmutableArray.Create(
        "Microsoft.Extensions.Logging.ILogger",
        "Microsoft.Extensions.Logging.ILoggerFactory",
        "log4net.ILog",
        "NLog.ILogger",
        "NLog.Logger",
        "Serilog.ILogger",
        "System.Diagnostics.Metrics.Meter",
        "System.Diagnostics.Metrics.Instrument",
        "System.Diagnostics.ActivitySource",
        "System.Diagnostics.DiagnosticSource",
        "System.Diagnostics.TraceSource",
        "System.Diagnostics.Tracing.EventSource",
        "System.Net.Http.HttpClient",
        "System.Net.Http.HttpMessageHandler");

    private static readonly ConcurrentDictionary<string, ImmutableArray<string>> s_parsed = new(StringComparer.Ordinal);

    private PerNetOptions(ImmutableArray<string> scope, ImmutableArray<string> immutableTypes, ImmutableArray<string> sharedTypes)
    {
        Scope = scope;
        ImmutableTypes = immutableTypes;
        SharedTypes = sharedTypes;
    }

    /// <summary>Namespace prefixes the rules apply to; empty means everywhere.</summary>
    public ImmutableArray<string> Scope { get; }

    /// <summary>Extra types (or <c>Namespace.*</c> patterns) users declare immutable.</summary>
    public ImmutableArray<string> ImmutableTypes { get; }

    /// <summary>Defaults plus user-declared process-wide service types.</summary>
    public ImmutableArray<string> SharedTypes { get; }

    public static PerNetOptions For(AnalyzerOptions options, SyntaxTree? tree)
    {
        var provider = options.AnalyzerConfigOptionsProvider;
        var config = tree is null ? provider.GlobalOptions : provider.GetOptions(tree);
        return new PerNetOptions(
            Read(config, provider.GlobalOptions, ScopeKey),
            Read(config, provider.GlobalOptions, ImmutableTypesKey),
            DefaultSharedTypes.AddRange(Read(config, provider.GlobalOptions, SharedTypesKey)));
    }

    public static PerNetOptions For(AnalyzerOptions options, ISymbol symbol) =>
        For(options, symbol.Locations.Length > 0 ? symbol.Locations[0].SourceTree : null);

    /// <summary>True when <paramref name="symbol"/> lies in one of the configured namespaces.</summary>
    public bool InScope(ISymbol symbol)
    {
        if (Scope.IsEmpty)
            return true;

        var ns = symbol.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        foreach (var prefix in Scope)
        {
            if (ns.Equals(prefix, StringComparison.Ordinal) ||
                (ns.StartsWith(prefix, StringComparison.Ordinal) && ns.Length > prefix.Length && ns[prefix.Length] == '.'))
                return true;
        }

        return false;
    }

    private static ImmutableArray<string> Read(AnalyzerConfigOptions config, AnalyzerConfigOptions global, string key)
    {
        if (!config.TryGetValue(key, out var raw) && !global.TryGetValue(key, out raw))
            return ImmutableArray<string>.Empty;

        return s_parsed.GetOrAdd(raw, static text =>
        {
            var builder = ImmutableArray.CreateBuilder<string>();
            foreach (var part in text.Split(new[] { ',', ';', ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries))
                builder.Add(part.Trim());
            return builder.ToImmutable();
        });
    }
}
