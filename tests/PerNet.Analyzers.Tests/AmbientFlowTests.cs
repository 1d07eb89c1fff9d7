using PerNet;

namespace PerNet.Analyzers.Tests;

/// <summary>
/// PN0101's catalog checked against the runtime: each hand-off API runs a callback that records
/// <c>NetContext.Current</c>, scheduled inside <c>using (ctx.Enter())</c> and triggered outside it.
/// "Never" APIs must lose the context; "captured at call" APIs must keep it, and lose it when
/// <c>ExecutionContext.SuppressFlow</c> is in effect at the call.
/// </summary>
public class AmbientFlowTests
{
    /// <summary>Schedules the callback; returns what triggers it later (outside the entered scope), if anything.</summary>
    private delegate Action? Probe(Action callback);

    private static readonly List<object> s_keepAlive = new();

    private static readonly Dictionary<(string Type, string Member), Probe> s_probes = new()
    {
        [("System.Threading.ThreadPool", "UnsafeQueueUserWorkItem")] = callback =>
        {
            ThreadPool.UnsafeQueueUserWorkItem(_ => callback(), null);
            return null;
        },
        [("System.Threading.ThreadPool", "UnsafeRegisterWaitForSingleObject")] = callback =>
        {
            var signal = new ManualResetEvent(false);
            ThreadPool.UnsafeRegisterWaitForSingleObject(signal, (_, _) => callback(), null, Timeout.Infinite, executeOnlyOnce: true);
            return () => signal.Set();
        },
        [("System.Threading.Thread", "UnsafeStart")] = callback =>
        {
            new Thread(() => callback()).UnsafeStart();
            return null;
        },
        [("System.Threading.CancellationToken", "UnsafeRegister")] = callback =>
        {
            var source = new CancellationTokenSource();
            source.Token.UnsafeRegister(_ => callback(), null);
            return () => source.Cancel();
        },
        [("System.Threading.Tasks.Task", "Run")] = callback =>
        {
            Task.Run(callback);
            return null;
        },
        [("System.Threading.Tasks.TaskFactory", "StartNew")] = callback =>
        {
            Task.Factory.StartNew(callback, CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default);
            return null;
        },
        [("System.Threading.Tasks.TaskFactory`1", "StartNew")] = callback =>
        {
            Task<int>.Factory.StartNew(() => { callback(); return 0; }, CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default);
            return null;
        },
        [("System.Threading.Tasks.Task", "ContinueWith")] = callback =>
        {
            var antecedent = new TaskCompletionSource();
            ((Task)antecedent.Task).ContinueWith(_ => callback(), TaskScheduler.Default);
            return () => antecedent.SetResult();
        },
        [("System.Threading.Tasks.Task`1", "ContinueWith")] = callback =>
        {
            var antecedent = new TaskCompletionSource<int>();
            antecedent.Task.ContinueWith(_ => callback(), TaskScheduler.Default);
            return () => antecedent.SetResult(1);
        },
        [("System.Threading.ThreadPool", "QueueUserWorkItem")] = callback =>
        {
            ThreadPool.QueueUserWorkItem(_ => callback(), null);
            return null;
        },
        [("System.Threading.ThreadPool", "RegisterWaitForSingleObject")] = callback =>
        {
            var signal = new ManualResetEvent(false);
            ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => callback(), null, Timeout.Infinite, executeOnlyOnce: true);
            return () => signal.Set();
        },
        [("System.Threading.Thread", "Start")] = callback =>
        {
            new Thread(() => callback()).Start();
            return null;
        },
        [("System.Threading.Timer", ".ctor")] = callback =>
        {
            lock (s_keepAlive)
                s_keepAlive.Add(new Timer(_ => callback(), null, 10, Timeout.Infinite));
            return null;
        },
        [("System.Threading.CancellationToken", "Register")] = callback =>
        {
            var source = new CancellationTokenSource();
            source.Token.Register(callback);
            return () => source.Cancel();
        },
    };

    public static TheoryData<string, string> Catalog()
    {
        var data = new TheoryData<string, string>();
        foreach (var handOff in AmbientHandOffs.All)
            data.Add(handOff.TypeMetadataName, handOff.Member);
        return data;
    }

    [Theory]
    [MemberData(nameof(Catalog))]
    public async Task CatalogEntry_BehavesAsListed(string type, string member)
    {
        var handOff = AmbientHandOffs.All.Single(h => h.TypeMetadataName == type && h.Member == member);
        Assert.True(s_probes.TryGetValue((type, member), out var probe), $"no runtime probe for {handOff.DisplayName}: every catalog entry must be checked");

        if (handOff.Flow == ContextFlow.Never)
        {
            Assert.False(await FlowsAsync(probe, suppressFlow: false), $"{handOff.DisplayName} is listed as never flowing, but the callback saw the context");
        }
        else
        {
            Assert.True(await FlowsAsync(probe, suppressFlow: false), $"{handOff.DisplayName} is listed as flowing, but the callback lost the context");
            Assert.False(await FlowsAsync(probe, suppressFlow: true), $"{handOff.DisplayName} kept the context under SuppressFlow");
        }
    }

    [Fact]
    public async Task AwaitConfigureAwaitFalse_Flows()
    {
        using var net = NetContext.Create();
        using (net.Enter())
        {
            Assert.Same(net, await AfterConfigureAwaitFalseAsync());
        }
    }

    private static async Task<NetContext> AfterConfigureAwaitFalseAsync()
    {
        await Task.Delay(1).ConfigureAwait(false);
        return NetContext.Current;
    }

    [Fact]
    public async Task ParallelForEachAsync_Flows()
    {
        using var net = NetContext.Create();
        var seen = new System.Collections.Concurrent.ConcurrentBag<NetContext>();
        using (net.Enter())
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, 8), async (_, _) =>
            {
                await Task.Yield();
                seen.Add(NetContext.Current);
            });
        }

        Assert.All(seen, c => Assert.Same(net, c));
    }

    private static async Task<bool> FlowsAsync(Probe probe, bool suppressFlow)
    {
        using var net = NetContext.Create();
        var seen = new TaskCompletionSource<NetContext>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Record() => seen.TrySetResult(NetContext.Current);
        Action? trigger;
        using (net.Enter())
        {
            if (suppressFlow)
            {
                using (ExecutionContext.SuppressFlow())
                    trigger = probe(Record);
            }
            else
            {
                trigger = probe(Record);
            }
        }

        Assert.Same(NetContext.Initial, NetContext.Current);
        trigger?.Invoke();
        var current = await seen.Task.WaitAsync(TimeSpan.FromSeconds(30));
        if (!ReferenceEquals(current, net))
            Assert.Same(NetContext.Initial, current); // lost means the default context: Initial, never a stale one
        return ReferenceEquals(current, net);
    }
}

/// <summary>The rule's docs list exactly the APIs the analyzer knows.</summary>
public class AmbientHandOffDocumentationTests
{
    [Fact]
    public void Pn0101Page_ListsEveryCatalogApi()
    {
        var page = File.ReadAllText(Path.Combine(DocumentationTests.RepositoryRoot(), "docs", "rules", "PN0101.md"));
        foreach (var handOff in AmbientHandOffs.All)
            Assert.Contains("`" + handOff.DisplayName.Replace("`1", string.Empty, StringComparison.Ordinal), page.Replace("<T>", string.Empty, StringComparison.Ordinal));
    }
}
