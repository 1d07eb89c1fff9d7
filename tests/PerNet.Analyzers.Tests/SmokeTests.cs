using VerifyCS = PerNet.Analyzers.Tests.CSharpAnalyzerVerifier<PerNet.Analyzers.MutableStaticFieldAnalyzer>;
namespace PerNet.Analyzers.Tests;
public class SmokeTests
{
    [Fact]
    public Task Smoke() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        static class Arp
        {
            static Dictionary<int, int> [|cache|] = new();
            static void Add() => cache[1] = 2;
        }
        """);
}
