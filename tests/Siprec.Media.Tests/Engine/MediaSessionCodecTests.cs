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
}
