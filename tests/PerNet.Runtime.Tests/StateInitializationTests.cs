namespace PerNet.Runtime.Tests;

/// <summary>
/// A state's own initialization (its field initializers and constructor, where the migration puts a type's static
/// initialization) runs with the context it is built for: code it calls that reads the same state gets the
/// instance being built, code that reads the ambient context reads that context, other threads wait for it.
/// </summary>
public class StateInitializationTests
{
    /// <summary>Registers its defaults through code that reads the state as any caller would: <c>Of(net)</c>.</summary>
    private sealed class Registry : PerNet<Registry>
    {
        public readonly List<string> Names = new();
        public readonly int Size;
        public readonly NetContext AmbientWhileBuilt;

        public Registry()
        {
            Size = Names.Count + 8;
            Add(Net, "lo");            // the static constructor's "register the default device"
            AddAmbient("loopback");     // the ambient style's State.Current
            AmbientWhileBuilt = NetContext.Current;
            Thread.Sleep(50);          // long enough for another thread to ask meanwhile
        }

        public static void Add(NetContext net, string name) => Of(net).Names.Add(name + Of(net).Size);

        public static void AddAmbient(string name) => Current.Names.Add(name);
    }

    /// <summary>A state whose initialization creates another state of the same context on demand.</summary>
    private sealed class Routes : PerNet<Routes>
    {
        public readonly int DevicesAtInit = Registry.Of(NetContext.Current).Names.Count;
    }

    [Fact]
    public void InitializationReadingItsOwnState_GetsTheInstanceBeingBuilt_InItsContext()
    {
        using var net = NetContext.Create();

        var registry = Registry.Of(net);

        Assert.Equal(["lo8", "loopback"], registry.Names);
        Assert.Same(net, registry.AmbientWhileBuilt);
        Assert.Same(registry, Registry.Of(net));
        Assert.Same(NetContext.Initial, NetContext.Current); // the context entered for the build was left
    }

    [Fact]
    public void EachContext_RunsTheInitializationOnceWithItsOwn()
    {
        using var a = NetContext.Create();
        using var b = NetContext.Create();

        Registry.Add(a, "eth");

        Assert.Equal(["lo8", "loopback", "eth8"], Registry.Of(a).Names);
        Assert.Equal(["lo8", "loopback"], Registry.Of(b).Names);
        Assert.Same(b, Registry.Of(b).AmbientWhileBuilt);
    }

    [Fact]
    public async Task AnotherThreadAskingWhileTheStateIsBuilt_WaitsForTheFinishedState()
    {
        using var net = NetContext.Create();
        Registry? seen = null;
        using var started = new ManualResetEventSlim();
        var builder = Task.Run(() =>
        {
            started.Set();
            return Registry.Of(net);
        });
        started.Wait();
        Thread.Sleep(10); // the builder is inside the constructor (it sleeps 50 ms there)
        var reader = Task.Run(() => seen = Registry.Of(net));

        await Task.WhenAll(builder, reader);

        Assert.Same(await builder, seen);
        Assert.Equal(2, seen!.Names.Count); // never a half-built state
    }

    [Fact]
    public void InitializationCreatingAnotherStateOfTheContext_CreatesItOnDemand()
    {
        using var net = NetContext.Create();

        Routes routes;
        using (net.Enter())
            routes = Routes.Of(net);

        Assert.Equal(2, routes.DevicesAtInit);
    }

    [Fact]
    public void AStateMadeWithNew_IsNotVisibleAsAnyContextsState()
    {
        using var net = NetContext.Create();

        Assert.Throws<InvalidOperationException>(() => new Registry());
        Assert.Equal(["lo8", "loopback"], Registry.Of(net).Names);
    }
}
