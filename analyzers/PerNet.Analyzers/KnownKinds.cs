using System;
using System.Linq;
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
    /// A logger, recognised by what it is: a type, base type or interface named like a logging abstraction
    /// (<c>…Logger</c>, <c>ILog</c>/<c>Log</c>, <c>…LogSource</c>, <c>…LoggerFactory</c>) that is either a package's (a
    /// logging library's abstraction) or, when it is this project's own, offers nothing but logging: every public method
    /// it declares logs at a level (<c>Debug</c>, <c>Info</c>, <c>Warn</c>, <c>Error</c>, <c>Log</c>…), asks whether a level is
    /// on, or makes a logger. A type of this project named <c>PacketLogger</c> that opens, rotates and closes a file is a
    /// file writer, not a logger. Words that merely end in "log" (a backlog, a catalog) are not loggers.
    /// </summary>
    public static bool IsLogger(ITypeSymbol type)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (IsLoggerName(current.Name))
                return OffersOnlyLogging(current);
        }

        foreach (var iface in type.AllInterfaces)
        {
            if (IsLoggerName(iface.Name))
                return OffersOnlyLogging(iface) && OffersOnlyLogging(type);
        }

        return false;
    }

    private static readonly string[] s_loggingWords =
    {
        "Trace", "Debug", "Verbose", "Info", "Notice", "Warn", "Error", "Fatal", "Critical", "Log", "Is", "Begin", "Get", "Create", "For",
        "Dispose", "Flush", "Write", "Enabled", "ToString", "Equals", "GetHashCode",
    };

    /// <summary>A package's type, or one of this project whose own public methods all log, test a level or make a logger.</summary>
    private static bool OffersOnlyLogging(ITypeSymbol type)
    {
        if (!type.Locations.Any(l => l.IsInSource))
            return true;
        return type.GetMembers().OfType<IMethodSymbol>()
            .Where(m => m.MethodKind == MethodKind.Ordinary && m.DeclaredAccessibility == Accessibility.Public)
            .All(m => s_loggingWords.Any(w => m.Name.StartsWith(w, StringComparison.Ordinal) && (m.Name.Length == w.Length || !char.IsLower(m.Name[w.Length]))));
    }

    private static bool IsLoggerName(string name) =>
        name is "ILog" or "Log" or "ILogger" ||
        name.EndsWith("Logger", StringComparison.Ordinal) ||
        name.EndsWith("LoggerFactory", StringComparison.Ordinal) ||
        name.EndsWith("LogSource", StringComparison.Ordinal);
}
