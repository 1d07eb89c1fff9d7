// Isolation of Hazel's per-context state (labels.tsv: MessageWriter.BufferSize, MessageWriter.WriterPool,
// MessageReader.ReaderPool), through the old public API only. UdpConnection.PingPacket.PacketPool is private
// and only used by keep-alive pings of live connections, with no public counter, so it is not covered.
using Hazel;
using PerNet;
using Xunit;

public class HazelIsolation
{
    [Fact]
    public void MessageWriter_BufferSize_is_per_context()
    {
        using var a = NetContext.Create();
        using var b = NetContext.Create();
        using (a.Enter())
        {
            Assert.Equal(64000, MessageWriter.BufferSize);
            MessageWriter.BufferSize = 128;
            var w = MessageWriter.Get(SendOption.Reliable);
            Assert.Equal(128, w.Buffer.Length);
            w.Recycle();
        }
        try
        {
            using (b.Enter())
            {
                Assert.Equal(64000, MessageWriter.BufferSize);
                var w = MessageWriter.Get(SendOption.Reliable);
                Assert.Equal(64000, w.Buffer.Length);
                w.Recycle();
                MessageWriter.BufferSize = 256;                           // and the other way round
            }
            using (a.Enter())
            {
                Assert.Equal(128, MessageWriter.BufferSize);
                Assert.Equal(128, MessageWriter.WriterPool.GetObject().Buffer.Length);
            }
        }
        finally
        {
            using (a.Enter()) MessageWriter.BufferSize = 64000;
            using (b.Enter()) MessageWriter.BufferSize = 64000;
        }
    }

    [Fact]
    public void MessageWriter_pool_is_per_context()
    {
        using var a = NetContext.Create();
        using var b = NetContext.Create();
        MessageWriter recycledInA;
        using (a.Enter())
        {
            recycledInA = MessageWriter.Get();
            recycledInA.Recycle();
            Assert.Equal(1, MessageWriter.WriterPool.NumberCreated);
            Assert.Equal(1, MessageWriter.WriterPool.NumberNotInUse);
            Assert.Equal(0, MessageWriter.WriterPool.NumberInUse);
        }
        using (b.Enter())
        {
            Assert.Equal(0, MessageWriter.WriterPool.NumberCreated);
            Assert.Equal(0, MessageWriter.WriterPool.NumberNotInUse);
            var w = MessageWriter.Get();
            Assert.NotSame(recycledInA, w);
            Assert.Equal(1, MessageWriter.WriterPool.NumberCreated);
            Assert.Equal(1, MessageWriter.WriterPool.NumberInUse);
            w.Recycle();
        }
        using (a.Enter())
        {
            Assert.Equal(1, MessageWriter.WriterPool.NumberCreated);
            Assert.Equal(0, MessageWriter.WriterPool.NumberInUse);
            Assert.Same(recycledInA, MessageWriter.Get());
        }
    }

    [Fact]
    public void MessageReader_pool_is_per_context()
    {
        using var a = NetContext.Create();
        using var b = NetContext.Create();
        MessageReader recycledInA;
        using (a.Enter())
        {
            recycledInA = MessageReader.GetSized(16);
            recycledInA.Recycle();
            Assert.Equal(1, MessageReader.ReaderPool.NumberCreated);
            Assert.Equal(1, MessageReader.ReaderPool.NumberNotInUse);
        }
        using (b.Enter())
        {
            Assert.Equal(0, MessageReader.ReaderPool.NumberCreated);
            Assert.Equal(0, MessageReader.ReaderPool.NumberNotInUse);
            var r = MessageReader.Get(new byte[] { 1, 2, 3 });
            Assert.NotSame(recycledInA, r);
            Assert.Equal(1, MessageReader.ReaderPool.NumberCreated);
            Assert.Equal(1, MessageReader.ReaderPool.NumberInUse);
            r.Recycle();
            Assert.Equal(1, MessageReader.ReaderPool.NumberNotInUse);
        }
        using (a.Enter())
        {
            Assert.Equal(1, MessageReader.ReaderPool.NumberCreated);
            Assert.Same(recycledInA, MessageReader.GetSized(16));
            Assert.Equal(1, MessageReader.ReaderPool.NumberInUse);
        }
    }
}
