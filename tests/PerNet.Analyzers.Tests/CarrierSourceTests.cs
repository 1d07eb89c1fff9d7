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
}
