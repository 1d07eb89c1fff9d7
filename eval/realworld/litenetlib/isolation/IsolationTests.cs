// Isolation of LiteNetLib's per-context state through the old public API only. Of the members labelled
// state (labels.tsv) only NetSerializer.ClassInfo<T>.Instance is observable: the per-type serializer cache
// is built from the settings (maxStringLength) of the first NetSerializer that meets T, and every later
// NetSerializer (or NetPacketProcessor) reuses it. NetUtils.IpList (scratch list, cleared under a lock on
// every GetLocalIp call) and ReliableChannel._mergedPacketUserDataList (internal scratch list, emptied per
// merged packet) hold nothing between calls, so no public call can see another context's contents.
// Each test uses its own message type, so the cache of one test cannot leak into another.
using LiteNetLib.Utils;
using PerNet;
using Xunit;

public class LiteNetLibIsolation
{
    public class ChatA { public string Text { get; set; } }
    public class ChatB { public string Text { get; set; } }
    public class ChatC { public string Text { get; set; } }

    static string RoundTrip<T>(NetSerializer s, T msg) where T : class, new()
    {
        var bytes = s.Serialize(msg);
        var back = s.Deserialize<T>(new NetDataReader(bytes));
        return (string)typeof(T).GetProperty("Text").GetValue(back);
    }

    [Fact]
    public void NetSerializer_type_cache_is_per_context_limited_first()
    {
        using var a = NetContext.Create();
        using var b = NetContext.Create();
        using (a.Enter())
            Assert.Equal("hel", RoundTrip(new NetSerializer(maxStringLength: 3), new ChatA { Text = "hello" }));
        using (b.Enter())
            Assert.Equal("hello", RoundTrip(new NetSerializer(), new ChatA { Text = "hello" }));
        using (a.Enter())
            Assert.Equal("hel", RoundTrip(new NetSerializer(maxStringLength: 3), new ChatA { Text = "hello" }));
    }

    [Fact]
    public void NetSerializer_type_cache_is_per_context_unlimited_first()
    {
        using var a = NetContext.Create();
        using var b = NetContext.Create();
        using (b.Enter())
            Assert.Equal("hello", RoundTrip(new NetSerializer(), new ChatB { Text = "hello" }));
        using (a.Enter())
            Assert.Equal("hel", RoundTrip(new NetSerializer(maxStringLength: 3), new ChatB { Text = "hello" }));
    }

    [Fact]
    public void NetPacketProcessor_type_cache_is_per_context()
    {
        using var a = NetContext.Create();
        using var b = NetContext.Create();
        string Send(int maxStringLength)
        {
            var processor = new NetPacketProcessor(maxStringLength);
            string received = null;
            processor.Subscribe<ChatC>(m => received = m.Text, () => new ChatC());
            var writer = new NetDataWriter();
            processor.Write(writer, new ChatC { Text = "hello world" });
            processor.ReadAllPackets(new NetDataReader(writer));
            return received;
        }
        using (a.Enter())
            Assert.Equal("hello", Send(5));
        using (b.Enter())
            Assert.Equal("hello world", Send(0));
    }
}
