using System.Reflection;
using Microsoft.CodeAnalysis;
using PerNet.CodeFixes.Migration;

namespace PerNet.Analyzers.Tests;

/// <summary>
/// Static initialization that needs a context (an initializer that calls code reading moved state, a static
/// constructor that registers defaults through the type's own methods) runs in the state's constructor with the
/// context the state is built for, in the original order — the kernel's <c>ops->init(net)</c> — instead of being
/// refused. What it reads of its own state is the instance being built (the runtime makes it visible).
/// </summary>
public class InitializationWithContextTests
{
    private const string Devices = """
        using System.Collections.Generic;

        public static class Devices
        {
            static readonly List<string> names = new();
            static int unit = 4;
            static int size = Size();

            static Devices()
            {
                Add("lo");
            }

            static int Size() => unit * 2;

            public static void Add(string name) => names.Add(name + size);

            public static int Count() => names.Count;

            public static string First() => names[0];

            public static void SetUnit(int value) => unit = value;

            public static void Grow() => size++;
        }
        """;

    [Fact]
    public async Task Explicit_InitializerAndStaticConstructorRunInTheStateWithItsContext()
    {
        var texts = await MigrationHarness.MigrateTextsAsync(MigrationStyle.Explicit, Devices);

        Assert.Equal("""
            using System.Collections.Generic;
            using PerNet;

            public static class Devices
            {
                sealed class State : PerNet<State>
                {
                    public readonly List<string> names;
                    public int unit;
                    public int size;

                    public State()
                    {
                        names = new();
                        unit = 4;
                        size = Size(Net);
                        Add(Net, "lo");
                    }
                }

                static int Size(NetContext net) => State.Of(net).unit * 2;

                public static void Add(NetContext net, string name) => State.Of(net).names.Add(name + State.Of(net).size);

                [System.Obsolete("Pass a NetContext: this overload uses NetContext.Current (the initial context outside NetContext.Enter).")]
                public static void Add(string name) => Add(NetContext.Current, name);

                public static int Count(NetContext net) => State.Of(net).names.Count;

                [System.Obsolete("Pass a NetContext: this overload uses NetContext.Current (the initial context outside NetContext.Enter).")]
                public static int Count() => Count(NetContext.Current);

                public static string First(NetContext net) => State.Of(net).names[0];

                [System.Obsolete("Pass a NetContext: this overload uses NetContext.Current (the initial context outside NetContext.Enter).")]
                public static string First() => First(NetContext.Current);

                public static void SetUnit(NetContext net, int value) => State.Of(net).unit = value;

                [System.Obsolete("Pass a NetContext: this overload uses NetContext.Current (the initial context outside NetContext.Enter).")]
                public static void SetUnit(int value) => SetUnit(NetContext.Current, value);

                public static void Grow(NetContext net) => State.Of(net).size++;

                [System.Obsolete("Pass a NetContext: this overload uses NetContext.Current (the initial context outside NetContext.Enter).")]
                public static void Grow() => Grow(NetContext.Current);
            }
            """, texts[0]);
    }

    /// <summary>
    /// An expression-bodied static constructor that sizes the type's state through its own method (a message type's
    /// <c>static Message() => UpdateSizes(Default);</c>) becomes the state's constructor and passes it its own context.
    /// It once kept the call without one (CS7036) and the whole type was rolled back.
    /// </summary>
    [Fact]
    public async Task Explicit_ExpressionBodiedStaticConstructor_PassesTheStatesOwnContext()
    {
        var texts = await MigrationHarness.MigrateTextsAsync(MigrationStyle.Explicit, """
            public class Message
            {
                const int Default = 1225;
                static byte[] buffer;
                static int maxSize;

                static Message() => UpdateSizes(Default);

                public static void UpdateSizes(int payload)
                {
                    maxSize = payload + 2;
                    buffer = new byte[maxSize];
                }
            }
            """);

        Assert.Equal("""
            using PerNet;

            public class Message
            {
                sealed class State : PerNet<State>
                {
                    public byte[] buffer;
                    public int maxSize;

                    public State()
                    {
                        UpdateSizes(Net, Default);
                    }
                }

                const int Default = 1225;

                public static void UpdateSizes(NetContext net, int payload)
                {
                    State.Of(net).maxSize = payload + 2;
                    State.Of(net).buffer = new byte[State.Of(net).maxSize];
                }

                [System.Obsolete("Pass a NetContext: this overload uses NetContext.Current (the initial context outside NetContext.Enter).")]
                public static void UpdateSizes(int payload) => UpdateSizes(NetContext.Current, payload);
            }
            """, texts[0]);
    }

    [Fact]
    public async Task Ambient_InitializerAndStaticConstructorRunInTheState()
    {
        var texts = await MigrationHarness.MigrateTextsAsync(MigrationStyle.Ambient, Devices);

        Assert.Equal("""
            using System.Collections.Generic;
            using PerNet;

            public static class Devices
            {
                sealed class State : PerNet<State>
                {
                    public readonly List<string> names;
                    public int unit;
                    public int size;

                    public State()
                    {
                        names = new();
                        unit = 4;
                        size = Size();
                        Add("lo");
                    }
                }

                static int Size() => State.Current.unit * 2;

                public static void Add(string name) => State.Current.names.Add(name + State.Current.size);

                public static int Count() => State.Current.names.Count;

                public static string First() => State.Current.names[0];

                public static void SetUnit(int value) => State.Current.unit = value;

                public static void Grow() => State.Current.size++;
            }
            """, texts[0]);
    }

    /// <summary>
    /// The migrated code run: every context gets its default device, registered once, named with the size its own
    /// initializer computed from the state being built; a change in one context is not seen in another.
    /// </summary>
    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task Migrated_EachContextInitializesItsOwnDefaults(MigrationStyle style)
    {
        var solution = MigrationHarness.CreateSolution(Devices);
        var result = await MigrationHarness.MigrateAllAsync(solution, style);
        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        var devices = (await MigrationHarness.LoadAsync(result.Solution!, "App")).GetType("Devices", throwOnError: true)!;

        using var a = NetContext.Create();
        using var b = NetContext.Create();
        Assert.Equal((1, "lo8"), (Call<int>(devices, style, a, "Count"), Call<string>(devices, style, a, "First")));
        Call<object>(devices, style, a, "Add", "eth");
        Call<object>(devices, style, a, "SetUnit", 10);
        Assert.Equal(2, Call<int>(devices, style, a, "Count"));
        Assert.Equal((1, "lo8"), (Call<int>(devices, style, b, "Count"), Call<string>(devices, style, b, "First")));
    }

    private static T Call<T>(Type type, MigrationStyle style, NetContext net, string name, params object[] arguments)
    {
        if (style == MigrationStyle.Explicit)
        {
            var method = type.GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Single(m => m.Name == name && m.GetParameters().FirstOrDefault()?.ParameterType == typeof(NetContext));
            return (T)method.Invoke(null, arguments.Prepend(net).ToArray())!;
        }

        using (net.Enter())
            return (T)type.GetMethod(name, BindingFlags.Public | BindingFlags.Static)!.Invoke(null, arguments)!;
    }
}
