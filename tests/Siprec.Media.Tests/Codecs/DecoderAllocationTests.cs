using Siprec.Media.Codecs;

namespace Siprec.Media.Tests.Codecs;

public sealed class DecoderAllocationTests
{
    public static TheoryData<string> Formats => new() { "PCMU/8000", "PCMA/8000", "G722/8000", "L16/16000", "L16/48000/2", "CN/8000" };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decode_does_not_allocate(string rtpmap)
    {
        using var decoder = new AudioCodecRegistry().CreateDecoder(AudioFormat.Parse(rtpmap));
        var payload = new byte[160];
        new Random(1).NextBytes(payload);
        var pcm = new short[decoder.MaxSamplesFor(payload.Length)];
        decoder.Decode(payload, pcm);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            decoder.Decode(payload, pcm);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [OpusFact]
    public void Opus_decode_does_not_allocate()
    {
        Assert.True(OpusCodec.TryLoad(OpusCodec.DefaultLibraryName, out var codec, out var reason), reason);
        using var encoder = codec.CreateEncoder();
        using var decoder = codec.CreateDecoder();
        var payload = new byte[400];
        var length = encoder.Encode(TestSignal.Sine(440, 48000, 960), payload);
        var pcm = new short[decoder.MaxSamplesFor(length)];
        decoder.Decode(payload.AsSpan(0, length), pcm);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            decoder.Decode(payload.AsSpan(0, length), pcm);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [OpusFact]
    public void Opus_reports_a_pcm_buffer_too_short_for_the_packet()
    {
        Assert.True(OpusCodec.TryLoad(OpusCodec.DefaultLibraryName, out var codec, out var reason), reason);
        using var encoder = codec.CreateEncoder();
        using var decoder = codec.CreateDecoder();
        var payload = new byte[400];
        var length = encoder.Encode(TestSignal.Sine(440, 48000, 960), payload);
        var error = Assert.Throws<ArgumentException>(() => decoder.Decode(payload.AsSpan(0, length), new short[480]));
        Assert.Contains("too short", error.Message, StringComparison.Ordinal);
    }
}
