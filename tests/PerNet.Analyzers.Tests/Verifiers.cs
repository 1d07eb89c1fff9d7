using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace PerNet.Analyzers.Tests;

/// <summary>Reference assemblies for test compilations: the .NET 8 targeting pack from NuGet.</summary>
internal static class TestReferences
{
    public static readonly ReferenceAssemblies Net = ReferenceAssemblies.Net.Net80;

    /// <summary>No reference package: tests that use NetContext add <see cref="RuntimeReferences"/> instead.</summary>
    public static readonly ReferenceAssemblies None = new("net10.0");

    /// <summary>The running .NET's own assemblies plus PerNet.Runtime, for code that uses NetContext (the migration).</summary>
    public static readonly ImmutableArray<MetadataReference> RuntimeReferences = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
        .Split(Path.PathSeparator)
        .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
        .Append(typeof(PerNet.NetContext).Assembly.Location)
        .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
        .ToImmutableArray();

    /// <summary>What a state diagnostic says in a compilation without the runtime (the analyzer tests' compilations): how to get the fix.</summary>
    public const string NoRuntime = MigrationBlockers.RuntimeNote;

    /// <summary>The attribute the rules recognise by name; tests declare it as users' code would see it.</summary>
    public const string SharedAttribute = """
        namespace PerNet
        {
            [System.AttributeUsage(System.AttributeTargets.All)]
            public sealed class SharedAcrossContextsAttribute : System.Attribute
            {
                public SharedAcrossContextsAttribute() { }
                public SharedAcrossContextsAttribute(string justification) { }
            }
        }
        """;
}

/// <summary>Analyzer tests: <c>[|...|]</c> for the rule under test, <c>{|PN0002:...|}</c> when several are in play.</summary>
public static class CSharpAnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    // Additional locations (the read/write sites) have their own tests in AdditionalLocationsTests.
    public static DiagnosticResult Diagnostic() =>
        CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic().WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    public static DiagnosticResult Diagnostic(string id) =>
        CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(id).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected) =>
        VerifyAnalyzerAsync(source, globalConfig: null, expected);

    public static Task VerifyAnalyzerAsync(string source, string? globalConfig, params DiagnosticResult[] expected) =>
        VerifyAnalyzerAsync(new[] { source }, globalConfig, expected);

    public static async Task VerifyAnalyzerAsync(string[] sources, string? globalConfig, params DiagnosticResult[] expected)
    {
        var test = new Test();
        foreach (var source in sources)
            test.TestState.Sources.Add(source);
        test.TestState.Sources.Add(("SharedAcrossContextsAttribute.cs", TestReferences.SharedAttribute));
        if (globalConfig is not null)
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\n" + globalConfig));
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }

    public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = TestReferences.Net;
        }
    }
}

/// <summary>Code-fix tests, FixAll included (<c>BatchFixedCode</c>, iteration counts).</summary>
public static class CSharpCodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static DiagnosticResult Diagnostic(string id) => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(id);

    public static async Task VerifyCodeFixAsync(string source, string fixedSource, string? equivalenceKey = null, string? batchFixedSource = null)
    {
        var test = new Test { TestCode = source, FixedCode = fixedSource, BatchFixedCode = batchFixedSource ?? fixedSource, CodeActionEquivalenceKey = equivalenceKey };
        await test.RunAsync(CancellationToken.None);
    }

    public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = TestReferences.Net;
        }
    }
}

/// <summary>Tests of the context rules (PN0101–PN0104): code that uses PerNet.Runtime, compiled against it.</summary>
public static class ContextAnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(descriptor);

    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        // A rule may have several descriptors (one id, message variants): markup takes the first.
        var test = new Test { TestCode = source, MarkupOptions = MarkupOptions.UseFirstDescriptor };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = TestReferences.None;
            TestState.AdditionalReferences.AddRange(TestReferences.RuntimeReferences);
        }
    }
}

/// <summary>Code-fix tests of the context rules, compiled against PerNet.Runtime.</summary>
public static class ContextCodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static Task VerifyCodeFixAsync(string source, string fixedSource, string? batchFixedSource = null) =>
        new Test { TestCode = source, FixedCode = fixedSource, BatchFixedCode = batchFixedSource ?? fixedSource }.RunAsync(CancellationToken.None);

    public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = TestReferences.None;
            TestState.AdditionalReferences.AddRange(TestReferences.RuntimeReferences);
            FixedState.AdditionalReferences.AddRange(TestReferences.RuntimeReferences);
            BatchFixedState.AdditionalReferences.AddRange(TestReferences.RuntimeReferences);
        }
    }
}
