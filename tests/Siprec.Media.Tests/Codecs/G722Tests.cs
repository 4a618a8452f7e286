using Siprec.Media.Codecs;

namespace Siprec.Media.Tests.Codecs;

public sealed class G722Tests
{
    private const int Rate = 16000;

    private static short[] RoundTrip(short[] input)
    {
        using var encoder = new G722Encoder();
        using var decoder = new G722Decoder();
        var payload = new byte[input.Length / 2];
        Assert.Equal(payload.Length, encoder.Encode(input, payload));
        var output = new short[decoder.MaxSamplesFor(payload.Length)];
        Assert.Equal(input.Length, decoder.Decode(payload, output));
        return output;
    }

    [Theory]
    [InlineData(300, 25)]
    [InlineData(1000, 25)]
    [InlineData(3000, 20)]
    [InlineData(5500, 8)]
    public void Tone_survives_a_round_trip(double frequency, double minSnrDb)
    {
        var input = TestSignal.Sine(frequency, Rate, Rate);
        var output = RoundTrip(input);

        var (delay, snr) = TestSignal.BestAlignment(input, output, maxDelay: 64, skip: 1600);
        Assert.True(snr > minSnrDb, $"{frequency} Hz: SNR {snr:F1} dB at delay {delay}");

        var tail = output.AsSpan(Rate / 2);
        var atTone = TestSignal.PowerAt(tail, frequency, Rate);
        foreach (var other in new[] { 500.0, 1500, 2500, 4000, 6500, 7500 })
        {
            if (Math.Abs(other - frequency) > 200)
            {
                Assert.True(atTone > 100 * TestSignal.PowerAt(tail, other, Rate), $"{frequency} Hz tone leaks into {other} Hz");
            }
        }
    }

    [Fact]
    public void Speech_like_signal_survives_a_round_trip()
    {
        var input = TestSignal.SpeechLike(Rate, 2 * Rate);
        var output = RoundTrip(input);
        var (_, snr) = TestSignal.BestAlignment(input, output, maxDelay: 64, skip: 1600);
        Assert.True(snr > 15, $"SNR {snr:F1} dB");
    }

    [Fact]
    public void Codec_delay_is_the_qmf_pair_delay()
    {
        var input = TestSignal.SpeechLike(Rate, Rate);
        var (delay, _) = TestSignal.BestAlignment(input, RoundTrip(input), maxDelay: 64, skip: 1600);
        Assert.Equal(22, delay);
    }

    [Fact]
    public void Silence_stays_near_silent()
    {
        var output = RoundTrip(new short[Rate / 10]);
        Assert.True(TestSignal.Rms(output) < 20, $"RMS {TestSignal.Rms(output):F1}");
    }

    [Theory]
    [InlineData(80)]
    [InlineData(160)]
    [InlineData(7)]
    public void Decoding_packet_by_packet_equals_decoding_at_once(int packetBytes)
    {
        var input = TestSignal.SpeechLike(Rate, Rate / 2);
        using var encoder = new G722Encoder();
        var payload = new byte[input.Length / 2];
        encoder.Encode(input, payload);

        using var whole = new G722Decoder();
        var expected = new short[payload.Length * 2];
        whole.Decode(payload, expected);

        using var streamed = new G722Decoder();
        var actual = new short[payload.Length * 2];
        for (var offset = 0; offset < payload.Length; offset += packetBytes)
        {
            var length = Math.Min(packetBytes, payload.Length - offset);
            Assert.Equal(2 * length, streamed.Decode(payload.AsSpan(offset, length), actual.AsSpan(2 * offset)));
        }

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Encoding_packet_by_packet_equals_encoding_at_once()
    {
        var input = TestSignal.SpeechLike(Rate, Rate / 2);
        using var whole = new G722Encoder();
        var expected = new byte[input.Length / 2];
        whole.Encode(input, expected);

        using var streamed = new G722Encoder();
        var actual = new byte[input.Length / 2];
        for (var offset = 0; offset < input.Length; offset += 320)
        {
            streamed.Encode(input.AsSpan(offset, 320), actual.AsSpan(offset / 2));
        }

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Instances_keep_separate_state()
    {
        var payload = new byte[160];
        using (var encoder = new G722Encoder())
        {
            encoder.Encode(TestSignal.Sine(1000, Rate, 320), payload);
        }

        using var first = new G722Decoder();
        using var second = new G722Decoder();
        var warmUp = new short[320];
        first.Decode(payload, warmUp);

        var a = new short[320];
        var b = new short[320];
        first.Decode(payload, a);
        second.Decode(payload, b);
        Assert.NotEqual(a, b);

        using var third = new G722Decoder();
        var c = new short[320];
        third.Decode(payload, c);
        Assert.Equal(b, c);
    }

    [Fact]
    public void Reports_16_kHz_audio_and_two_samples_per_byte()
    {
        using var decoder = new G722Decoder();
        using var encoder = new G722Encoder();
        Assert.Equal(16000, decoder.SampleRate);
        Assert.Equal(16000, encoder.SampleRate);
        Assert.Equal(320, decoder.MaxSamplesFor(160));
    }

    [Fact]
    public void Rejects_an_odd_sample_count_and_short_buffers()
    {
        using var encoder = new G722Encoder();
        using var decoder = new G722Decoder();
        Assert.Contains("odd", Assert.Throws<ArgumentException>(() => encoder.Encode(new short[3], new byte[2])).Message, StringComparison.Ordinal);
        Assert.Contains("2 are needed", Assert.Throws<ArgumentException>(() => encoder.Encode(new short[4], new byte[1])).Message, StringComparison.Ordinal);
        Assert.Contains("320 are needed", Assert.Throws<ArgumentException>(() => decoder.Decode(new byte[160], new short[319])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Full_scale_input_does_not_overflow()
    {
        var input = new short[Rate / 4];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (i / 8 % 2 == 0) ? short.MaxValue : short.MinValue;
        }

        var output = RoundTrip(input);
        Assert.True(TestSignal.Rms(output.AsSpan(800)) > 10000);
    }
}
