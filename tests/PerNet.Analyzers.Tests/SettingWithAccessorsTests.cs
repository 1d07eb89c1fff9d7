using System.Reflection;
using PerNet.CodeFixes.Migration;

namespace PerNet.Analyzers.Tests;

/// <summary>
/// A setting with its own accessors (<c>static bool UseKey { get =&gt; s_options.UseKey; set =&gt; .. }</c>) holds
/// nothing itself; what it changes moves. Left static, its accessors read the state of one context — in the explicit
/// style always the first (<c>NetContext.Initial</c>) — so the library's own code that reads it saw the first
/// context's setting in every context (a tracing option of a messaging library labelled before the tool ran). It
/// moves with its accessors: they become the state's code, its readers read their own context's setting.
/// </summary>
public class SettingWithAccessorsTests
{
    /// <summary>A setting over a field of options (also the source of the single-fix test, MoveToContextOfferTests).</summary>
    internal const string Tracing = """
        public sealed class TracingOptions
        {
            public bool UseKey { get; set; }
        }

        public static class Tracing
        {
            private static readonly TracingOptions s_options = new TracingOptions();

            public static bool UseKey
            {
                get => s_options.UseKey;
                set => s_options.UseKey = value;
            }

            public static string Name(string key) => UseKey ? "publish " + key : "publish";
        }
        """;

    [Fact]
    public async Task Explicit_TheSettingMovesWithItsAccessors_ItsReadersTakeAContext()
    {
        var texts = await MigrationHarness.MigrateTextsAsync(MigrationStyle.Explicit, Tracing);

        Assert.Equal("""
            using PerNet;

            public sealed class TracingOptions
            {
                public bool UseKey { get; set; }
            }

            public static class Tracing
            {
                public sealed class State : PerNet<State>
                {
                    internal readonly TracingOptions s_options = new TracingOptions();

                    public bool UseKey
                    {
                        get => s_options.UseKey;
                        set => s_options.UseKey = value;
                    }
                }

                [System.Obsolete("Per-context state: use State.Of(net).UseKey; this property reads and writes the state of NetContext.Current (the initial context outside NetContext.Enter).")]
                public static bool UseKey { get => State.Current.UseKey; set => State.Current.UseKey = value; }

                public static string Name(NetContext net, string key) => State.Of(net).UseKey ? "publish " + key : "publish";

                [System.Obsolete("Pass a NetContext: this overload uses NetContext.Current (the initial context outside NetContext.Enter).")]
                public static string Name(string key) => Name(NetContext.Current, key);
            }
            """, texts[0]);
    }

    [Fact]
    public async Task Ambient_TheSettingMovesWithItsAccessors()
    {
        var texts = await MigrationHarness.MigrateTextsAsync(MigrationStyle.Ambient, Tracing);

        Assert.Equal("""
            using PerNet;

            public sealed class TracingOptions
            {
                public bool UseKey { get; set; }
            }

            public static class Tracing
            {
                public sealed class State : PerNet<State>
                {
                    internal readonly TracingOptions s_options = new TracingOptions();

                    public bool UseKey
                    {
                        get => s_options.UseKey;
                        set => s_options.UseKey = value;
                    }
                }

                [System.Obsolete("Per-context state: use State.Of(net).UseKey; this property reads and writes the state of NetContext.Current (the initial context outside NetContext.Enter).")]
                public static bool UseKey { get => State.Current.UseKey; set => State.Current.UseKey = value; }

                public static string Name(string key) => State.Current.UseKey ? "publish " + key : "publish";
            }
            """, texts[0]);
    }

    /// <summary>
    /// An accessor its type restricted (<c>{ get; private set; }</c>) stays restricted in a public state class: internal, so
    /// the type's own code still sets it and other assemblies cannot (before, it moved as <c>public set</c>).
    /// </summary>
    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task AccessorMoreRestrictedThanItsProperty_InternalInThePublicStateClass(MigrationStyle style)
    {
        var result = await MigrationHarness.MigrateAllAsync(MigrationHarness.CreateSolution("""
            public class Limits
            {
                public static int Max { get; private set; } = 5;
                public static int Min { get; protected internal set; }

                public static void Raise() { Max++; Min--; }
            }
            """), style);

        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        var text = (await result.Solution!.Projects.Single().Documents.Single().GetTextAsync()).ToString();
        Assert.Contains("public sealed class State : PerNet<State>", text);
        Assert.Contains("public int Max { get; internal set; } = 5;", text);
        Assert.Contains("public int Min { get; internal set; }", text);
        Assert.Empty(await MigrationHarness.ErrorsAsync(result.Solution));
    }

    /// <summary>
    /// A name the accessors use that the state class inherits from <c>PerNet&lt;T&gt;</c> (<c>Of</c>, <c>Current</c>, <c>Net</c>)
    /// is qualified with the type once the accessors are the state's code: bare, <c>Of(value)</c> would call <c>State.Of</c>.
    /// </summary>
    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task AccessorsUsingANameTheStateInherits_QualifiedWithTheType(MigrationStyle style)
    {
        var result = await MigrationHarness.MigrateAllAsync(MigrationHarness.CreateSolution("""
            public sealed class TracingOptions { public int Level { get; set; } }

            public static class Tracing
            {
                private static readonly TracingOptions s_options = new TracingOptions();

                private static int Of(int level) => level < 0 ? 0 : level;

                public static int Level
                {
                    get => s_options.Level;
                    set => s_options.Level = Of(value);
                }
            }
            """), style);

        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        var text = (await result.Solution!.Projects.Single().Documents.Single().GetTextAsync()).ToString();
        Assert.Contains("set => s_options.Level = Tracing.Of(value);", text);
    }

    /// <summary>The setting and the state it changes in two parts of a partial type (two files): it still moves with that state.</summary>
    [Fact]
    public async Task SettingInAnotherPartOfThePartialType_MovesWithTheState()
    {
        var result = await MigrationHarness.MigrateAllAsync(MigrationHarness.CreateSolution("""
            public sealed class TracingOptions { public int Level { get; set; } }

            public static partial class Tracing
            {
                private static readonly TracingOptions s_options = new TracingOptions();
            }
            """, """
            public static partial class Tracing
            {
                public static int Level
                {
                    get => s_options.Level;
                    set => s_options.Level = value;
                }

                public static int Twice() => Level * 2;
            }
            """), MigrationStyle.Explicit);

        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        var texts = await Task.WhenAll(result.Solution!.Projects.Single().Documents.Select(async d => (await d.GetTextAsync()).ToString()));
        Assert.Contains(texts, t => t.Contains("public static int Twice(NetContext net) => State.Of(net).Level * 2;", StringComparison.Ordinal));
    }

    /// <summary>The migrated code run: a setting changed in one context is what that context's own code reads, and not another's.</summary>
    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task Migrated_EachContextReadsItsOwnSetting(MigrationStyle style)
    {
        var result = await MigrationHarness.MigrateAllAsync(MigrationHarness.CreateSolution(Tracing), style);
        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        var tracing = (await MigrationHarness.LoadAsync(result.Solution!, "App")).GetType("Tracing", throwOnError: true)!;
        var setting = tracing.GetProperty("UseKey", BindingFlags.Public | BindingFlags.Static)!;

        using var a = NetContext.Create();
        using var b = NetContext.Create();
        using (a.Enter())
            setting.SetValue(null, true); // the kept property: the caller's ambient context
        Assert.Equal("publish k", Name(tracing, style, a, "k"));
        Assert.Equal("publish", Name(tracing, style, b, "k"));
    }

    private static string Name(System.Type type, MigrationStyle style, NetContext net, string key)
    {
        if (style == MigrationStyle.Explicit)
            return (string)type.GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Single(m => m.Name == "Name" && m.GetParameters().FirstOrDefault()?.ParameterType == typeof(NetContext))
                .Invoke(null, new object[] { net, key })!;
        using (net.Enter())
            return (string)type.GetMethod("Name", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, new object[] { key })!;
    }
}
