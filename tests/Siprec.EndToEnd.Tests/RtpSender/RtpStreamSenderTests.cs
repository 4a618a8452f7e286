using System.Net;
using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.Media.Codecs;
using Siprec.RtpSender.Sending;

namespace Siprec.EndToEnd.Tests.RtpSender;

public sealed class RtpStreamSenderTests
{
    private const int PacketSamples = 160;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(RtpPayloadCodec.Pcmu, 0)]
    [InlineData(RtpPayloadCodec.Pcma, 8)]
    public async Task SendsOnePacketPerTwentyMillisecondsWithContiguousHeaders(RtpPayloadCodec codec, int payloadType)
    {
        await using var capture = NewCapture();
        var samples = AudioFixtures.Tone(440, TimeSpan.FromMilliseconds(1000));
        var plan = new RtpSendPlan([new RtpStreamPlan(capture.EndPoint, samples) { Codec = codec, Ssrc = 0x1234_5678 }]);

        var report = await new RtpStreamSender().SendAsync(plan);
        Assert.True(await capture.WaitForAsync(50, Bound));

        var packets = capture.Packets;
        Assert.Equal(50, packets.Count);
        Assert.Equal(50, report.Streams[0].AudioPackets);
        Assert.All(packets, p => Assert.Equal(payloadType, p.PayloadType));
        Assert.All(packets, p => Assert.Equal(0x1234_5678u, p.Ssrc));
        Assert.All(packets, p => Assert.Equal(PacketSamples, p.Payload.Length));
        Assert.True(packets[0].Marker);
        Assert.All(packets.Skip(1), p => Assert.False(p.Marker));
        for (var i = 1; i < packets.Count; i++)
        {
            Assert.Equal((ushort)(packets[i - 1].Sequence + 1), packets[i].Sequence);
            Assert.Equal(packets[i - 1].Timestamp + PacketSamples, packets[i].Timestamp);
        }
    }

    [Fact]
    public async Task PayloadDecodesBackToTheSourceAudio()
    {
        await using var capture = NewCapture();
        var samples = AudioFixtures.Tone(700, TimeSpan.FromMilliseconds(200));
        await new RtpStreamSender().SendAsync(new RtpSendPlan([new RtpStreamPlan(capture.EndPoint, samples) { Codec = RtpPayloadCodec.Pcma }]));
        Assert.True(await capture.WaitForAsync(10, Bound));

        var decoded = capture.Packets.OrderBy(p => p.Sequence).SelectMany(p =>
        {
            var pcm = new short[p.Payload.Length];
            PcmaCodec.DecodeSamples(p.Payload, pcm);
            return pcm;
        }).ToArray();
        Assert.Equal(WavAnalysis.G711RoundTrip(samples, RtpPayloadCodec.Pcma), decoded);
    }

    [Fact]
    public async Task LastPartialPacketIsPaddedToAFullPacket()
    {
        await using var capture = NewCapture();
        var samples = AudioFixtures.Tone(440, TimeSpan.FromMilliseconds(250));
        var report = await new RtpStreamSender().SendAsync(new RtpSendPlan([new RtpStreamPlan(capture.EndPoint, samples)]));
        Assert.True(await capture.WaitForAsync(13, Bound));
        Assert.Equal(13, report.Streams[0].AudioPackets);
        Assert.Equal(PacketSamples, capture.Packets[^1].Payload.Length);
    }

    [Theory]
    [InlineData(10, 1)]
    [InlineData(30, 7)]
    public async Task LossDropsTheSameSeededPacketsAsReported(double lossPercent, int seed)
    {
        var first = await SendWithLossAsync(lossPercent, seed);
        var second = await SendWithLossAsync(lossPercent, seed);

        Assert.Equal(first.Report.AudioPacketsDropped, 100 - first.Sequences.Count);
        Assert.Equal(first.Sequences.Select(s => s - first.FirstSequence), second.Sequences.Select(s => s - second.FirstSequence));
        Assert.InRange(first.Report.AudioPacketsDropped, 1, 99);
    }

    [Fact]
    public async Task LateStartDelaysOnlyThatStreamAndKeepsAllItsPackets()
    {
        // Both streams go to one socket so the kernel queue keeps the send order.
        await using var capture = NewCapture();
        var samples = AudioFixtures.Tone(440, TimeSpan.FromMilliseconds(1200));
        var plan = new RtpSendPlan(
        [
            new RtpStreamPlan(capture.EndPoint, samples) { Ssrc = 1 },
            new RtpStreamPlan(capture.EndPoint, samples) { Ssrc = 2, LateStart = TimeSpan.FromMilliseconds(600) },
        ]);

        await new RtpStreamSender().SendAsync(plan);
        Assert.True(await capture.WaitForAsync(120, Bound));

        // Counted in packets sent before the late stream's first one, not in wall-clock time.
        var packets = capture.Packets;
        var earlyBefore = packets.TakeWhile(p => p.Ssrc == 1).Count();
        Assert.Equal(31, earlyBefore);
        Assert.Equal(60, packets.Count(p => p.Ssrc == 2));
    }

    [Fact]
    public async Task SsrcChangeRestartsWithNewSsrcAndMarker()
    {
        await using var capture = NewCapture();
        var samples = AudioFixtures.Tone(440, TimeSpan.FromMilliseconds(800));
        var plan = new RtpSendPlan([new RtpStreamPlan(capture.EndPoint, samples) { Ssrc = 1, SsrcChange = new SsrcChange(TimeSpan.FromMilliseconds(400), 2) }]);

        var report = await new RtpStreamSender().SendAsync(plan);
        Assert.True(await capture.WaitForAsync(40, Bound));

        var packets = capture.Packets;
        Assert.Equal([1u, 2u], report.Streams[0].Ssrcs);
        Assert.Equal(20, packets.Count(p => p.Ssrc == 1));
        Assert.Equal(20, packets.Count(p => p.Ssrc == 2));
        Assert.True(packets.First(p => p.Ssrc == 2).Marker);
    }

    [Fact]
    public async Task DtmfReplacesAudioWithTelephoneEventsEndingInThreeEndPackets()
    {
        await using var capture = NewCapture();
        var samples = AudioFixtures.Tone(440, TimeSpan.FromMilliseconds(1000));
        var plan = new RtpSendPlan([new RtpStreamPlan(capture.EndPoint, samples) { DtmfEvents = [new DtmfEvent(TimeSpan.FromMilliseconds(200), 5, TimeSpan.FromMilliseconds(100))] }]);

        var report = await new RtpStreamSender().SendAsync(plan);
        Assert.True(await capture.WaitForAsync(report.Streams[0].DatagramsSent, Bound));

        var events = capture.Packets.Where(p => p.PayloadType == 101).ToArray();
        Assert.Equal(7, events.Length);
        Assert.All(events, e => Assert.True(TelephoneEvent.TryRead(e.Payload, out var te) && te.Event == 5));
        Assert.Single(events.Select(e => e.Timestamp).Distinct());
        Assert.True(events[0].Marker);
        var ends = events.Where(e => TelephoneEvent.TryRead(e.Payload, out var te) && te.IsEnd).ToArray();
        Assert.Equal(3, ends.Length);
        Assert.Single(ends.Select(e => e.Sequence).Distinct());
        Assert.All(ends, e => Assert.True(TelephoneEvent.TryRead(e.Payload, out var te) && te.Duration == 800));
        Assert.Equal(45, capture.Packets.Count(p => p.PayloadType == 0));
    }

    [Fact]
    public async Task DuplicatesAndReorderingAreVisibleOnTheWireAndReported()
    {
        await using var capture = NewCapture();
        var samples = AudioFixtures.Tone(440, TimeSpan.FromMilliseconds(2000));
        var plan = new RtpSendPlan([new RtpStreamPlan(capture.EndPoint, samples) { DuplicatePercent = 10, ReorderPercent = 10 }]) { Seed = 3 };

        var report = (await new RtpStreamSender().SendAsync(plan)).Streams[0];
        Assert.True(await capture.WaitForAsync(report.DatagramsSent, Bound));

        var sequences = capture.Packets.Select(p => (int)p.Sequence).ToArray();
        Assert.Equal(100 + report.AudioPacketsDuplicated, sequences.Length);
        Assert.Equal(100, sequences.Distinct().Count());
        Assert.True(report.AudioPacketsDuplicated > 0 && report.AudioPacketsReordered > 0);
        var outOfOrder = sequences.Zip(sequences.Skip(1), (a, b) => (ushort)(b - a)).Count(d => d > 0x8000);
        Assert.Equal(report.AudioPacketsReordered, outOfOrder);
    }

    [Fact]
    public async Task StopAfterEndsTheStreamEarly()
    {
        await using var capture = NewCapture();
        var samples = AudioFixtures.Tone(440, TimeSpan.FromSeconds(5));
        var report = await new RtpStreamSender().SendAsync(new RtpSendPlan([new RtpStreamPlan(capture.EndPoint, samples) { StopAfter = TimeSpan.FromMilliseconds(300) }]));
        Assert.Equal(15, report.Streams[0].AudioPackets);
    }

    [Fact]
    public async Task CancellationStopsSendingAndIsReported()
    {
        await using var capture = NewCapture();
        using var cancel = new CancellationTokenSource();
        var samples = AudioFixtures.Tone(440, TimeSpan.FromSeconds(30));
        var sending = new RtpStreamSender().SendAsync(new RtpSendPlan([new RtpStreamPlan(capture.EndPoint, samples)]), cancel.Token);
        Assert.True(await capture.WaitForAsync(5, Bound));
        await cancel.CancelAsync();
        var report = await sending.WaitAsync(Bound);
        Assert.True(report.Cancelled);
        Assert.InRange(report.Streams[0].AudioPackets, 5, 1499);
    }

    [Theory]
    [InlineData(-1.0, 0.0)]
    [InlineData(101.0, 0.0)]
    [InlineData(0.0, -5.0)]
    public async Task RejectsOutOfRangeImpairments(double loss, double lateMs)
    {
        var plan = new RtpSendPlan([new RtpStreamPlan(new IPEndPoint(IPAddress.Loopback, 9), new short[160]) { LossPercent = loss, LateStart = TimeSpan.FromMilliseconds(lateMs) }]);
        await Assert.ThrowsAsync<ArgumentException>(() => new RtpStreamSender().SendAsync(plan));
    }

    private async Task<(RtpStreamReport Report, List<int> Sequences, int FirstSequence)> SendWithLossAsync(double lossPercent, int seed)
    {
        await using var capture = NewCapture();
        var samples = AudioFixtures.Tone(440, TimeSpan.FromSeconds(2));
        var plan = new RtpSendPlan([new RtpStreamPlan(capture.EndPoint, samples) { LossPercent = lossPercent, MarkFirstPacket = false }]) { Seed = seed };
        var report = (await new RtpStreamSender().SendAsync(plan)).Streams[0];
        await capture.WaitForAsync(report.DatagramsSent, Bound);
        // The first sequence number is drawn from the seed too, so it is the same for both runs.
        var sequences = capture.Packets.Select(p => (int)p.Sequence).ToList();
        return (report, sequences, sequences.Count > 0 ? sequences.Min() : 0);
    }

    private static UdpCapture NewCapture() => new(0);
}
