namespace PerNet.Analyzers.Tests;

/// <summary>
/// The explicit migration of a real stack: a copy of LegacyStack and its tests, migrated in one
/// solution-wide plan, must build (warnings as errors) with no PN0001–PN0005 left, pass its own tests
/// unchanged in behaviour, and really isolate two contexts.
/// </summary>
public class MigrationEndToEndTests : IClassFixture<PackageFeed>
{
    private readonly PackageFeed _feed;

    public MigrationEndToEndTests(PackageFeed feed) => _feed = feed;

    private const string IsolationTest = """
        using System.Net;
        using LegacyStack;
        using PerNet;

        namespace LegacyStack.Tests;

        public class TwoContextsTests
        {
            [Fact]
            public void TwoContexts_SamePortAndAddress_NeitherSeesTheOther()
            {
                using var a = NetContext.Create();
                using var b = NetContext.Create();
                Devices.Loopback(a);
                Devices.Loopback(b);

                var serverA = new UdpSocket(a); // a socket carries its context: its methods take no NetContext
                serverA.Bind(IPAddress.Loopback, 53);
                var serverB = new UdpSocket(b);
                serverB.Bind(IPAddress.Loopback, 53); // the same address and port, independently
                var client = new UdpSocket(a);
                Assert.True(client.SendTo("query"u8, new IPEndPoint(IPAddress.Loopback, 53)));

                Assert.Equal(1, serverA.Pending);
                Assert.Equal(0, serverB.Pending);
                Assert.Equal(1, Snmp.State.Of(a).UdpInDatagrams);
                Assert.Equal(0, Snmp.State.Of(b).UdpInDatagrams);
                Assert.Equal(2, Udp.GetBoundSockets(a));
                Assert.Equal(1, Udp.GetBoundSockets(b));

                var eth = Devices.CreateExternal(a, "eth0", _ => { }); // a device too: created in a, bound to a
                Assert.Same(a, eth.Net);
                eth.AddAddress(IPAddress.Parse("10.0.0.1"), 24);
                eth.SetUp();
                Assert.NotNull(Ipv4.Lookup(a, IPAddress.Parse("10.0.0.9")));
                Assert.Null(Ipv4.Lookup(b, IPAddress.Parse("10.0.0.9")));
                Assert.Null(Devices.ByName(b, "eth0"));

                using (b.Enter())
                {
                    var created = new UdpSocket(); // user code without a context: the task's namespace
                    Assert.Same(b, created.Net);
                }

                Assert.True(Icmp.Ping(a, IPAddress.Loopback));
                Assert.Equal(1, Snmp.State.Of(a).IcmpInEchos);
                Assert.Equal(0, Snmp.State.Of(b).IcmpInEchos);
                Assert.Equal(0, Arp.GetCacheCount(b));

                Sysctl.State.Of(a).IpForward = true;
                Assert.False(Sysctl.State.Of(b).IpForward);

                serverA.Dispose(); // unbinds in a, not in the initial context
                Assert.Equal(1, Udp.GetBoundSockets(a));
                Assert.Equal(1, Udp.GetBoundSockets(b));
            }
        }
        """;

    [Fact]
    public async Task InProcessFixAll_LegacyStackBuildsAndItsTestsPass_TwoContextsIsolated()
    {
        using var copy = new LegacyStackCopy(_feed);
        var solution = copy.Load();
        Assert.Empty(await MigrationHarness.ErrorsAsync(solution));

        var result = await MigrationHarness.MigrateAllAsync(solution);

        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        // The packet path finds its context on the device or the socket, as PerNetStack's does.
        Assert.Equal(new[] { "LegacyStack.NetDevice", "LegacyStack.UdpSocket" }, result.Carriers.Types.Select(c => c.Type).Order());
        var gained = result.AddedParameters;
        foreach (var onThePath in new[] { "NetDevice.Receive(", "NetDevice.Transmit(", "NetDevice.SetUp(", "Ethernet.Receive(", "Ethernet.Send(", "Arp.Receive(", "Arp.TryResolve(", "Ipv4.Receive(", "Ipv4.AddRoute(", "UdpSocket.SendTo(", "UdpSocket.Bind(", "Udp.Bind(", "Udp.Unbind(" })
            Assert.DoesNotContain(gained, g => g.Contains(onThePath, StringComparison.Ordinal));
        var publicGained = (await PublicMethodsAsync(solution, gained)).ToList();
        var entryPoints = PerNetStackEntryPoints();
        Assert.True(publicGained.Count <= entryPoints.Count, $"{publicGained.Count} public members gained a NetContext, PerNetStack's public API takes one in {entryPoints.Count}: " + string.Join(", ", publicGained));
        Assert.Empty(await MigrationHarness.ErrorsAsync(result.Solution!));
        Assert.Empty(await MigrationHarness.DiagnosticsAsync(result.Solution!, "PN0001", "PN0002", "PN0003", "PN0004", "PN0005"));
        await copy.SaveAsync(result.Solution!);
        await File.WriteAllTextAsync(Path.Combine(copy.TestsFolder, "TwoContextsTests.cs"), IsolationTest);

        var (exit, output) = LegacyStackCopy.DotNet(copy.TestsFolder, "test", "-c", "Release", "-nodeReuse:false");

        Assert.True(exit == 0, output);
        Assert.Empty(LegacyStackCopy.StateWarnings(output));
        Assert.Contains("Passed!  - Failed:     0, Passed:    15", output); // the 14 legacy tests and the isolation test
    }

    /// <summary>Of the members that gained a context, the public ones (constructors that kept their old signature do not count).</summary>
    private static async Task<IEnumerable<string>> PublicMethodsAsync(Microsoft.CodeAnalysis.Solution solution, IEnumerable<string> gained)
    {
        var names = new HashSet<string>(gained);
        var compilation = await solution.Projects.Single(p => p.Name == "LegacyStack").GetCompilationAsync();
        var publicMembers = new List<string>();
        foreach (var type in compilation!.GetSymbolsWithName(_ => true, Microsoft.CodeAnalysis.SymbolFilter.Type).OfType<Microsoft.CodeAnalysis.INamedTypeSymbol>())
        {
            foreach (var member in type.GetMembers())
            {
                if (names.Contains(member.ToDisplayString()) && member.DeclaredAccessibility == Microsoft.CodeAnalysis.Accessibility.Public && type.DeclaredAccessibility == Microsoft.CodeAnalysis.Accessibility.Public &&
                    member is not Microsoft.CodeAnalysis.IMethodSymbol { MethodKind: Microsoft.CodeAnalysis.MethodKind.Constructor })
                    publicMembers.Add(member.ToDisplayString());
            }
        }

        return publicMembers;
    }

    /// <summary>PerNetStack's public methods, constructors and overrides that take a NetContext, read from its source.</summary>
    private static List<string> PerNetStackEntryPoints()
    {
        var folder = Path.Combine(DocumentationTests.RepositoryRoot(), "samples", "PerNetStack");
        var entryPoints = new List<string>();
        foreach (var file in Directory.GetFiles(folder, "*.cs"))
        {
            var root = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
            foreach (var method in root.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.BaseMethodDeclarationSyntax>())
            {
                if (method.Modifiers.Any(m => m.Text == "public") && method.ParameterList.Parameters.Any(p => p.Type?.ToString() == "NetContext"))
                    entryPoints.Add(method.ToString().Split('(')[0]);
            }
        }

        Assert.NotEmpty(entryPoints);
        return entryPoints;
    }

    [Fact]
    public async Task DotnetFormatAnalyzers_LegacyStackBuildsAndItsTestsPass_TwoContextsIsolated()
    {
        using var copy = new LegacyStackCopy(_feed);

        var (formatExit, formatOutput) = LegacyStackCopy.DotNet(copy.Root, "format", "analyzers", "LegacyStack.sln",
            "--diagnostics", "PN0001", "PN0002", "PN0003", "PN0004", "PN0005", "--severity", "info", "-v", "diag");

        Assert.True(formatExit == 0, formatOutput);
        Assert.True((await File.ReadAllTextAsync(Path.Combine(copy.LibraryFolder, "Arp.cs"))).Contains("State.Of(net)", StringComparison.Ordinal), formatOutput);
        await File.WriteAllTextAsync(Path.Combine(copy.TestsFolder, "TwoContextsTests.cs"), IsolationTest);
        var (exit, output) = LegacyStackCopy.DotNet(copy.TestsFolder, "test", "-c", "Release", "-nodeReuse:false");
        Assert.True(exit == 0, formatOutput + output);
        Assert.Empty(LegacyStackCopy.StateWarnings(output));
        Assert.Contains("Passed!  - Failed:     0, Passed:    15", output);
    }

    /// <summary>
    /// The README's bulk route on a library without PerNet.Runtime referenced: the fix is not offered, so
    /// `dotnet format analyzers` changes nothing (it once rewrote such a sample into 173 build errors) and the library
    /// still builds; each state warning of the build says how to get the fix (reference the runtime).
    /// </summary>
    [Fact]
    public async Task DotnetFormatAnalyzers_WithoutTheRuntime_ChangesNothing()
    {
        using var copy = new LegacyStackCopy(_feed, runtime: false);
        var files = Directory.GetFiles(copy.Root, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).ToList();
        var before = await Task.WhenAll(files.Select(f => File.ReadAllTextAsync(f)));

        var (formatExit, formatOutput) = LegacyStackCopy.DotNet(copy.Root, "format", "analyzers", "LegacyStack.sln",
            "--diagnostics", "PN0001", "PN0002", "PN0003", "PN0004", "PN0005", "--severity", "info");

        Assert.True(formatExit == 0, formatOutput);
        Assert.Equal(before, await Task.WhenAll(files.Select(f => File.ReadAllTextAsync(f))));
        var (build, buildOutput) = LegacyStackCopy.DotNet(copy.Root, "build", "LegacyStack.sln", "-nodeReuse:false");
        Assert.True(build == 0, buildOutput);
        var warnings = LegacyStackCopy.StateWarnings(buildOutput);
        Assert.NotEmpty(warnings);
        Assert.All(warnings, w => Assert.Contains("reference the runtime: dotnet add package PerNet.Runtime", w, StringComparison.Ordinal));
    }

    private const string AmbientConcurrencyTest = """
        using System.Net;
        using LegacyStack;
        using PerNet;

        namespace LegacyStack.Tests;

        public class AmbientContextsTests
        {
            [Fact]
            public async Task TwoContextsConcurrently_EnterTaskRunAwait_NoCrossTalk()
            {
                using var a = NetContext.Create();
                using var b = NetContext.Create();

                async Task<long> Work(NetContext net, int datagrams)
                {
                    using (net.Enter())
                    {
                        Devices.Loopback();
                        var server = new UdpSocket();
                        server.Bind(IPAddress.Loopback, 53);
                        for (var i = 0; i < datagrams; i++)
                        {
                            await Task.Yield();
                            await Task.Run(() => new UdpSocket().SendTo(new byte[] { 1, 2, 3 }, new IPEndPoint(IPAddress.Loopback, 53)));
                        }

                        return Snmp.State.Current.UdpInDatagrams;
                    }
                }

                var initialBefore = Snmp.State.Of(NetContext.Initial).UdpInDatagrams; // the legacy tests run in Initial

                var counts = await Task.WhenAll(Work(a, 30), Work(b, 50));

                Assert.Equal(new long[] { 30, 50 }, counts);
                Assert.Equal(30, Snmp.State.Of(a).UdpInDatagrams);
                Assert.Equal(50, Snmp.State.Of(b).UdpInDatagrams);
                Assert.Equal(initialBefore, Snmp.State.Of(NetContext.Initial).UdpInDatagrams);
            }
        }
        """;

    [Fact]
    public async Task AmbientFixAll_LegacyStackBuildsAndItsTestsPass_ConcurrentContextsIsolated()
    {
        using var copy = new LegacyStackCopy(_feed);
        var result = await MigrationHarness.MigrateAllAsync(copy.Load(), PerNet.CodeFixes.Migration.MigrationStyle.Ambient);

        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        Assert.Empty(result.AddedParameters); // no signature changes
        Assert.Empty(await MigrationHarness.ErrorsAsync(result.Solution!));
        Assert.Empty(await MigrationHarness.DiagnosticsAsync(result.Solution!, "PN0001", "PN0002", "PN0003", "PN0004", "PN0005"));
        await copy.SaveAsync(result.Solution!);
        Assert.Contains("State.Current.cache", await File.ReadAllTextAsync(Path.Combine(copy.LibraryFolder, "Arp.cs")));
        await File.WriteAllTextAsync(Path.Combine(copy.TestsFolder, "AmbientContextsTests.cs"), AmbientConcurrencyTest);

        var (exit, output) = LegacyStackCopy.DotNet(copy.TestsFolder, "test", "-c", "Release", "-nodeReuse:false");

        Assert.True(exit == 0, output);
        Assert.Empty(LegacyStackCopy.StateWarnings(output));
        Assert.Contains("Passed!  - Failed:     0, Passed:    15", output); // the 14 legacy tests, unchanged, and the concurrency test

        // A hand-off that loses the ambient context: PN0101 catches it in the build, its fix repairs it.
        await File.WriteAllTextAsync(Path.Combine(copy.LibraryFolder, "Deferred.cs"), BrokenHandOff);
        await File.WriteAllTextAsync(Path.Combine(copy.TestsFolder, "DeferredTests.cs"), HandOffTest);
        var (buildExit, buildOutput) = LegacyStackCopy.DotNet(copy.LibraryFolder, "build", "-c", "Release", "-nodeReuse:false");
        Assert.True(buildExit == 0, buildOutput);
        Assert.Matches(@"Deferred\.cs\(\d+,\d+\): warning PN0101: 'ThreadPool\.UnsafeQueueUserWorkItem' does not flow the ExecutionContext; the callback reads the ambient context through '[^']+'", buildOutput);

        var (formatExit, formatOutput) = LegacyStackCopy.DotNet(copy.Root, "format", "analyzers", "LegacyStack.sln", "--diagnostics", "PN0101", "--severity", "warn");
        Assert.True(formatExit == 0, formatOutput);
        Assert.Contains("using (net.Enter())", await File.ReadAllTextAsync(Path.Combine(copy.LibraryFolder, "Deferred.cs")));
        (exit, output) = LegacyStackCopy.DotNet(copy.TestsFolder, "test", "-c", "Release", "-nodeReuse:false");
        Assert.True(exit == 0, output);
        Assert.DoesNotContain("warning PN0101", output);
        Assert.Contains("Passed!  - Failed:     0, Passed:    16", output); // and the hand-off now sends in its tenant's context
    }

    private const string BrokenHandOff = """
        using System.Net;

        namespace LegacyStack;

        public static class Deferred
        {
            /// <summary>Sends on the thread pool, skipping the ExecutionContext "for speed": the context is lost.</summary>
            public static void SendLater(byte[] data, IPEndPoint remote, ManualResetEventSlim done)
            {
                ThreadPool.UnsafeQueueUserWorkItem(_ =>
                {
                    new UdpSocket().SendTo(data, remote);
                    done.Set();
                }, null);
            }
        }
        """;

    private const string HandOffTest = """
        using System.Net;
        using LegacyStack;
        using PerNet;

        namespace LegacyStack.Tests;

        public class DeferredTests
        {
            [Fact]
            public void SendLater_CountsInTheEnteredContext()
            {
                using var a = NetContext.Create();
                using var done = new ManualResetEventSlim();
                using (a.Enter())
                {
                    Devices.Loopback();
                    new UdpSocket().Bind(IPAddress.Loopback, 53);
                    Deferred.SendLater(new byte[] { 1 }, new IPEndPoint(IPAddress.Loopback, 53), done);
                }

                Assert.True(done.Wait(TimeSpan.FromSeconds(30)));
                Assert.Equal(1, Snmp.State.Of(a).UdpInDatagrams);
            }
        }
        """;
}
