using Siprec.Media.Codecs;
using Siprec.Media.Engine;
using Siprec.Media.Srtp;
using Siprec.Media.Tests.TestSupport;
using Siprec.Media.Wav;
using static Siprec.Media.Tests.TestSupport.MediaSessionHarness;

namespace Siprec.Media.Tests.Engine;

public sealed class MediaSessionCodecTests
{
    private static readonly byte[] MasterKey = [.. Enumerable.Range(1, 16).Select(i => (byte)i)];
    private static readonly byte[] MasterSalt = [.. Enumerable.Range(100, 14).Select(i => (byte)i)];

    [Fact]
    public async Task PcmuStream_RecordsTheDecodedSamples()
    {
        short[] signal = TestSignal.SpeechLike(8000, 40 * PacketSamples);
        byte[] encoded = new byte[signal.Length];
        PcmuCodec.EncodeSamples(signal, encoded);
        short[] expected = new short[signal.Length];
        PcmuCodec.DecodeSamples(encoded, expected);
        await using var harness = Start(1, format: _ => new RtpAudioFormat(0, "PCMU", 8000, () => new PcmuCodec()));

        for (int k = 0; k < 40; k++)
            harness.Step((0, RtpPacketBuilder.Build(0, (ushort)k, (uint)(k * PacketSamples), 42, encoded.AsSpan(k * PacketSamples, PacketSamples))));
        await harness.Session.CompleteAsync();

        Assert.Equal(expected, WavFileReader.Read(harness.RecordingPath).Channel(0));
        Assert.Equal("PCMU", harness.Session.GetStreamStats()[0].Codec);
    }

    [Fact]
    public async Task PcmuStream_PacketsOfPayloadTypesAboveTheOfferedOne_AreCountedUndecodable()
    {
        short[] signal = TestSignal.SpeechLike(8000, 20 * PacketSamples);
        byte[] encoded = new byte[signal.Length];
        PcmuCodec.EncodeSamples(signal, encoded);
        short[] expected = new short[signal.Length];
        PcmuCodec.DecodeSamples(encoded, expected);
        await using var harness = Start(1, format: _ => new RtpAudioFormat(0, "PCMU", 8000, () => new PcmuCodec()));

        for (int k = 0; k < 20; k++)
            harness.Step((0, RtpPacketBuilder.Build(0, (ushort)k, (uint)(k * PacketSamples), 42, encoded.AsSpan(k * PacketSamples, PacketSamples))));
        harness.Step((0, RtpPacketBuilder.Build(8, 20, 20 * PacketSamples, 42, encoded.AsSpan(0, PacketSamples))));
        harness.Step((0, RtpPacketBuilder.Build(127, 21, 21 * PacketSamples, 42, encoded.AsSpan(0, PacketSamples))));
        await harness.Session.CompleteAsync();

        short[] channel = WavFileReader.Read(harness.RecordingPath).Channel(0);
        Assert.Equal(expected, channel[..expected.Length]);
        Assert.All(channel[expected.Length..], sample => Assert.Equal(0, sample));
        Assert.Equal(2L, harness.Session.GetStreamStats()[0].PacketsUndecodable);
    }

    [Fact]
    public async Task SrtpStream_IsDecryptedAndForgedPacketsAreDropped()
    {
        using var receiving = new SrtpContext(SrtpCryptoSuite.AesCm128HmacSha1_80, MasterKey, MasterSalt);
        using var sending = new SrtpContext(SrtpCryptoSuite.AesCm128HmacSha1_80, MasterKey, MasterSalt);
        await using var harness = Start(1, srtp: _ => receiving);

        for (int k = 0; k < 40; k++)
        {
            byte[] plain = AudioPacket(0, (ushort)k, (uint)(k * PacketSamples), k * PacketSamples);
            byte[] packet = new byte[plain.Length + sending.RtpOverhead];
            plain.CopyTo(packet, 0);
            sending.ProtectRtp(packet, plain.Length);
            if (k == 20)
            {
                byte[] forged = (byte[])packet.Clone();
                forged[^1] ^= 0xFF;
                harness.Send(0, forged);
            }

            harness.Step((0, packet));
        }

        await harness.Session.CompleteAsync();

        Assert.Equal(PatternBlock(0, 0, 40 * PacketSamples), WavFileReader.Read(harness.RecordingPath).Channel(0));
        RtpStreamStats stats = harness.Session.GetStreamStats()[0];
        Assert.Equal((40, 1), (stats.PacketsReceived, stats.SrtpAuthFailures));
    }

    [Fact]
    public async Task GarbageAndUndecodablePackets_AreCountedWithoutDisturbingTheRecording()
    {
        await using var harness = Start(1, format: _ => new RtpAudioFormat(LinearPayloadType, "L16", 8000, () => new ThrowingOnOddLengthDecoder()));

        for (int k = 0; k < 30; k++)
        {
            harness.Send(0, [0x40, 0, 0, 1]);
            harness.Send(0, RtpPacketBuilder.Build(LinearPayloadType, (ushort)(1000 + k), 0, 0x1000, [1, 2, 3], csrcCount: 5)[..16]);
            harness.Step((0, AudioPacket(0, (ushort)k, (uint)(k * PacketSamples), k * PacketSamples)));
        }

        harness.Step((0, RtpPacketBuilder.Build(LinearPayloadType, 30, 30 * PacketSamples, 0x1000, [1, 2, 3])));
        harness.Step((0, RtpPacketBuilder.Build(77, 31, 31 * PacketSamples, 0x1000, [1, 2])));
        await harness.Session.CompleteAsync();

        short[] channel = WavFileReader.Read(harness.RecordingPath).Channel(0);
        Assert.Equal(PatternBlock(0, 0, 30 * PacketSamples), channel[..(30 * PacketSamples)]);
        RtpStreamStats stats = harness.Session.GetStreamStats()[0];
        Assert.Equal((60L, 2L), (stats.PacketsMalformed, stats.PacketsUndecodable));
    }

    [Theory]
    [InlineData(8000, 16000)]
    [InlineData(16000, 8000)]
    [InlineData(48000, 16000)]
    [InlineData(48000, 8000)]
    public async Task StreamAtAnotherRate_IsResampledToTheRecordingRateWithinASampleOfItsPlace(int decoderRate, int recordingRate)
    {
        const int Packets = 50;
        int decodedPerPacket = decoderRate / 50;
        short[] signal = TestSignal.SpeechLike(decoderRate, Packets * decodedPerPacket);
        short[] expected = TestSignal.SpeechLike(recordingRate, Packets * recordingRate / 50);
        await using var harness = Start(1, new MediaSessionOptions("unused") { SampleRate = recordingRate }, decoderRate);

        for (int k = 0; k < Packets; k++)
        {
            byte[] payload = RtpPacketBuilder.Linear(signal.AsSpan(k * decodedPerPacket, decodedPerPacket));
            harness.Step((0, RtpPacketBuilder.Build(LinearPayloadType, (ushort)k, (uint)(k * PacketSamples), 9, payload)));
        }

        await harness.Session.CompleteAsync();

        WavFileContent wav = WavFileReader.Read(harness.RecordingPath);
        Assert.Equal((recordingRate, expected.Length), (wav.SampleRate, wav.Frames));
        short[] channel = wav.Channel(0);
        const int Edge = 200;
        (int shift, double snr) = Enumerable.Range(-8, 17)
            .Select(d => (d, TestSignal.SnrDb(expected.AsSpan(Edge, expected.Length - (2 * Edge)), channel.AsSpan(Edge + d, expected.Length - (2 * Edge)), 0)))
            .MaxBy(x => x.Item2);
        Assert.InRange(shift, -1, 1);
        Assert.True(snr > 10, $"best SNR {snr:F1} dB at shift {shift}");
    }

    private sealed class ThrowingOnOddLengthDecoder : IAudioDecoder
    {
        private readonly LinearTestDecoder _inner = new();

        public int SampleRate => 8000;

        public int MaxSamplesFor(int payloadLength) => _inner.MaxSamplesFor(payloadLength);

        public int Decode(ReadOnlySpan<byte> payload, Span<short> pcm) =>
            payload.Length % 2 == 0 ? _inner.Decode(payload, pcm) : throw new InvalidDataException("odd payload");

        public void Dispose() => _inner.Dispose();
    }
}
