using Siprec.Media.Codecs;

namespace Siprec.Media.Tests.Codecs;

public sealed class OpusTests
{
    private const int Rate = 48000;
    private const int Frame = 960;

    [OpusFact]
    public void Tone_survives_a_round_trip()
    {
        Assert.True(OpusCodec.TryLoad(OpusCodec.DefaultLibraryName, out var codec, out var reason), reason);

        using var encoder = codec.CreateEncoder();
        using var decoder = codec.CreateDecoder();
        var input = TestSignal.Sine(1000, Rate, Rate);
        var output = new short[input.Length];
        var payload = new byte[1500];
        var decoded = 0;
        for (var offset = 0; offset < input.Length; offset += Frame)
        {
            var bytes = encoder.Encode(input.AsSpan(offset, Frame), payload);
            Assert.InRange(bytes, 1, 1275);
            decoded += decoder.Decode(payload.AsSpan(0, bytes), output.AsSpan(decoded));
        }

        Assert.Equal(input.Length, decoded);
        var tail = output.AsSpan(Rate / 2);
        Assert.InRange(TestSignal.Rms(tail), 10000 / Math.Sqrt(2) * 0.7, 10000 / Math.Sqrt(2) * 1.3);
        var atTone = TestSignal.PowerAt(tail, 1000, Rate);
        Assert.True(atTone > 100 * TestSignal.PowerAt(tail, 2500, Rate));
        Assert.True(atTone > 100 * TestSignal.PowerAt(tail, 400, Rate));
    }

    [OpusFact]
    public void Corrupt_payload_is_rejected_with_a_reason()
    {
        Assert.True(OpusCodec.TryLoad(OpusCodec.DefaultLibraryName, out var codec, out var reason), reason);

        using var decoder = codec.CreateDecoder();
        var pcm = new short[decoder.MaxSamplesFor(3)];
        // TOC code 3 announces a frame count byte; a count of zero is invalid.
        var error = Assert.Throws<InvalidDataException>(() => decoder.Decode([0x03, 0x00, 0x00], pcm));
        Assert.Contains("rejected", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, decoder.Decode([], pcm));
    }

    [Fact]
    public void Missing_library_is_reported_not_thrown()
    {
        Assert.False(OpusCodec.TryLoad("libopus-does-not-exist.so.9", out var codec, out var reason));
        Assert.Null(codec);
        Assert.Equal("codec unavailable: libopus-does-not-exist.so.9 not found", reason);
    }

    [Fact]
    public void Registry_with_a_missing_library_reports_opus_unavailable_and_creates_no_decoder()
    {
        var registry = new AudioCodecRegistry(new AudioCodecRegistryOptions { OpusLibraryName = "libopus-does-not-exist.so.9" });
        var format = AudioFormat.Parse("opus/48000/2");

        var support = registry.Describe(format);
        Assert.False(support.IsAvailable);
        Assert.Equal(AudioCodecKind.Opus, support.Kind);
        Assert.Equal("codec unavailable: libopus-does-not-exist.so.9 not found", support.UnavailableReason);
        Assert.False(registry.TryCreateDecoder(format, out var decoder, out var reason));
        Assert.Null(decoder);
        Assert.Equal(support.UnavailableReason, reason);
        Assert.False(registry.TryCreateEncoder(format, out var encoder, out _));
        Assert.Null(encoder);
    }

    [OpusFact]
    public void Registry_creates_a_48_kHz_decoder_when_the_library_is_present()
    {
        var registry = new AudioCodecRegistry();
        var support = registry.Describe("OPUS", 48000, 2);
        Assert.True(support.IsAvailable, support.UnavailableReason);
        Assert.Equal(48000, support.DecodedSampleRate);
        using var decoder = registry.CreateDecoder(support.Format);
        Assert.Equal(48000, decoder.SampleRate);
        Assert.IsType<OpusDecoder>(decoder);
    }
}
