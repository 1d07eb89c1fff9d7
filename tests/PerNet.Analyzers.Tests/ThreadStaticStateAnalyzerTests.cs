using VerifyCS = PerNet.Analyzers.Tests.CSharpAnalyzerVerifier<PerNet.Analyzers.ThreadStaticStateAnalyzer>;

namespace PerNet.Analyzers.Tests;

public class ThreadStaticStateAnalyzerTests
{
    [Fact]
    public Task ThreadStaticScratchBuffer_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        static class Checksum
        {
            [ThreadStatic] private static byte[]? {|#0:scratch|};
            public static byte[] Scratch => scratch ??= new byte[1500];
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("Checksum.scratch", "[ThreadStatic]", TestReferences.NoRuntime));

    [Fact]
    public Task ThreadLocalAndAsyncLocal_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Threading;
        static class Rx
        {
            static readonly ThreadLocal<byte[]> {|#0:buffer|} = new(() => new byte[2048]);
            static AsyncLocal<int> {|#1:currentIfIndex|} = new();
            public static int Peek() => buffer.Value![0] + currentIfIndex.Value;
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("Rx.buffer", "ThreadLocal", TestReferences.NoRuntime),
        VerifyCS.Diagnostic().WithLocation(1).WithArguments("Rx.currentIfIndex", "AsyncLocal", TestReferences.NoRuntime));

    [Fact]
    public Task InstanceThreadLocalAndPlainStatics_NotReported() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Threading;
        class Worker
        {
            readonly ThreadLocal<int> perThread = new();
            static int plain;
            public int Get() => perThread.Value + plain;
        }
        """);

    [Fact]
    public Task ThreadLocalOfSharedService_NotReported() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        static class Pools
        {
            static readonly ThreadLocal<System.Net.Http.HttpClient> client = new(() => new System.Net.Http.HttpClient());
            [PerNet.SharedAcrossContexts("a per-thread cache of immutable parsers")]
            [ThreadStatic] static object? parser;
        }
        """);

    /// <summary>Per-thread scratch: cleared (or the span taken from it) before every use, never handed on: not state.</summary>
    [Fact]
    public Task PerThreadScratch_ClearedBeforeEveryUse_NotReported() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        using System.Text;
        using System.Threading;
        static class Checksum
        {
            [ThreadStatic] private static byte[]? scratch;
            private static readonly ThreadLocal<StringBuilder> builder = new(() => new StringBuilder());

            public static int Sum(ReadOnlySpan<byte> data)
            {
                if (scratch is null || scratch.Length < data.Length)
                    scratch = new byte[Math.Max(data.Length, 2048)];
                var buffer = scratch.AsSpan(0, data.Length);
                buffer.Clear();
                data.CopyTo(buffer);
                return Fold(buffer);
            }

            public static string Describe(int a, int b)
            {
                var text = builder.Value!;
                text.Clear();
                text.Append(a).Append('.').Append(b);
                return text.ToString();
            }

            private static int Fold(ReadOnlySpan<byte> data) => data.Length == 0 ? 0 : data[0];
        }
        """);

    /// <summary>The boundary cases: read before cleared, handed to another method as the array, returned: state.</summary>
    [Fact]
    public Task PerThreadBuffer_ReadBeforeClearedOrHandedOn_Reported() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        static class Rx
        {
            [ThreadStatic] private static byte[]? {|#0:last|};
            [ThreadStatic] private static byte[]? {|#1:kept|};

            public static int Peek()
            {
                last ??= new byte[16];
                var previous = last[0];    // what the previous call left: it outlives a call
                Array.Clear(last, 0, last.Length);
                return previous;
            }

            public static void Stash(byte[] into)
            {
                kept ??= new byte[16];
                Array.Clear(kept, 0, kept.Length);
                Keep(kept);                // handed on as the array: it may be kept
            }

            private static void Keep(byte[] buffer) { }
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("Rx.last", "[ThreadStatic]", TestReferences.NoRuntime),
        VerifyCS.Diagnostic().WithLocation(1).WithArguments("Rx.kept", "[ThreadStatic]", TestReferences.NoRuntime));
}
