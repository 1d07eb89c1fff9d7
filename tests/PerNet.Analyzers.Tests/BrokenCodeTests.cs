namespace PerNet.Analyzers.Tests;

/// <summary>No analyzer may throw (AD0001) on code that does not compile.</summary>
public class BrokenCodeTests
{
    public static TheoryData<string> BrokenSources => new()
    {
        "static class Arp { static Dictionary<IPAddress, Mac> cache = new(); static void F() => cache.Add(",
        "static class Arp { static readonly UnknownType table = new(); static UnknownType Get() => table; }",
        "static class Arp { static readonly Missing<int>[] table = { }; static int F() => table[0].X; }",
        "static class { static int x; }",
        "class C { static int x = ; static void F() { x = x + ; } }",
        "class C { static event Unknown? E; static void F() { E += (a, b) => { }; E?.Invoke(1); } }",
        "class C { static int P { get; set } static int Q { set => } }",
        "class C { [ThreadStatic] static Unknown u; [SharedAcrossContexts(] static int x; }",
        "class C { static readonly int[] t = { 1, 2 }; static void F() { t.Unknown(); Missing(t); t[0](); ref var r = ref t; } }",
        "namespace N { partial class P { static int x; } partial class P { void F() { x++ } }",
        "class C<T> where T : { static T? v; static void F() => v = default(T.Missing); }",
        "struct S { static S s; public int X; static void F() { s.X++; s.Unknown++; (s, s) = (s, s); } }",
        "class C { static System.Collections.Generic.List<int> l = [1, ..]; static void F() { l?[0] = 1; } }",
        "class C { static readonly System.Span<int> s; static void F() { foreach (var x in ) { } } }",
        "class C { static int x; static C() { () => x = 1; } static void L() { void Local() => x++; } }",
    };

    /// <summary>Broken code that uses the runtime, where the context rules (PN0101–PN0104) run.</summary>
    public static TheoryData<string> BrokenContextSources => new()
    {
        "using PerNet; using System.Threading; class C { void M() => ThreadPool.UnsafeQueueUserWorkItem(_ => NetContext.Current., null); }",
        "using PerNet; using System.Threading; class C { void M() { var t = new Thread(Missing); t.UnsafeStart(); var u = new Thread(); u.UnsafeStart(1); } }",
        "using PerNet; using System.Threading; class C { void M() { using (ExecutionContext.SuppressFlow( { Task.Run(() => State.Current); } } }",
        "using PerNet; class C { static NetContext? x = NetContext.Current; static Unknown<NetContext> y; void M(NetContext net) => Unknown.Current.x = NetContext.Current == ; }",
        "using PerNet; class C { void M() => Missing(NetContext.Initial); void N() => C.Of(NetContext.Initial); static void O(NetContext net) { } void P() => O(NetContext.Initial, ); }",
        "using PerNet; using System.Threading; sealed class W : IThreadPoolWorkItem { } class C { void M() => ThreadPool.UnsafeQueueUserWorkItem(new W(), false); void N() => ThreadPool.UnsafeQueueUserWorkItem(new Nope(), false); }",
    };

    [Theory]
    [MemberData(nameof(BrokenContextSources))]
    public async Task BrokenContextSource_NoAnalyzerException(string source)
    {
        var runtime = Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(typeof(PerNet.NetContext).Assembly.Location);
        var compilation = AnalyzerRunner.Compile(new[] { source }, withSharedAttribute: false, new[] { runtime });
        Assert.NotEmpty(compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        var (_, exceptions) = await AnalyzerRunner.RunAsync(compilation);
        Assert.Empty(exceptions);
    }

    [Theory]
    [MemberData(nameof(BrokenSources))]
    public async Task BrokenSource_NoAnalyzerException(string source)
    {
        var compilation = AnalyzerRunner.Compile(source);
        Assert.NotEmpty(compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        var (_, exceptions) = await AnalyzerRunner.RunAsync(compilation);
        Assert.Empty(exceptions);
    }
}
