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
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("Checksum.scratch", "[ThreadStatic]", ""));

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
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("Rx.buffer", "ThreadLocal", ""),
        VerifyCS.Diagnostic().WithLocation(1).WithArguments("Rx.currentIfIndex", "AsyncLocal", ""));

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
            static readonly ThreadLocal<System.Buffers.ArrayPool<byte>> pool = new(() => System.Buffers.ArrayPool<byte>.Create());
            [PerNet.SharedAcrossContexts("a per-thread cache of immutable parsers")]
            [ThreadStatic] static object? parser;
        }
        """);
}
