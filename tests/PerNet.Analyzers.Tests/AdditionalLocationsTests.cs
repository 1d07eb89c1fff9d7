namespace PerNet.Analyzers.Tests;

public class AdditionalLocationsTests
{
    private static string Text(Microsoft.CodeAnalysis.Location l) => l.SourceTree!.GetText().ToString(l.SourceSpan);

    [Fact]
    public async Task PrivateFieldWrittenFromNestedType_SiteSeen()
    {
        var diagnostics = await AnalyzerRunner.RunAsync("""
            static class Tcp
            {
                private static int retransmitMs = 200;
                static class Timers { public static void Backoff() => retransmitMs *= 2; }
            }
            """);
        var d = Assert.Single(diagnostics);
        Assert.Equal("w", d.Properties["SiteKinds"]);
        Assert.False(d.Properties.ContainsKey(MutableStaticFieldAnalyzer.MakeReadonlyProperty));
    }
}
