using Microsoft.CodeAnalysis.Testing;
using PerNet.CodeFixes;

namespace PerNet.Analyzers.Tests;

public class CaptureAmbientContextCodeFixProviderTests
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
            public static void Callback(object? state) => Send();
        }

        """;

    private static Task VerifyAsync(string source, string fixedSource, string? batchFixed = null, int? iterations = null)
    {
        var test = new ContextCodeFixVerifier<AmbientContextLostAnalyzer, CaptureAmbientContextCodeFixProvider>.Test
        {
            TestCode = Stack + source,
            FixedCode = Stack + fixedSource,
            BatchFixedCode = Stack + (batchFixed ?? fixedSource),
            MarkupOptions = MarkupOptions.UseFirstDescriptor,
            // Findings through calls are compilation-end diagnostics (they need every method's reads):
            // the IDE shows them with full-solution analysis and the build always does; the fix applies to both.
            CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
        };
        if (iterations is { } count)
        {
            test.NumberOfIncrementalIterations = count;
            test.NumberOfFixAllIterations = 1;
        }

        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task ExpressionLambda_CapturedAndEntered() => VerifyAsync("""
        class C
        {
            void M()
            {
                ThreadPool.{|PN0101:UnsafeQueueUserWorkItem|}(_ => Udp.Send(), null);
            }
        }
        """, """
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
    public Task MethodGroup_BecomesLambda_NameTakenAvoided() => VerifyAsync("""
        class C
        {
            void M(int net)
            {
                ThreadPool.{|PN0101:UnsafeQueueUserWorkItem|}(Udp.Callback, null);
            }
        }
        """, """
        class C
        {
            void M(int net)
            {
                var netContext = NetContext.Current;
                ThreadPool.UnsafeQueueUserWorkItem((state) =>
                {
                    using (netContext.Enter())
                    {
                        Udp.Callback(state);
                    }
                }, null);
            }
        }
        """);

    [Fact]
    public Task StaticBlockLambdaUnderSuppressFlow_NoLongerStatic() => VerifyAsync("""
        class C
        {
            void M()
            {
                using (ExecutionContext.SuppressFlow())
                {
                    Task.{|PN0101:Run|}(static () =>
                    {
                        Udp.Send();
                        Udp.Send();
                    });
                }
            }
        }
        """, """
        class C
        {
            void M()
            {
                using (ExecutionContext.SuppressFlow())
                {
                    var net = NetContext.Current;
                    Task.Run(() =>
                    {
                        using (net.Enter())
                        {
                            Udp.Send();
                            Udp.Send();
                        }
                    });
                }
            }
        }
        """);

    [Fact]
    public Task TwoHandOffsInOneBlock_FixAllGivesDistinctNames() => VerifyAsync("""
        class C
        {
            void M(CancellationToken token)
            {
                ThreadPool.{|PN0101:UnsafeQueueUserWorkItem|}(_ => Udp.Send(), null);
                token.{|PN0101:UnsafeRegister|}(_ => Udp.Send(), null);
            }
        }
        """, """
        class C
        {
            void M(CancellationToken token)
            {
                var net = NetContext.Current;
                ThreadPool.UnsafeQueueUserWorkItem(_ =>
                {
                    using (net.Enter())
                    {
                        Udp.Send();
                    }
                }, null);
                var netContext = NetContext.Current;
                token.UnsafeRegister(_ =>
                {
                    using (netContext.Enter())
                    {
                        Udp.Send();
                    }
                }, null);
            }
        }
        """, iterations: 2);

    [Fact]
    public Task WorkItemObject_NoFixOffered() => VerifyAsync("""
        sealed class SendLater : IThreadPoolWorkItem
        {
            public void Execute() => Udp.Send();
        }

        class C
        {
            void M() => ThreadPool.{|PN0101:UnsafeQueueUserWorkItem|}(new SendLater(), preferLocal: false);
        }
        """, """
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
    public Task ExpressionBodiedMember_NoFixOffered() => VerifyAsync("""
        class C
        {
            void M() => ThreadPool.{|PN0101:UnsafeQueueUserWorkItem|}(_ => Udp.Send(), null);
        }
        """, """
        class C
        {
            void M() => ThreadPool.{|PN0101:UnsafeQueueUserWorkItem|}(_ => Udp.Send(), null);
        }
        """);
}

public class UseExplicitContextCodeFixProviderTests
{
    private const string Prelude = """
        using System;
        using PerNet;

        sealed class Counters : PerNet<Counters> { public int sent; }

        """;

    [Fact]
    public Task StateCurrentAndNetContextCurrent_UseTheParameter() =>
        ContextCodeFixVerifier<AmbientWithExplicitInScopeAnalyzer, UseExplicitContextCodeFixProvider>.VerifyCodeFixAsync(Prelude + """
            static class Udp
            {
                public static long Send(NetContext net)
                {
                    [|Counters.Current|].sent++;
                    return [|NetContext.Current|].Id;
                }
            }
            """, Prelude + """
            static class Udp
            {
                public static long Send(NetContext net)
                {
                    Counters.Of(net).sent++;
                    return net.Id;
                }
            }
            """);

    [Fact]
    public Task BoundObject_UsesThisNet() =>
        ContextCodeFixVerifier<AmbientWithExplicitInScopeAnalyzer, UseExplicitContextCodeFixProvider>.VerifyCodeFixAsync(Prelude + """
            sealed class Device : INetContextBound
            {
                public Device(NetContext net) => Net = net;
                public NetContext Net { get; }
                public void Transmit() => [|Counters.Current|].sent++;
            }
            """, Prelude + """
            sealed class Device : INetContextBound
            {
                public Device(NetContext net) => Net = net;
                public NetContext Net { get; }
                public void Transmit() => Counters.Of(this.Net).sent++;
            }
            """);
}
