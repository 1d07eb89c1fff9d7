using Microsoft.CodeAnalysis;

namespace PerNet.CodeFixes.Migration;

/// <summary>A place in source as users see it everywhere: <c>file:line:column</c>, 1-based.</summary>
public static class SourcePlaces
{
    /// <summary><paramref name="location"/> as <c>file:line:column</c>; <paramref name="path"/> replaces the file's path (a relative one).</summary>
    public static string Of(Location location, string? path = null)
    {
        var span = location.GetLineSpan();
        return $"{path ?? System.IO.Path.GetFileName(span.Path)}:{span.StartLinePosition.Line + 1}:{span.StartLinePosition.Character + 1}";
    }
}
