using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PerNet.Analyzers;

/// <summary>Where a state rule reports the members of one file: its options, its sink, its cancellation.</summary>
internal readonly struct StateReport
{
    private readonly Action<Diagnostic> _report;

    public StateReport(AnalyzerOptions options, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        Options = options;
        _report = report;
        CancellationToken = cancellationToken;
    }

    public AnalyzerOptions Options { get; }

    public CancellationToken CancellationToken { get; }

    public void ReportDiagnostic(Diagnostic diagnostic) => _report(diagnostic);
}
