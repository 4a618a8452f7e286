using Siprec.Media.Codecs;

namespace Siprec.Media.Tests.Codecs;

public sealed class G711Tests
{
    [Theory]
    [InlineData(0xFF, 0)]
    [InlineData(0x7F, 0)]
    [InlineData(0x80, 32124)]
    [InlineData(0x00, -32124)]
    [InlineData(0xFE, 8)]
    [InlineData(0x7E, -8)]
    [InlineData(0xF0, 120)]
    public void Pcmu_decodes_reference_codes(int code, int expected) =>
        Assert.Equal(expected, PcmuCodec.DecodeSample((byte)code));

    [Theory]
    [InlineData(0xD5, 8)]
    [InlineData(0x55, -8)]
    [InlineData(0xAA, 32256)]
    [InlineData(0x2A, -32256)]
    [InlineData(0xD4, 24)]
    public void Pcma_decodes_reference_codes(int code, int expected) =>
        Assert.Equal(expected, PcmaCodec.DecodeSample((byte)code));

    [Fact]
    public void Pcmu_reencodes_every_code_except_negative_zero()
    {
        for (var code = 0; code < 256; code++)
        {
            var expected = code == 0x7F ? 0xFF : code;
            Assert.Equal(expected, PcmuCodec.EncodeSample(PcmuCodec.DecodeSample((byte)code)));
        }
    }

    [Fact]
    public void Pcma_reencodes_every_code()
    {
        for (var code = 0; code < 256; code++)
        {
            Assert.Equal(code, PcmaCodec.EncodeSample(PcmaCodec.DecodeSample((byte)code)));
        }
    }

    [Theory]
    [InlineData(short.MaxValue, 0x80)]
    [InlineData(short.MinValue, 0x00)]
    [InlineData(0, 0xFF)]
    public void Pcmu_encodes_extremes(short sample, int expected) =>
        Assert.Equal(expected, PcmuCodec.EncodeSample(sample));

    [Theory]
    [InlineData(short.MaxValue, 0xAA)]
    [InlineData(short.MinValue, 0x2A)]
    [InlineData(0, 0xD5)]
    public void Pcma_encodes_extremes(short sample, int expected) =>
        Assert.Equal(expected, PcmaCodec.EncodeSample(sample));

    public static TheoryData<string> Laws => new() { "PCMU", "PCMA" };

    [Theory]
    [MemberData(nameof(Laws))]
    public void Round_trip_error_stays_within_the_segment_step(string law)
    {
        using var codec = Create(law);
        var pcm = new short[65536];
        for (var i = 0; i < pcm.Length; i++)
        {
            pcm[i] = (short)(i - 32768);
        }

        var payload = new byte[pcm.Length];
        Assert.Equal(pcm.Length, ((IAudioEncoder)codec).Encode(pcm, payload));
        var decoded = new short[pcm.Length];
        Assert.Equal(pcm.Length, ((IAudioDecoder)codec).Decode(payload, decoded));

        for (var i = 0; i < pcm.Length; i++)
        {
            var magnitude = Math.Abs((int)pcm[i]);
            // A segment's step is at most 1/16 of the smallest value it holds (1/8 with the μ-law bias at a segment start), so half a step bounds the error.
            var bound = Math.Max(magnitude / 16, 16) + 2;
            Assert.True(Math.Abs(pcm[i] - decoded[i]) <= bound, $"{law}: {pcm[i]} decoded as {decoded[i]}");
        }
    }

    [Theory]
    [MemberData(nameof(Laws))]
    public void Decode_rejects_a_short_pcm_buffer(string law)
    {
        using var codec = Create(law);
        var error = Assert.Throws<ArgumentException>(() => ((IAudioDecoder)codec).Decode(new byte[160], new short[80]));
        Assert.Contains("160", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Laws))]
    public void Codec_runs_at_8000_and_decodes_one_sample_per_byte(string law)
    {
        using var codec = Create(law);
        Assert.Equal(8000, ((IAudioDecoder)codec).SampleRate);
        Assert.Equal(160, ((IAudioDecoder)codec).MaxSamplesFor(160));
    }

    private static IDisposable Create(string law) => law == "PCMU" ? new PcmuCodec() : new PcmaCodec();
}
