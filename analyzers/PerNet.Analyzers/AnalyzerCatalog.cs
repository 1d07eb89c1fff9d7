using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerNet.Analyzers;

/// <summary>The analyzers this assembly ships (those a compiler loads: marked <c>[DiagnosticAnalyzer]</c>), for hosts that run them in process.</summary>
public static class AnalyzerCatalog
{
    public static ImmutableArray<DiagnosticAnalyzer> CreateAll() => typeof(AnalyzerCatalog).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();
}
