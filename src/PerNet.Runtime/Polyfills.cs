#if NETSTANDARD2_0
// What netstandard2.0 lacks and the runtime uses, with the newer frameworks' names and behaviour,
// so the code reads the same on every target.
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace System.Runtime.CompilerServices
{
    /// <summary>The compiler's marker for <c>init</c> accessors.</summary>
    internal static class IsExternalInit
    {
    }

    [AttributeUsage(AttributeTargets.Parameter)]
    internal sealed class CallerArgumentExpressionAttribute(string parameterName) : Attribute
    {
        public string ParameterName { get; } = parameterName;
    }
}

namespace System.Diagnostics.CodeAnalysis
{
    [AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.ReturnValue)]
    internal sealed class NotNullAttribute : Attribute
    {
    }

    [AttributeUsage(AttributeTargets.Method)]
    internal sealed class DoesNotReturnAttribute : Attribute
    {
    }
}

namespace PerNet
{
    using System.Diagnostics.CodeAnalysis;
    using System.Runtime.CompilerServices;

    internal static class Polyfills
    {
        public static bool TrySetResult(this System.Threading.Tasks.TaskCompletionSource<bool> source) => source.TrySetResult(true);

        public static HashSet<T> ToHashSet<T>(this IEnumerable<T> source) => new(source);

        extension(ArgumentNullException)
        {
            public static void ThrowIfNull([NotNull] object? argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
            {
                if (argument is null)
                    throw new ArgumentNullException(paramName);
            }
        }

        extension(ArgumentOutOfRangeException)
        {
            public static void ThrowIfNegative(long value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
            {
                if (value < 0)
                    throw new ArgumentOutOfRangeException(paramName, value, "must not be negative");
            }
        }

        extension(ExceptionDispatchInfo)
        {
            [DoesNotReturn]
            public static void Throw(Exception exception)
            {
                ExceptionDispatchInfo.Capture(exception).Throw();
                throw exception; // not reached
            }
        }

        extension(Stopwatch)
        {
            public static TimeSpan GetElapsedTime(long startingTimestamp) =>
                TimeSpan.FromTicks((long)((Stopwatch.GetTimestamp() - startingTimestamp) * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
        }
    }

    /// <summary>Identity comparison, as .NET 5's <c>System.Collections.Generic.ReferenceEqualityComparer</c>.</summary>
    internal sealed class ReferenceEqualityComparer : IEqualityComparer<object?>
    {
        public static ReferenceEqualityComparer Instance { get; } = new();

        public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

        public int GetHashCode(object? obj) => RuntimeHelpers.GetHashCode(obj!);
    }
}
#endif
