using System.Buffers.Binary;
using Siprec.Media.Engine;
using static Siprec.Media.Tests.TestSupport.MediaSessionHarness;

namespace Siprec.Media.Tests.Engine;

public sealed class MediaSessionStatsTests
{
    [Fact]
    public async Task Stats_ReportSourceLastArrivalAndSenderReport()
    {
        await using var harness = Start(1);
        Assert.Null(harness.Session.LastPacketAt);
        for (int k = 0; k < 10; k++)
            harness.Step((0, AudioPacket(0, (ushort)k, (uint)(k * PacketSamples), k * PacketSamples, ssrc: 0x5150)));
        DateTimeOffset lastArrival = harness.Time.GetUtcNow() - TimeSpan.FromMilliseconds(20);

        harness.SendRtcp(0, SenderReport(0x5150, rtpTimestamp: 1440));
        RtpStreamStats stats = await WaitForAsync(harness, s => s.LastSenderReport is not null);

        Assert.Equal(lastArrival, harness.Session.LastPacketAt);
        Assert.Equal(lastArrival, stats.LastPacketAt);
        Assert.Equal(harness.SenderEndPoint, stats.RemoteEndPoint);
        Assert.Equal(1440u, stats.LastSenderReport!.Value.RtpTimestamp);
        Assert.Equal((1, "L16", 10L), (stats.RtcpPackets, stats.Codec, stats.PacketsReceived));
    }

    [Fact]
    public async Task SenderReports_AlignALegWhoseFirstPacketArrivedLate()
    {
        const int Block = PacketSamples;
        const int LateSteps = 5;
        DateTimeOffset senderClockAtTimestampZero = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero).AddSeconds(3.7);
        await using var harness = Start(2);
        for (int k = 0; k < 120; k++)
        {
            if (k is 50 or 52)
            {
                int stream = k == 50 ? 0 : 1;
                uint timestamp = 40 * Block;
                harness.SendRtcp(stream, SenderReport(0x1000u + (uint)stream, timestamp, senderClockAtTimestampZero.AddSeconds(timestamp / 8000.0)));
                await WaitForAsync(harness, s => s.RtcpPackets == 1, stream);
            }

            var packets = new List<(int, byte[])> { (0, AudioPacket(0, (ushort)k, (uint)(k * Block), k * Block)) };
            if (k >= LateSteps)
            {
                int late = k - LateSteps;
                packets.Add((1, AudioPacket(1, (ushort)late, (uint)(late * Block), late * Block)));
            }

            harness.Step([.. packets]);
        }

        await harness.Session.CompleteAsync();

        short[] channel = Siprec.Media.Wav.WavFileReader.Read(harness.RecordingPath).Channel(1);
        int lateSamples = LateSteps * Block;
        Assert.Equal(PatternBlock(1, 10 * Block, 30 * Block), channel[((10 * Block) + lateSamples)..((40 * Block) + lateSamples)]);
        Assert.Equal(PatternBlock(1, 70 * Block, 40 * Block), channel[(70 * Block)..(110 * Block)]);
        Assert.Equal([0, 1], harness.Session.GetStreamStats().Select(s => s.SenderClockCorrections));
    }

    private static async Task<RtpStreamStats> WaitForAsync(Siprec.Media.Tests.TestSupport.MediaSessionHarness harness, Func<RtpStreamStats, bool> condition, int stream = 0)
    {
        for (int i = 0; i < 5000; i++)
        {
            RtpStreamStats stats = harness.Session.GetStreamStats()[stream];
            if (condition(stats))
                return stats;
            await Task.Delay(1);
        }

        throw new TimeoutException("The stream never reached the expected state.");
    }

    private static byte[] SenderReport(uint ssrc, uint rtpTimestamp, DateTimeOffset ntp)
    {
        byte[] packet = SenderReport(ssrc, rtpTimestamp);
        long ticks = (ntp - new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero)).Ticks;
        ulong seconds = (ulong)(ticks / TimeSpan.TicksPerSecond);
        ulong fraction = (ulong)(ticks % TimeSpan.TicksPerSecond) * (1UL << 32) / TimeSpan.TicksPerSecond;
        BinaryPrimitives.WriteUInt64BigEndian(packet.AsSpan(8), (seconds << 32) | fraction);
        return packet;
    }

    private static byte[] SenderReport(uint ssrc, uint rtpTimestamp)
    {
        var packet = new byte[28];
        packet[0] = 0x80;
        packet[1] = 200;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 6);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(packet.AsSpan(8), 0xE000_0000_0000_0000);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(16), rtpTimestamp);
        return packet;
    }
}
