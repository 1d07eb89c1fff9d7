#if NETSTANDARD2_0
// What netstandard2.0 lacks and the runtime uses, with the newer frameworks' names and behaviour,
// so the code reads the same on every target (argument checks and timing: Guard.cs).
using System.Collections.Generic;

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
    using System.Runtime.CompilerServices;

    internal static class Polyfills
    {
        public static bool TrySetResult(this System.Threading.Tasks.TaskCompletionSource<bool> source) => source.TrySetResult(true);

        public static HashSet<T> ToHashSet<T>(this IEnumerable<T> source) => new(source);
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
