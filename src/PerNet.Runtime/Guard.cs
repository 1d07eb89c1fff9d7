using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace PerNet;

/// <summary>
/// Argument checks, rethrow and elapsed time in one form for every target: the newer frameworks'
/// APIs where they exist, the same behaviour on netstandard2.0 (written without C# 14 syntax, so any
/// Roslyn that loads the runtime's sources — an older IDE, the pernet CLI — parses them).
/// </summary>
internal static class Guard
{
    public static void NotNull([NotNull] object? argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
    {
#if NET6_0_OR_GREATER
        ArgumentNullException.ThrowIfNull(argument, paramName);
#else
        if (argument is null)
            throw new ArgumentNullException(paramName);
#endif
    }

    public static void NotNegative(long value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
#if NET8_0_OR_GREATER
        ArgumentOutOfRangeException.ThrowIfNegative(value, paramName);
#else
        if (value < 0)
            throw new ArgumentOutOfRangeException(paramName, value, paramName + " must be a non-negative value.");
#endif
    }

    /// <summary>Rethrows <paramref name="exception"/> with its original stack trace.</summary>
    [DoesNotReturn]
    public static void Rethrow(Exception exception)
    {
        ExceptionDispatchInfo.Capture(exception).Throw();
        throw exception; // not reached
    }

    public static TimeSpan ElapsedSince(long startingTimestamp) =>
#if NET7_0_OR_GREATER
        Stopwatch.GetElapsedTime(startingTimestamp);
#else
        TimeSpan.FromTicks((long)((Stopwatch.GetTimestamp() - startingTimestamp) * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
#endif
}
