using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace PerNet.Analyzers.Tests;

/// <summary>Code in the shape the migration produces is not reported: the analyzers and the fix agree.</summary>
public class MigratedShapeTests
{
    [Fact]
    public async Task DesignShape_ReportsNothing()
    {
        var test = new CSharpAnalyzerTest<MutableStaticFieldAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = TestReferences.None,
            TestCode = """
                using PerNet;
                static class Arp
                {
                    sealed class State : PerNet<State> { public int x; }
                    public static int Get(NetContext net) => State.Of(net).x;
                }
                """,
        };
        test.TestState.AdditionalReferences.AddRange(TestReferences.RuntimeReferences);
        await test.RunAsync();
    }
}
