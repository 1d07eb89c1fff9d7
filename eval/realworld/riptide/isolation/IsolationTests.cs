// Isolation of Riptide's per-context state through the old public API only (labels.tsv: the message sizes and
// pools, the count of running peers, the logger's settings). Two observable consequences:
// - a server and a client connect in each of two contexts (the explicit migration compiled, then a
//   client crashed on Connect: the context was read from a parameter that is null there);
// - Peer.ActiveCount guards the message size: while a server runs, changing Message.MaxPayloadSize throws. A
//   server running in one context must not lock another context's setting, and a setting changed in one
//   context is not seen in the other.
// Each test uses its own ports.
using System;
using System.Diagnostics;
using System.Threading;
using PerNet;
using Riptide;
using Xunit;

public class RiptideIsolation
{
    static bool ConnectLocally(ushort port)
    {
        var server = new Server();
        var client = new Client();
        server.Start(port, 4);
        try
        {
            client.Connect($"127.0.0.1:{port}");
            var watch = Stopwatch.StartNew();
            while (!client.IsConnected && watch.Elapsed < TimeSpan.FromSeconds(5))
            {
                server.Update();
                client.Update();
                Thread.Sleep(5);
            }

            return client.IsConnected && server.ClientCount == 1;
        }
        finally
        {
            client.Disconnect();
            server.Stop();
        }
    }

    [Fact]
    public void A_server_and_a_client_connect_in_each_of_two_contexts()
    {
        using var a = NetContext.Create();
        using var b = NetContext.Create();
        using (a.Enter())
            Assert.True(ConnectLocally(17761));
        using (b.Enter())
            Assert.True(ConnectLocally(17762));
    }

    [Fact]
    public void A_server_running_in_one_context_does_not_lock_the_message_size_of_another()
    {
        using var a = NetContext.Create();
        using var b = NetContext.Create();
        var server = new Server();
        using (a.Enter())
            server.Start(17763, 4);
        try
        {
            using (b.Enter())
            {
                Message.MaxPayloadSize = 2000; // the untouched library throws: a server is running (in a)
                Assert.Equal(2000, Message.MaxPayloadSize);
            }

            using (a.Enter())
                Assert.Equal(1225, Message.MaxPayloadSize);
        }
        finally
        {
            using (a.Enter())
                server.Stop();
        }
    }
}
