using PerNet.CodeFixes.Migration;

namespace PerNet.Analyzers.Tests;

/// <summary>
/// Generated code compiles where real code lives: every type the migration introduces is written fully qualified and
/// shortened only where the short name binds the same — inside a namespace <c>Acme.System</c> (where <c>System</c> is
/// <c>Acme.System</c>), beside user types named <c>Lazy</c>, <c>Net</c>, <c>Current</c> and <c>NetContext</c>.
/// </summary>
public class GeneratedCodeHygieneTests
{
    private const string Sources = """
        using System.Collections.Generic;

        namespace Acme.System
        {
            public sealed class Lazy { }
            public sealed class Net { public int Mtu = 1500; }
            public sealed class Current { }

            public sealed class Crc
            {
                private readonly int seed;
                public Crc() => seed = Table.Seed();
                public int Seed => seed;
            }

            public static class Table
            {
                static int seed = 7;
                public static readonly Crc Default = new Crc();
                public static Net Link = new Net();
                [global::System.ThreadStatic] static int depth;

                public static int Seed() => seed + depth++;

                public static void Reseed(int value) => seed = value;

                public static int Mtu() => Link.Mtu;
            }
        }
        """;

    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task NamespaceNamedSystem_AndTypesNamedLikeTheRuntimes_Compile(MigrationStyle style)
    {
        var text = (await MigrationHarness.MigrateTextsAsync(style, Sources))[0];

        // Every generated System type is qualified so that it binds to the BCL's: System here is Acme.System.
        Assert.DoesNotContain("[System.Obsolete", text);
        Assert.DoesNotContain(" System.Lazy<", text);
        Assert.DoesNotContain(" System.Threading.ThreadLocal<", text);
        if (style == MigrationStyle.Explicit)
            Assert.Contains("[global::System.Obsolete(", text);
        Assert.Contains("internal readonly global::System.Threading.ThreadLocal<int> depth = new global::System.Threading.ThreadLocal<int>();", text);
        Assert.DoesNotContain("ThreadStatic", text); // [global::System.ThreadStatic] dropped like [ThreadStatic]
        Assert.Contains("public Net Link = new Net();", text); // the user's Net, not PerNet<State>.Net
    }

    [Fact]
    public async Task AUserTypeNamedNetContext_TheRuntimesIsQualifiedWhereItWouldBindToIt()
    {
        var text = (await MigrationHarness.MigrateTextsAsync(MigrationStyle.Explicit, """
            namespace Acme
            {
                public readonly struct NetContext { }

                public static class Counters
                {
                    static int sent;
                    public static int Send(NetContext local) => ++sent;
                }
            }
            """))[0];

        Assert.Equal("""
            using PerNet;

            namespace Acme
            {
                public readonly struct NetContext { }

                public static class Counters
                {
                    sealed class State : global::PerNet.PerNet<State>
                    {
                        public int sent;
                    }

                    public static int Send(global::PerNet.NetContext net, NetContext local) => ++State.Of(net).sent;

                    [System.Obsolete("Pass a NetContext: this overload uses NetContext.Current (the initial context outside NetContext.Enter).")]
                    public static int Send(NetContext local) => Send(global::PerNet.NetContext.Current, local);
                }
            }
            """, text);
    }

    /// <summary>An array initializer is valid only in a declaration: moved into the state's constructor it becomes an array creation.</summary>
    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task ArrayInitializerMovedIntoTheConstructor_BecomesAnArrayCreation(MigrationStyle style)
    {
        var text = (await MigrationHarness.MigrateTextsAsync(style, """
            static class Routes
            {
                static int count = 2;
                static int[] sizes = { count, 4 };
                [System.ThreadStatic] static int[]? last;

                public static void Add(int size) { sizes[0] = size; count++; last = sizes; }
                public static int Sum() => sizes[0] + count + (last?[0] ?? 0);
            }
            """))[0];

        Assert.Contains("sizes = new int[] { count, 4 };", text);
        Assert.DoesNotContain("sizes = {", text);
    }

    /// <summary>A CLS-compliant library stays warning-free: the runtime it now uses (NetContext, PerNet&lt;T&gt;) is CLS-compliant.</summary>
    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task ClsCompliantLibrary_NoClsWarningsAfterMigration(MigrationStyle style)
    {
        var solution = MigrationHarness.CreateSolution("""
            [assembly: System.CLSCompliant(true)]

            namespace Acme
            {
                public static class Ports
                {
                    public static int Next;
                    public static int Allocate() => Next++;
                }
            }
            """);
        var result = await MigrationHarness.MigrateAllAsync(solution, style);
        Assert.True(result.Succeeded, string.Join("\n", result.Problems));

        var compilation = (await result.Solution!.Projects.Single().GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Id.StartsWith("CS30", StringComparison.Ordinal)).Select(d => d.ToString()));
    }

    /// <summary>The state class is never more visible than a moved member's type (CS0052): a private nested entry type keeps it private.</summary>
    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task MovedMemberOfAPrivateNestedType_StateClassNoMoreVisibleThanIt(MigrationStyle style)
    {
        var text = (await MigrationHarness.MigrateTextsAsync(style, """
            using System.Collections.Generic;

            public static class Neighbours
            {
                private sealed class Entry { public int Mac; }

                private static readonly Dictionary<int, Entry> entries = new();
                public static int Count;

                public static void Learn(int ip, int mac) { entries[ip] = new Entry { Mac = mac }; Count++; }
            }
            """))[0];

        Assert.Contains("sealed class State : PerNet<State>", text);
        Assert.DoesNotContain("public sealed class State", text);
    }

    /// <summary>
    /// A private nested class's public static of its own type (a serializer's per-type cache, <c>ClassInfo&lt;T&gt;.Instance</c>),
    /// read by the class that contains it: the state class may be public inside the private class (it is seen only where
    /// that class is), and must be, for the container to reach it (a private one was CS0122).
    /// </summary>
    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task PublicStaticOfAPrivateNestedType_ReadByItsContainer_StateClassReachable(MigrationStyle style)
    {
        var text = (await MigrationHarness.MigrateTextsAsync(style, """
            public sealed class Serializer
            {
                private sealed class ClassInfo<T>
                {
                    public static ClassInfo<T>? Instance;
                    public int Count;
                }

                public static int Register<T>()
                {
                    if (ClassInfo<T>.Instance != null)
                        return ++ClassInfo<T>.Instance.Count;
                    ClassInfo<T>.Instance = new ClassInfo<T>();
                    return 0;
                }
            }
            """))[0];

        Assert.Contains("public sealed class State : PerNet<State>", text);
    }

    /// <summary>
    /// Moved initializers that name statics which stay, called like members the state class inherits
    /// (<c>Current</c> of <c>PerNet&lt;T&gt;</c>): qualified, so they still read the outer type's field
    /// (unqualified, <c>Current + "!"</c> compiled and concatenated the state object). A name the state class does
    /// not inherit (<c>Count</c>) is left as written.
    /// </summary>
    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task NamesTheStateClassInherits_AreQualifiedInMovedCode(MigrationStyle style)
    {
        var text = (await MigrationHarness.MigrateTextsAsync(style, """
            namespace Hy;
            public static class Pool
            {
                public const int Count = 8;
                public static readonly string Current = "cur";
                private static int[] slots = new int[Count];
                private static string label = Current + "!";
                public static int Use() { slots[0]++; label += "x"; return slots.Length + label.Length; }
            }
            """))[0];

        Assert.Contains("public int[] slots = new int[Count];", text);
        Assert.Contains("public string label = Pool.Current + \"!\";", text);
    }

    /// <summary>
    /// A moved initializer that reads another type's moved state (<c>Octets.Empty</c>) reads that state of the context being
    /// set up (<c>Octets.State.Of(Net)</c>); before, it was taken for the state's own member and written bare, where the
    /// name bound to the enclosing type's static of the same name (CS1503 on a real SNMP library).
    /// </summary>
    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task MovedInitializerReadingAnotherTypesState_ReadsItForTheContextBeingSetUp(MigrationStyle style)
    {
        var texts = await MigrationHarness.MigrateTextsAsync(style, """
            namespace Hy;
            public sealed class Octets
            {
                public byte[] Raw = new byte[0];
                public static Octets Empty { get; } = new();
            }
            public sealed class Registry { public System.Collections.Generic.List<Octets> Users = new(); }
            public sealed class Parameters
            {
                public Octets Engine;
                public Parameters(Octets engine) { Engine = engine; }
            }
            public static class Discovery
            {
                public static readonly Registry Empty = new();
                private static readonly Parameters Default = new(Octets.Empty);
                public static Octets Engine() { Empty.Users.Add(Default.Engine); Default.Engine.Raw = new byte[1]; return Default.Engine; }
            }
            """);
        var text = string.Join("\n", texts);

        Assert.Contains("Default = new(Octets.State.Of(Net).Empty);", text); // in the state's constructor, where Net is the context being set up
    }

    /// <summary>
    /// Moved statics named like the accessors the state class inherits (<c>Current</c>, <c>Of</c>): they hide them in
    /// the state class (declared <c>new</c>), and the state is reached through its base, <c>PerNet&lt;State&gt;.Current</c>
    /// (before, the result did not compile, CS0120, and the type was rolled back).
    /// </summary>
    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task MovedStaticsNamedLikeTheInheritedAccessors_ReachTheStateThroughItsBase(MigrationStyle style)
    {
        var text = (await MigrationHarness.MigrateTextsAsync(style, """
            namespace Hy;
            public static class Pool
            {
                private static int Count;
                public static object? Current;
                public static int Use() { Count++; Current = Count; return Count; }
            }
            """))[0];

        Assert.Contains("public new object? Current;", text);
        Assert.Contains(style == MigrationStyle.Explicit ? "PerNet<State>.Of(net)" : "PerNet<State>.Current", text);
    }
}
