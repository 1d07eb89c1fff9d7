using System;
using Microsoft.CodeAnalysis;

namespace PerNet.Analyzers;

/// <summary>
/// Kinds of value that are process-wide by nature whatever their fields hold: exceptions kept to be
/// thrown again, and loggers of any logging abstraction — a library's own <c>IXyzLogger</c> as well as
/// Microsoft.Extensions.Logging, log4net, NLog or Serilog.
/// </summary>
internal static class KnownKinds
{
    /// <summary>Derives from <c>System.Exception</c>.</summary>
    public static bool IsException(ITypeSymbol type)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (current is { Name: "Exception", ContainingType: null } && current.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true })
                return true;
        }

        return false;
    }

    /// <summary>
    /// A logger: the type, a base type or an interface it implements is named <c>…Logger</c>,
    /// <c>ILog</c>/<c>Log</c>, <c>…LogSource</c> or <c>…LoggerFactory</c>. Words that merely end in
    /// "log" (a backlog, a catalog, a dialog) are not loggers.
    /// </summary>
    public static bool IsLogger(ITypeSymbol type)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (IsLoggerName(current.Name))
                return true;
        }

        foreach (var iface in type.AllInterfaces)
        {
            if (IsLoggerName(iface.Name))
                return true;
        }

        return false;
    }

    private static bool IsLoggerName(string name) =>
        name is "ILog" or "Log" or "ILogger" ||
        name.EndsWith("Logger", StringComparison.Ordinal) ||
        name.EndsWith("LoggerFactory", StringComparison.Ordinal) ||
        name.EndsWith("LogSource", StringComparison.Ordinal);
}
