using VerifyCS = PerNet.Analyzers.Tests.ContextAnalyzerVerifier<PerNet.Analyzers.AmbientContextLostAnalyzer>;

namespace PerNet.Analyzers.Tests;

public class AmbientContextLostAnalyzerTests
{
    private const string Stack = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using PerNet;

        static class Udp
        {
            sealed class State : PerNet<State> { public int sent; }
            public static void Send() => State.Current.sent++;
            public static void SendVia() => Send();
            public static int Plain() => 42;
            public static void Callback(object? state) => Send();
        }

        """;

    [Fact]
    public Task UnsafeQueueUserWorkItem_LambdaReadsCurrent_Reported() => VerifyCS.VerifyAnalyzerAsync(Stack + """
        class C
        {
            void M() => ThreadPool.{|PN0101:UnsafeQueueUserWorkItem|}(_ => Console.WriteLine(NetContext.Current.Id), null);
        }
        """);

    [Fact]
    public Task UnsafeQueueUserWorkItem_ThroughTwoCalls_ReportedNamingTheReader() => VerifyCS.VerifyAnalyzerAsync(Stack + """
        class C
        {
            void M() => ThreadPool.{|#0:UnsafeQueueUserWorkItem|}({|#1:_ => Udp.SendVia()|}, null);
        }
        """,
        // The callback is the additional location: what the fix wraps.
        VerifyCS.Diagnostic(AmbientContextLostAnalyzer.LostThroughCallsRule).WithLocation(0).WithLocation(1).WithArguments("'ThreadPool.UnsafeQueueUserWorkItem' does not flow the ExecutionContext", " through 'Udp.Send'"));

    [Fact]
    public Task UnsafeQueueUserWorkItem_MethodGroup_Reported() => VerifyCS.VerifyAnalyzerAsync(Stack + """
        class C
        {
            void M() => ThreadPool.{|PN0101:UnsafeQueueUserWorkItem|}(Udp.Callback, null);
        }
        """);

    [Fact]
    public Task UnsafeQueueUserWorkItem_GenericStateOverload_Reported() => VerifyCS.VerifyAnalyzerAsync(Stack + """
        class C
        {
            void M() => ThreadPool.{|PN0101:UnsafeQueueUserWorkItem|}(static n => Udp.Send(), 1, preferLocal: false);
        }
        """);

    [Fact]
    public Task UnsafeQueueUserWorkItem_WorkItemObject_Reported() => VerifyCS.VerifyAnalyzerAsync(Stack + """
        sealed class SendLater : IThreadPoolWorkItem
        {
            public void Execute() => Udp.Send();
        }

        class C
        {
            void M() => ThreadPool.{|PN0101:UnsafeQueueUserWorkItem|}(new SendLater(), preferLocal: false);
        }
        """);

    [Fact]
    public Task ThreadUnsafeStart_ThreadFromLocal_Reported() => VerifyCS.VerifyAnalyzerAsync(Stack + """
        class C
        {
            void M()
            {
                var thread = new Thread(() => Udp.Send());
                thread.{|PN0101:UnsafeStart|}();
            }
        }
        """);

    [Fact]
    public Task UnsafeRegister_AndUnsafeRegisterWait_Reported() => VerifyCS.VerifyAnalyzerAsync(Stack + """
        class C
        {
            void M(CancellationToken token, WaitHandle handle)
            {
                token.{|PN0101:UnsafeRegister|}(_ => Udp.Send(), null);
                ThreadPool.{|PN0101:UnsafeRegisterWaitForSingleObject|}(handle, (_, _) => Udp.Send(), null, -1, true);
            }
        }
        """);

    [Fact]
    public Task TaskRun_InsideSuppressFlowUsing_Reported() => VerifyCS.VerifyAnalyzerAsync(Stack + """
        class C
        {
            void M()
            {
                using (ExecutionContext.SuppressFlow())
                {
                    Task.{|PN0101:Run|}(() => Udp.Send());
                }

                Task.Run(() => Udp.Send()); // flow restored
            }
        }
        """);

    [Fact]
    public Task SuppressFlowStatement_UntilRestoreFlow_Reported() => VerifyCS.VerifyAnalyzerAsync(Stack + """
        class C
        {
            void M()
            {
                var control = ExecutionContext.SuppressFlow();
                ThreadPool.{|PN0101:QueueUserWorkItem|}(_ => Udp.Send());
                new {|PN0101:Timer|}(_ => Udp.Send(), null, 0, -1);
                control.Undo();
                ThreadPool.QueueUserWorkItem(_ => Udp.Send());
            }
        }
        """);

    [Fact]
    public Task UsingDeclarationSuppressFlow_ThreadStart_Reported() => VerifyCS.VerifyAnalyzerAsync(Stack + """
        class C
        {
            void M()
            {
                using var _ = ExecutionContext.SuppressFlow();
                new Thread(Udp.SendVia).{|PN0101:Start|}();
            }
        }
        """);

    [Fact]
    public Task FlowingHandOffs_NotReported() => VerifyCS.VerifyAnalyzerAsync(Stack + """
        class C
        {
            async Task M(CancellationToken token)
            {
                await Task.Run(() => Udp.Send());
                ThreadPool.QueueUserWorkItem(_ => Udp.Send());
                new Thread(() => Udp.Send()).Start();
                token.Register(() => Udp.Send());
                await Task.Factory.StartNew(() => Udp.Send());
                await Task.Delay(1).ConfigureAwait(false);
                Udp.Send();
            }
        }
        """);

    [Fact]
    public Task UnsafeHandOff_CallbackWithoutAmbientReads_NotReported() => VerifyCS.VerifyAnalyzerAsync(Stack + """
        class C
        {
            void M() => ThreadPool.UnsafeQueueUserWorkItem(_ => Console.WriteLine(Udp.Plain()), null);
        }
        """);

    [Fact]
    public Task UnsafeHandOff_CallbackEntersCapturedContext_NotReported() => VerifyCS.VerifyAnalyzerAsync(Stack + """
        class C
        {
            void M()
            {
                var net = NetContext.Current;
                ThreadPool.UnsafeQueueUserWorkItem(_ =>
                {
                    using (net.Enter())
                    {
                        Udp.Send();
                    }
                }, null);
            }
        }
        """);

    [Fact]
    public Task SuppressFlow_LambdaDefinedInsideButRunLater_OnlyTheHandOffInScopeReported() => VerifyCS.VerifyAnalyzerAsync(Stack + """
        class C
        {
            void M()
            {
                using (ExecutionContext.SuppressFlow())
                {
                    Action later = () => Task.Run(() => Udp.Send()); // runs when invoked, not here
                    later();
                }
            }
        }
        """);

    [Fact]
    public Task CurrentStoredInStatic_Reported() => VerifyCS.VerifyAnalyzerAsync(Stack + """
        class C
        {
            static object? first = {|PN0101:NetContext.Current|};
            static NetContext? last;
            NetContext mine = NetContext.Current; // an instance field: this object's own choice
            void Remember() { last = {|PN0101:NetContext.Current|}; var local = NetContext.Current; }
        }
        """);

    [Fact]
    public Task NoRuntimeReference_NothingRegistered() => CSharpAnalyzerVerifier<AmbientContextLostAnalyzer>.VerifyAnalyzerAsync("""
        using System.Threading;
        class C
        {
            void M() => ThreadPool.UnsafeQueueUserWorkItem(_ => { }, null);
        }
        """);
}

/// <summary>The text scan that keeps the context rules cheap must not miss a word across its chunks.</summary>
public class AmbientReadsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(16 * 1024 - 3)] // straddles the first chunk boundary
    [InlineData(16 * 1024)]
    [InlineData(40_000)]
    public void Occurrences_FindsEveryPosition(int position)
    {
        var text = new string('x', position) + "Unsafe" + new string('y', 100) + "Unsafe";
        var found = AmbientReads.Occurrences(Microsoft.CodeAnalysis.Text.SourceText.From(text), "Unsafe").ToList();
        Assert.Equal(new[] { position, position + 106 }, found);
    }
}
