using System;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;

namespace PerNet.Analyzers;

/// <summary>
/// Matches types against the names users write in configuration: <c>Ns.Type</c>
/// (generic arity ignored, so <c>System.Buffers.ArrayPool</c> matches <c>ArrayPool&lt;T&gt;</c>),
/// <c>Ns.Outer.Inner</c> for nested types, and <c>Ns.*</c> for a whole namespace.
/// </summary>
internal static class TypeNames
{
    /// <summary><c>Ns.Outer.Inner</c> without generic arguments or arity.</summary>
    public static string QualifiedName(ITypeSymbol type)
    {
        var builder = new StringBuilder();
        Append(builder, type.OriginalDefinition);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, ISymbol symbol)
    {
        if (symbol.ContainingType is { } outer)
        {
            Append(builder, outer);
            builder.Append('.');
        }
        else if (symbol.ContainingNamespace is { IsGlobalNamespace: false } ns)
        {
            builder.Append(ns.ToDisplayString()).Append('.');
        }

        builder.Append(symbol.Name);
    }

    public static bool Matches(ITypeSymbol type, ImmutableArray<string> patterns)
    {
        if (patterns.IsEmpty)
            return false;

        var name = QualifiedName(type);
        foreach (var raw in patterns)
        {
            var pattern = Normalize(raw);
            if (pattern.EndsWith(".*", StringComparison.Ordinal))
            {
                if (name.StartsWith(pattern.Substring(0, pattern.Length - 1), StringComparison.Ordinal))
                    return true;
            }
            else if (name.Equals(pattern, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the type, a base type or an implemented interface matches.</summary>
    public static bool MatchesSelfBaseOrInterface(ITypeSymbol type, ImmutableArray<string> patterns)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (Matches(current, patterns))
                return true;
        }

        foreach (var iface in type.AllInterfaces)
        {
            if (Matches(iface, patterns))
                return true;
        }

        return false;
    }

    /// <summary>Strips <c>global::</c>, generic argument lists and <c>`N</c> arity suffixes.</summary>
    private static string Normalize(string pattern)
    {
        if (pattern.StartsWith("global::", StringComparison.Ordinal))
            pattern = pattern.Substring("global::".Length);
        var lt = pattern.IndexOf('<');
        if (lt >= 0)
            pattern = pattern.Substring(0, lt);
        var tick = pattern.IndexOf('`');
        if (tick >= 0)
            pattern = pattern.Substring(0, tick);
        return pattern;
    }
}
