using Microsoft.CodeAnalysis;

namespace PerNet.Analyzers.Tests;

/// <summary>The analyzers over the bundled samples: exactly the expected state, nothing else.</summary>
public class SampleTests
{
    /// <summary>The global usings the SDK adds with ImplicitUsings, for compiling samples in memory.</summary>
    internal const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    internal static Compilation CompileSample(string name, params MetadataReference[] references)
    {
        var folder = Path.Combine(DocumentationTests.RepositoryRoot(), "samples", name);
        var sources = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .Append(ImplicitUsings)
            .ToArray();
        return AnalyzerRunner.Compile(sources, withSharedAttribute: references.Length == 0, references);
    }

    [Fact]
    public async Task LegacyStack_ReportsExactlyItsGlobalState()
    {
        var compilation = CompileSample("LegacyStack");
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(compilation);

        Assert.Empty(exceptions);
        var actual = diagnostics.Select(d => $"{d.Id} {Member(d)}").Order(StringComparer.Ordinal).ToArray();
        var snmpCounters = new[]
        {
            "IpInReceives", "IpInHdrErrors", "IpInAddrErrors", "IpInDelivers", "IpOutRequests", "IpOutNoRoutes", "IpForwDatagrams",
            "IcmpInEchos", "IcmpOutEchoReps", "UdpInDatagrams", "UdpNoPorts", "UdpOutDatagrams", "ArpRequests", "ArpReplies",
            "ArpFailures", "TxDropped",
        };
        var expected = new[]
        {
            "PN0001 Devices.nextIfIndex", "PN0001 Devices.nextMac", "PN0001 Ipv4.nextIdentification", "PN0001 Icmp.nextEchoId",
            "PN0001 Udp.nextEphemeral",
            "PN0002 Devices.byName", "PN0002 Devices.byIndex", "PN0002 Arp.cache", "PN0002 Ipv4.routes", "PN0002 Icmp.replies",
            "PN0002 Udp.ports", "PN0002 Udp.random",
            "PN0003 Sysctl.IpForward", "PN0003 Sysctl.DefaultTtl", "PN0003 Sysctl.ArpTimeoutMs",
            "PN0004 Devices.LinkUp", "PN0004 Devices.LinkDown",
            // Not Checksum.scratch: per-thread scratch, cleared before every use (PerNetStack keeps it [ThreadStatic] too).
        }.Concat(snmpCounters.Select(c => "PN0001 Snmp." + c)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task PerNetStack_ReportsNothing()
    {
        var runtime = MetadataReference.CreateFromFile(typeof(PerNet.NetContext).Assembly.Location);
        var compilation = CompileSample("PerNetStack", runtime);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(compilation);

        Assert.Empty(exceptions);
        Assert.Empty(diagnostics.Select(d => d.ToString()));
    }

    /// <summary>The member a diagnostic names, read from its location: Type.member.</summary>
    private static string Member(Diagnostic diagnostic)
    {
        var token = diagnostic.Location.SourceTree!.GetRoot().FindToken(diagnostic.Location.SourceSpan.Start);
        var type = token.Parent!.Ancestors().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.BaseTypeDeclarationSyntax>().First();
        return type.Identifier.Text + "." + token.Text;
    }
}
