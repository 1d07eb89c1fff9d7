using PerNet.CodeFixes.Migration;

namespace PerNet.Analyzers.Tests;

/// <summary>
/// A carrier's context is read from what cannot be null: <c>this</c> (bound at creation) before any parameter, and never
/// from a parameter that may be null (optional with a null default, or annotated). A game client's
/// <c>Log(Message message = null, ..)</c>, called with none, crashed reading <c>message.Net</c> although <c>this.Net</c> was there.
/// </summary>
public class CarrierSourceTests
{
    [Fact]
    public async Task ThisBeforeAParameterThatDefaultsToNull()
    {
        var text = (await MigrationHarness.MigrateTextsWithAsync("pernet.context_carriers = Client, Message", MigrationStyle.Explicit, """
            #nullable disable
            public sealed class Message
            {
                public int Id;
            }

            public sealed class Client
            {
                static int logged;

                public void Connect() => Log(null, "connecting");

                public void Received(Message message) => Log(message, "received");

                private void Log(Message message = null, string text = "")
                {
                    logged++;
                    System.Console.WriteLine(text + (message?.Id ?? 0) + logged);
                }
            }
            """))[0];

        Assert.Contains("State.Of(this.Net).logged++;", text);
        Assert.DoesNotContain("message.Net", text);
    }
    /// <summary>
    /// Carriers outlive one operation: a reader and a factory made for one message and dropped are not chosen (their
    /// sites take the context through a parameter); the device they serve, kept in a registry, is.
    /// </summary>
    [Fact]
    public async Task ObjectsMadePerMessage_NotCarriers_TheDeviceKeptInARegistryIs()
    {
        var solution = MigrationHarness.CreateSolution(new MigrationHarness.Project("App", new[] { """
            using System.Collections.Generic;
            internal static class Names { static readonly Dictionary<int, string> seen = new(); public static string Intern(int id) => seen.TryGetValue(id, out var s) ? s : seen[id] = id.ToString(); }
            internal sealed class Reader
            {
                private readonly byte[] _data;
                private int _index;
                public Reader(byte[] data) => _data = data;
                public int Next() => _data[_index++];
                public string Label() => Names.Intern(Next());
                public string Nested() => new Reader(_data).Label();
            }
            internal sealed class RecordFactory
            {
                private readonly Reader _reader;
                public RecordFactory(Reader reader) => _reader = reader;
                public string Record() => Names.Intern(_reader.Next()) + _reader.Label();
            }
            internal sealed class Device
            {
                public string Name = "";
                public string Receive(byte[] datagram)
                {
                    var reader = new Reader(datagram);
                    var factory = new RecordFactory(reader);
                    return reader.Label() + factory.Record() + Names.Intern(datagram.Length);
                }
            }
            public static class Devices
            {
                static readonly List<object> all = new();
                public static void Add(string name) { var device = new Device { Name = name }; all.Add(device); }
                public static string Poll(byte[] datagram) => ((Device)all[0]).Receive(datagram);
            }
            """ }, Array.Empty<string>(), null));
        var result = await MigrationHarness.MigrateAllAsync(solution);
        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        Assert.Equal(new[] { "Device" }, result.Carriers.Types.Select(c => c.Type));
        var text = await MigrationHarness.TextAsync(result.Solution!, "App");
        Assert.Contains("public string Label(NetContext net) => Names.Intern(net, Next());", text);
        Assert.Contains("var reader = new Reader(datagram);", text);
    }
}
