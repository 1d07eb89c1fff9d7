using VerifyReadonly = PerNet.Analyzers.Tests.CSharpAnalyzerVerifier<PerNet.Analyzers.StaticReadonlyMutableValueAnalyzer>;

namespace PerNet.Analyzers.Tests;

/// <summary>
/// The boundaries of "a callback handed another assembly's method with its state gets that state" (ValueFlow), each a
/// case where the table of a static default IS written and must be reported: a delegate parameter of a type parameter
/// (an accumulator, an element, a value already stored), state that came out of the property bag through a read-only
/// view or a cast, a callback parameter given another value (deconstruction, a ref local, parentheses), a callback also
/// called directly with explicit type arguments, a dynamic parameter, local functions, StartNew, Timer, ContinueWith,
/// nested lambdas, and callbacks held in a field or a parameter. Found by an independent review of the rule; cases 1–9
/// and N01 were missed by its first version.
/// </summary>
public class CallbackStateTests
{
    private const string Protocol = """
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        """ + ReadOnlyInEffectTests.Protocol + """
        sealed class Message { public readonly Dictionary<string, object> Headers = new(); }

        """;

    private const string SetSent = """

            private static void SetSent(object carrier)
            {
                if (carrier is IDictionary<string, object> headers)
                    headers["sent"] = true;
            }
        }
        """;

    /// <summary>What a property bag holds reaches a callback that writes it (P01–P05, P09; P06–P08 below), or the table itself does (P10–P15).</summary>
    [Theory]
    [InlineData("P01_AggregateAccumulator", """
        static class Tracing
        {
            public static object Stamp(Connection connection) => Enumerable.Aggregate<object, object>(connection.ClientProperties.Values, "", (acc, value) =>
            {
                if (acc is IDictionary<string, object> table)
                    table["stamped"] = true;
                return value;
            });
        }
        """)]
    [InlineData("P02_FirstOrDefaultWithDefault", """
        static class Tracing
        {
            public static object Stamp(Connection connection) =>
                connection.ClientProperties.Values.FirstOrDefault(v => v is IDictionary<string, object> t && t.Remove("nack"), "none");
        }
        """)]
    [InlineData("P03_AddOrUpdateExistingValue", """
        static class Tracing
        {
            public static object Stamp(Connection connection) =>
                new System.Collections.Concurrent.ConcurrentDictionary<string, object>(connection.ClientProperties).AddOrUpdate("capabilities", "none", (k, old) =>
                {
                    if (old is IDictionary<string, object> t) t["x"] = true;
                    return old;
                });
        }
        """)]
    [InlineData("P04_ReadOnlyViewState", """
        static class Tracing
        {
            public static void Stamp(Connection connection) => ThreadPool.QueueUserWorkItem(SetSent, (IEnumerable<KeyValuePair<string, object>>)connection.ClientProperties["capabilities"]);
        """ + SetSent)]
    [InlineData("P05_ReadOnlyDictionaryAsState", """
        static class Tracing
        {
            public static void Stamp(Connection connection) => ThreadPool.QueueUserWorkItem(SetSent, connection.ClientProperties["capabilities"] as IReadOnlyDictionary<string, object>);
        """ + SetSent)]
    [InlineData("P09_GenericCallbackCalledWithExplicitTypeArgs", """
        static class Tracing
        {
            public static void Stamp(Message m, Task task) => task.ContinueWith(SetSent, m.Headers);
            public static void Direct(Connection c) => SetSent<int>(0, c.ClientProperties["capabilities"]);
            private static void SetSent<T>(T t, object carrier)
            {
                if (carrier is IDictionary<string, object> headers)
                    headers["sent"] = true;
            }
        }
        """)]
    [InlineData("P10_DynamicLambdaParam", """
        static class Tracing
        {
            public static void Stamp(Amqp protocol) => ThreadPool.QueueUserWorkItem((dynamic c) => { c["sent"] = true; }, protocol.Capabilities);
        }
        """)]
    [InlineData("P11_LambdaLocalFunctionCallback", """
        static class Tracing
        {
            public static void Stamp(Amqp protocol)
            {
                ThreadPool.QueueUserWorkItem(Local, protocol.Capabilities);
                static void Local(object c) { if (c is IDictionary<string, object> h) h["sent"] = true; }
            }
        }
        """)]
    [InlineData("P12_StartNewState", """
        static class Tracing
        {
            public static Task Stamp(Amqp protocol) => Task.Factory.StartNew(s => { ((IDictionary<string, object>)s!)["sent"] = true; }, protocol.Capabilities);
        }
        """)]
    [InlineData("P13_TimerCallbackState", """
        static class Tracing
        {
            public static Timer Stamp(Amqp protocol) => new Timer(SetSent, protocol.Capabilities, 0, 0);
        """ + SetSent)]
    [InlineData("P14_ContinueWithAsyncState", """
        static class Tracing
        {
            public static Task Stamp(Amqp protocol) => Task.Factory.StartNew(_ => { }, protocol.Capabilities).ContinueWith(t => { if (t.AsyncState is IDictionary<string, object> d) d["x"] = true; });
        }
        """)]
    [InlineData("P15_DiscardLambdaNested", """
        static class Tracing
        {
            public static void Stamp(Amqp protocol) => ThreadPool.QueueUserWorkItem(_ => ThreadPool.QueueUserWorkItem(o => { if (o is Dictionary<string, object> h) h.Clear(); }, _), protocol.Capabilities);
        }
        """)]
    public Task ThroughThePropertyBag_Reported(string name, string code) { _ = name; return VerifyReadonly.VerifyAnalyzerAsync(Protocol + code, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Protocols.Default", "Amqp", TestReferences.NoRuntime)); }

    /// <summary>
    /// The callback is handed typed headers, then gives its parameter what the property bag holds before it casts it back:
    /// by deconstruction, through a ref local, by a parenthesized assignment.
    /// </summary>
    [Theory]
    [InlineData("(carrier, _) = (Current.ClientProperties[\"capabilities\"], 0);")]
    [InlineData("ref object r = ref carrier; r = Current.ClientProperties[\"capabilities\"];")]
    [InlineData("(carrier) = Current.ClientProperties[\"capabilities\"];")]
    public Task CallbackParameterGivenAValueOfThePropertyBag_Reported(string reassign) => VerifyReadonly.VerifyAnalyzerAsync(Protocol + $$"""
        static class Tracing
        {
            internal static Connection Current = null!;
            public static void Stamp(Message m) => ThreadPool.QueueUserWorkItem(SetSent, m.Headers);
            private static void SetSent(object carrier)
            {
                {{reassign}}
                if (carrier is IDictionary<string, object> headers)
                    headers["sent"] = true;
            }
        }
        """, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Protocols.Default", "Amqp", TestReferences.NoRuntime));

    /// <summary>The table handed as state to a callback that writes it, the callback held in a field or parameter, or generic.</summary>
    [Theory]
    [InlineData("N01_DelegateFieldCallback", """
        static class Tracing
        {
            static readonly WaitCallback Cb = SetSent;
            public static void Stamp(Amqp p) => ThreadPool.QueueUserWorkItem(Cb, p.Capabilities);
        """ + SetSent)]
    [InlineData("N02_GenericStateOwnCallback", """
        static class Tracing
        {
            public static void Stamp(Amqp p) => ThreadPool.QueueUserWorkItem(h => h["sent"] = true, p.Capabilities, false);
        }
        """)]
    [InlineData("N03_DelegateParamCallback", """
        static class Tracing
        {
            public static void Stamp(Amqp p) => Run(SetSent, p);
            static void Run(WaitCallback cb, Amqp p) => ThreadPool.QueueUserWorkItem(cb, p.Capabilities);
        """ + SetSent)]
    [InlineData("N04_BoxedToSystemWithoutCallback_CastElsewhere", """
        static class Tracing
        {
            public static void Stamp(Amqp p, SynchronizationContext ctx) => ctx.Post(SetSent, p.Capabilities);
        """ + SetSent)]
    public Task HandedToACallback_Reported(string name, string code) { _ = name; return VerifyReadonly.VerifyAnalyzerAsync(Protocol + code, VerifyReadonly.Diagnostic().WithLocation(0).WithArguments("field", "Protocols.Default", "Amqp", TestReferences.NoRuntime)); }
}
