using Siprec.Audio;
using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.Media.Codecs;
using Siprec.Media.Srtp;
using Siprec.RtpSender.Sending;

namespace Siprec.EndToEnd.Tests.RtpSender;

public sealed class RtpCodecSendingTests
{
    private const int SourceRate = AudioFixtures.SampleRate;
    private const int HeaderSize = 12;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private static readonly SdesCryptoAttribute Key = SdesCryptoAttribute.Parse("1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz");
    private static readonly SdesCryptoAttribute OtherKey = SdesCryptoAttribute.Parse("1 AES_CM_128_HMAC_SHA1_80 inline:d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj");

    [Theory]
    [InlineData(RtpPayloadCodec.G722, "G722", 8000, 9, 160, 160)]
    [InlineData(RtpPayloadCodec.L16, "L16", 8000, 96, 160, 320)]
    [InlineData(RtpPayloadCodec.Pcma, "PCMA", 8000, 8, 160, 160)]
    public async Task WidebandAndLinearCodecsStepTimestampsAndDecodeBack(RtpPayloadCodec codec, string encoding, int clockRate, int payloadType, int step, int payloadBytes)
    {
        var source = AudioFixtures.Tone(440, TimeSpan.FromSeconds(1));
        var packets = await SendAsync(new RtpStreamPlan(new(System.Net.IPAddress.Loopback, 0), source) { Codec = codec }, 50);

        AssertHeaders(packets, payloadType, step);
        Assert.All(packets, p => Assert.Equal(payloadBytes, p.Payload.Length));
        var decoded = Decode(packets, new AudioFormat(encoding, clockRate));
        var match = WavAnalysis.BestAlignment(decoded, source, 0, 200);
        Assert.True(match.Correlation > 0.95, $"{codec} round trip: {match}");
        if (codec == RtpPayloadCodec.L16)
            Assert.Equal(source, decoded);
    }

    [OpusFact]
    public async Task OpusUsesTheFortyEightKilohertzClockAndDecodesBack()
    {
        var source = AudioFixtures.Tone(440, TimeSpan.FromSeconds(1));
        var packets = await SendAsync(new RtpStreamPlan(new(System.Net.IPAddress.Loopback, 0), source) { Codec = RtpPayloadCodec.Opus }, 50);

        AssertHeaders(packets, 111, 960);
        Assert.All(packets, p => Assert.InRange(p.Payload.Length, 1, 1275));
        var decoded = Decode(packets, new AudioFormat("opus", 48000, 2));
        var match = WavAnalysis.BestAlignment(decoded, source, 0, 400);
        Assert.True(match.Correlation > 0.9, $"Opus round trip: {match}");
    }

    [OpusFact]
    public async Task OpusRefusesAPacketTimeItHasNoFrameFor()
    {
        var plan = new RtpSendPlan([new RtpStreamPlan(new(System.Net.IPAddress.Loopback, 9), new short[160]) { Codec = RtpPayloadCodec.Opus }])
        {
            PacketTime = TimeSpan.FromMilliseconds(30),
        };
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => new RtpStreamSender().SendAsync(plan));
        Assert.Contains("30 ms", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RtpPayloadCodec.Pcmu, 160)]
    [InlineData(RtpPayloadCodec.G722, 160)]
    public async Task SrtpPacketsUnprotectWithTheSameKeyOnly(RtpPayloadCodec codec, int payloadBytes)
    {
        var source = AudioFixtures.Tone(620, TimeSpan.FromMilliseconds(400));
        var plain = await SendAsync(new RtpStreamPlan(new(System.Net.IPAddress.Loopback, 0), source) { Codec = codec, Ssrc = 42 }, 20);
        var secured = await SendAsync(new RtpStreamPlan(new(System.Net.IPAddress.Loopback, 0), source) { Codec = codec, Ssrc = 42, Srtp = Key }, 20);

        Assert.All(secured, p => Assert.Equal(HeaderSize + payloadBytes + Key.Suite.SrtpAuthTagLength, p.Datagram.Length));
        using var receiver = Key.CreateContext();
        using var stranger = OtherKey.CreateContext();
        for (var i = 0; i < secured.Count; i++)
        {
            var copy = secured[i].Datagram.ToArray();
            Assert.False(stranger.TryUnprotectRtp(copy, out _), $"packet {i} unprotected with another key");
            var datagram = secured[i].Datagram.ToArray();
            Assert.True(receiver.TryUnprotectRtp(datagram, out var length), $"packet {i} failed authentication");
            Assert.Equal(HeaderSize + payloadBytes, length);
            Assert.NotEqual(plain[i].Payload.ToArray(), secured[i].Payload[..payloadBytes].ToArray());
            Assert.Equal(plain[i].Payload.ToArray(), datagram.AsSpan(HeaderSize, payloadBytes).ToArray());
        }
    }

    private static void AssertHeaders(IReadOnlyList<CapturedRtpPacket> packets, int payloadType, int step)
    {
        Assert.All(packets, p => Assert.Equal(payloadType, p.PayloadType));
        for (var i = 1; i < packets.Count; i++)
        {
            Assert.Equal((ushort)(packets[i - 1].Sequence + 1), packets[i].Sequence);
            Assert.Equal(packets[i - 1].Timestamp + (uint)step, packets[i].Timestamp);
        }
    }

    /// <summary>Sends <paramref name="stream"/> to a fresh capture and returns the <paramref name="count"/> packets in sequence order.</summary>
    private static async Task<IReadOnlyList<CapturedRtpPacket>> SendAsync(RtpStreamPlan stream, int count)
    {
        await using var capture = new UdpCapture(0);
        await new RtpStreamSender().SendAsync(new RtpSendPlan([stream with { Destination = capture.EndPoint }]));
        Assert.True(await capture.WaitForAsync(count, Bound), $"fewer than {count} packets arrived");
        var packets = capture.Packets.OrderBy(p => p.Sequence).ToArray();
        Assert.Equal(count, packets.Length);
        return packets;
    }

    /// <summary>Decodes the payloads in order and brings the audio back to the 8 kHz of the source.</summary>
    private static short[] Decode(IReadOnlyList<CapturedRtpPacket> packets, AudioFormat format)
    {
        using var decoder = new AudioCodecRegistry().CreateDecoder(format);
        var pcm = new List<short>();
        foreach (var packet in packets)
        {
            var buffer = new short[decoder.MaxSamplesFor(packet.Payload.Length)];
            pcm.AddRange(buffer.AsSpan(0, decoder.Decode(packet.Payload, buffer)));
        }
        if (decoder.SampleRate == SourceRate)
            return [.. pcm];
        var resampler = new PcmResampler(decoder.SampleRate, SourceRate);
        var output = new short[resampler.MaxOutputFor(pcm.Count)];
        return output.AsSpan(0, resampler.Process(pcm.ToArray(), output)).ToArray();
    }
}
