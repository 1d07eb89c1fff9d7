using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace PerNet.Analyzers.Tests;

public class MigrationSmokeTests
{
    [Fact]
    public async Task RuntimeReference_Compiles()
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
