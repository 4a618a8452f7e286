using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Siprec.Media.Engine;
using Siprec.Media.Rtp;
using Siprec.Media.Tests.TestSupport;
using Siprec.Media.Timeline;
using Siprec.Media.Transport;

namespace Siprec.Media.Tests.Engine;

public sealed class RtpStreamReceiverTests
{
    [Fact]
    public async Task PacketPath_FromDatagramToTimeline_DoesNotAllocate()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var gate = new TestGate();
        var timeline = new SessionTimelineBuffer(1, 8000, TimeSpan.FromSeconds(4), gate, time.GetUtcNow());
        int first = 50000 + (Random.Shared.Next(0, 500) * 2);
        using RtpPortLease lease = new RtpPortAllocator(new RtpPortRange(first, first + 999)).Allocate(IPAddress.Loopback);
        var description = new MediaStreamDescription("leg0", lease, [new RtpAudioFormat(96, "L16", 8000, () => new LinearTestDecoder())], new TelephoneEventFormat(101));
        await using var receiver = new RtpStreamReceiver(0, description, new MediaSessionOptions("unused"), timeline, gate, null, time, time.GetUtcNow(), new SenderClockReference(TimeSpan.FromMilliseconds(200)), new SocketAsyncDatagramPump(NullLogger.Instance), _ => { }, _ => { }, NullLogger.Instance);
        byte[][] packets = [.. Enumerable.Range(0, 400).Select(k => MediaSessionHarness.AudioPacket(0, (ushort)k, (uint)(k * 160), k * 160))];
        SocketAddress from = new IPEndPoint(IPAddress.Loopback, 5004).Serialize();
        var drained = new short[8000];

        for (int k = 0; k < 200; k++)
            Deliver(k);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 200; k < 400; k++)
            Deliver(k);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(400, receiver.Snapshot().PacketsReceived);

        void Deliver(int k)
        {
            receiver.OnRtp(packets[k].AsSpan(), from);
            time.Advance(TimeSpan.FromMilliseconds(20));
            timeline.Drain(timeline.WrittenPosition + 160, drained, out _);
        }
    }
}
