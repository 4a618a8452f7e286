using Siprec.Media.Codecs;

namespace Siprec.Media.Tests.Codecs;

public sealed class AudioCodecRegistryTests
{
    private readonly AudioCodecRegistry _registry = new();

    [Theory]
    [InlineData("PCMU/8000", "PCMU", 8000, 1)]
    [InlineData("pcma/8000", "pcma", 8000, 1)]
    [InlineData("opus/48000/2", "opus", 48000, 2)]
    [InlineData(" L16/16000 ", "L16", 16000, 1)]
    [InlineData("telephone-event/8000", "telephone-event", 8000, 1)]
    public void Parses_rtpmap_formats(string text, string name, int clock, int channels)
    {
        Assert.True(AudioFormat.TryParse(text, out var format));
        Assert.Equal(new AudioFormat(name, clock, channels), format);
    }

    [Theory]
    [InlineData("")]
    [InlineData("PCMU")]
    [InlineData("/8000")]
    [InlineData("PCMU/")]
    [InlineData("PCMU/abc")]
    [InlineData("PCMU/0")]
    [InlineData("opus/48000/")]
    [InlineData("opus/48000/-2")]
    [InlineData("PC MU/8000")]
    public void Rejects_malformed_rtpmap_formats(string text)
    {
        Assert.False(AudioFormat.TryParse(text, out _));
        var error = Assert.Throws<FormatException>(() => AudioFormat.Parse(text));
        Assert.Contains("name/clock-rate", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PCMU", 8000, 1, AudioCodecKind.Pcmu, 8000)]
    [InlineData("pcmu", 8000, 1, AudioCodecKind.Pcmu, 8000)]
    [InlineData("PCMA", 8000, 1, AudioCodecKind.Pcma, 8000)]
    [InlineData("CN", 8000, 1, AudioCodecKind.ComfortNoise, 8000)]
    [InlineData("G722", 8000, 1, AudioCodecKind.G722, 16000)]
    [InlineData("g722", 8000, 1, AudioCodecKind.G722, 16000)]
    [InlineData("L16", 8000, 1, AudioCodecKind.L16, 8000)]
    [InlineData("L16", 16000, 1, AudioCodecKind.L16, 16000)]
    [InlineData("l16", 44100, 2, AudioCodecKind.L16, 44100)]
    [InlineData("L16", 48000, 1, AudioCodecKind.L16, 48000)]
    public void Reports_available_audio_formats(string name, int clock, int channels, AudioCodecKind kind, int decodedRate)
    {
        var support = _registry.Describe(name, clock, channels);
        Assert.True(support.IsAvailable, support.UnavailableReason);
        Assert.True(support.CarriesAudio);
        Assert.Equal(kind, support.Kind);
        Assert.Equal(decodedRate, support.DecodedSampleRate);
        Assert.Null(support.UnavailableReason);
        Assert.True(_registry.TryCreateDecoder(support.Format, out var decoder, out var reason), reason);
        using (decoder)
        {
            Assert.Equal(decodedRate, decoder.SampleRate);
        }
    }

    [Theory]
    [InlineData("G729", 8000, 1, AudioCodecKind.G729, "no G.729 decoder")]
    [InlineData("iLBC", 8000, 1, AudioCodecKind.Unknown, "unknown encoding 'iLBC'")]
    [InlineData("PCMU", 16000, 1, AudioCodecKind.Pcmu, "8000 Hz mono only")]
    [InlineData("PCMA", 8000, 2, AudioCodecKind.Pcma, "8000 Hz mono only")]
    [InlineData("G722", 16000, 1, AudioCodecKind.G722, "signalled as G722/8000")]
    [InlineData("L16", 22050, 1, AudioCodecKind.L16, "L16 at 22050 Hz is not supported")]
    [InlineData("opus", 8000, 1, AudioCodecKind.Opus, "signalled as opus/48000/2")]
    public void Reports_unavailable_formats_with_a_reason(string name, int clock, int channels, AudioCodecKind kind, string reason)
    {
        var support = _registry.Describe(name, clock, channels);
        Assert.False(support.IsAvailable);
        Assert.Equal(kind, support.Kind);
        Assert.Contains(reason, support.UnavailableReason, StringComparison.Ordinal);
        Assert.False(_registry.TryCreateDecoder(support.Format, out var decoder, out var createReason));
        Assert.Null(decoder);
        Assert.Equal(support.UnavailableReason, createReason);
        var error = Assert.Throws<NotSupportedException>(() => _registry.CreateDecoder(support.Format));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Telephone_event_is_available_but_carries_no_audio()
    {
        var support = _registry.Describe("telephone-event", 8000);
        Assert.True(support.IsAvailable);
        Assert.False(support.CarriesAudio);
        Assert.Equal(AudioCodecKind.TelephoneEvent, support.Kind);
        Assert.False(_registry.TryCreateDecoder(support.Format, out _, out var reason));
        Assert.Contains("TelephoneEvent", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, AudioCodecKind.Pcmu)]
    [InlineData(8, AudioCodecKind.Pcma)]
    [InlineData(9, AudioCodecKind.G722)]
    [InlineData(13, AudioCodecKind.ComfortNoise)]
    [InlineData(18, AudioCodecKind.G729)]
    public void Knows_static_payload_types(int payloadType, AudioCodecKind kind)
    {
        var support = _registry.DescribeStaticPayloadType(payloadType);
        Assert.NotNull(support);
        Assert.Equal(kind, support.Kind);
        Assert.Equal(8000, support.Format.ClockRate);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(96)]
    [InlineData(127)]
    public void Has_no_static_format_for_other_payload_types(int payloadType) =>
        Assert.Null(_registry.DescribeStaticPayloadType(payloadType));

    [Fact]
    public void Creates_a_separate_decoder_per_stream()
    {
        var format = new AudioFormat("PCMU", 8000);
        using var first = _registry.CreateDecoder(format);
        using var second = _registry.CreateDecoder(format);
        Assert.NotSame(first, second);
    }

    [Theory]
    [InlineData("PCMU", 8000)]
    [InlineData("PCMA", 8000)]
    [InlineData("G722", 8000)]
    [InlineData("L16", 8000)]
    public void Encoder_and_decoder_round_trip(string name, int clockRate)
    {
        var format = new AudioFormat(name, clockRate);
        Assert.True(_registry.TryCreateEncoder(format, out var encoder, out _));
        using (encoder)
        using (var decoder = _registry.CreateDecoder(format))
        {
            Assert.Equal(decoder.SampleRate, encoder.SampleRate);
            var pcm = TestSignal.Sine(440, encoder.SampleRate, encoder.SampleRate / 5, amplitude: 8000);
            var payload = new byte[pcm.Length * 2];
            var encoded = encoder.Encode(pcm, payload);
            var decoded = new short[decoder.MaxSamplesFor(encoded)];
            var samples = decoder.Decode(payload.AsSpan(0, encoded), decoded);
            Assert.Equal(pcm.Length, samples);
            var (_, snr) = TestSignal.BestAlignment(pcm, decoded, maxDelay: 32, skip: pcm.Length / 4);
            Assert.True(snr > 25, $"{format}: SNR {snr:F1} dB");
        }
    }
}
