using Siprec.Testing;

namespace Siprec.Audio.Tests;

public sealed class PcmResamplerTests
{
    public static TheoryData<int, int> RatePairs
    {
        get
        {
            var data = new TheoryData<int, int>();
            int[] rates = [8000, 16000, 24000, 48000];
            foreach (var from in rates)
            {
                foreach (var to in rates)
                {
                    if (from != to)
                    {
                        data.Add(from, to);
                    }
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(RatePairs))]
    public void Tone_keeps_its_frequency_and_level(int from, int to)
    {
        const double Frequency = 1000;
        var resampler = new PcmResampler(from, to);
        var input = TestSignal.Sine(Frequency, from, from / 2);
        var output = Run(resampler, input);

        // Compare with the ideal tone at the output rate, shifted by the filter's delay.
        var delay = resampler.DelayInOutputSamples;
        var skip = (int)Math.Ceiling(delay) + (to / 50);
        var ideal = new short[output.Length];
        for (var n = 0; n < ideal.Length; n++)
        {
            ideal[n] = (short)Math.Round(10000 * Math.Sin(2 * Math.PI * Frequency * (n - delay) / to));
        }

        var snr = TestSignal.SnrDb(ideal, output, skip);
        Assert.True(snr > 40, $"{from} -> {to}: SNR {snr:F1} dB against the delayed ideal tone");
        var rms = TestSignal.Rms(output.AsSpan(skip));
        Assert.InRange(rms, 10000 / Math.Sqrt(2) * 0.98, 10000 / Math.Sqrt(2) * 1.02);
    }

    [Theory]
    [InlineData(48000, 8000, 6000)]
    [InlineData(48000, 8000, 11000)]
    [InlineData(16000, 8000, 5000)]
    [InlineData(48000, 16000, 9000)]
    [InlineData(24000, 16000, 10000)]
    public void Tones_above_the_output_nyquist_are_suppressed(int from, int to, double frequency)
    {
        var resampler = new PcmResampler(from, to);
        var output = Run(resampler, TestSignal.Sine(frequency, from, from / 2));
        var rms = TestSignal.Rms(output.AsSpan(to / 20));
        var attenuationDb = 20 * Math.Log10(10000 / Math.Sqrt(2) / Math.Max(rms, 0.5));
        Assert.True(attenuationDb > 55, $"{frequency} Hz at {from} -> {to}: only {attenuationDb:F1} dB down");
    }

    [Theory]
    [InlineData(8000, 48000, 3000)]
    [InlineData(8000, 16000, 3400)]
    public void Upsampling_leaves_no_image_above_the_input_nyquist(int from, int to, double frequency)
    {
        var resampler = new PcmResampler(from, to);
        var output = Run(resampler, TestSignal.Sine(frequency, from, from / 2));
        var tail = output.AsSpan(to / 20);
        var image = from - frequency;
        Assert.True(TestSignal.PowerAt(tail, frequency, to) > 1e5 * TestSignal.PowerAt(tail, image, to), $"image at {image} Hz");
    }

    [Theory]
    [MemberData(nameof(RatePairs))]
    public void Chunked_processing_equals_processing_at_once(int from, int to)
    {
        var input = TestSignal.SpeechLike(from, from / 5);
        var whole = Run(new PcmResampler(from, to), input);

        var resampler = new PcmResampler(from, to);
        var random = new Random(from + to);
        var chunked = new List<short>();
        var buffer = new short[resampler.MaxOutputFor(input.Length)];
        for (var offset = 0; offset < input.Length;)
        {
            var length = Math.Min(random.Next(1, 400), input.Length - offset);
            var written = resampler.Process(input.AsSpan(offset, length), buffer);
            chunked.AddRange(buffer.AsSpan(0, written));
            offset += length;
        }

        Assert.Equal(whole, chunked.ToArray());
    }

    [Theory]
    [InlineData(8000, 48000, 160, 960)]
    [InlineData(48000, 8000, 960, 160)]
    [InlineData(16000, 24000, 320, 480)]
    [InlineData(24000, 16000, 480, 320)]
    [InlineData(16000, 16000, 320, 320)]
    public void Each_packet_yields_the_exact_ratio_of_samples(int from, int to, int packet, int expected)
    {
        var resampler = new PcmResampler(from, to);
        var input = new short[packet];
        var output = new short[resampler.MaxOutputFor(packet)];
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(expected, resampler.Process(input, output));
        }
    }

    [Fact]
    public void Same_rate_passes_samples_through()
    {
        var resampler = new PcmResampler(16000, 16000);
        var input = TestSignal.SpeechLike(16000, 320);
        var output = new short[resampler.MaxOutputFor(input.Length)];
        Assert.Equal(320, resampler.Process(input, output));
        Assert.Equal(input, output[..320]);
        Assert.Equal(0, resampler.DelayInOutputSamples);
    }

    [Fact]
    public void Full_scale_input_saturates_instead_of_wrapping()
    {
        var resampler = new PcmResampler(8000, 48000);
        var input = new short[800];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (i / 20 % 2 == 0) ? short.MaxValue : short.MinValue;
        }

        var output = Run(resampler, input);
        var sign = 0;
        var flips = 0;
        foreach (var sample in output.AsSpan(200))
        {
            var current = Math.Sign(sample);
            if (current != 0 && current != sign)
            {
                flips++;
                sign = current;
            }
        }

        // A square wave of 200 Hz over 0.095 s flips about 38 times; wrap-around would add spurious flips.
        Assert.InRange(flips, 30, 45);
    }

    [Fact]
    public void Reset_forgets_the_history()
    {
        var input = TestSignal.SpeechLike(8000, 400);
        var resampler = new PcmResampler(8000, 16000);
        var first = Run(resampler, input);
        Run(resampler, TestSignal.Sine(500, 8000, 333));
        resampler.Reset();
        Assert.Equal(first, Run(resampler, input));
    }

    [Fact]
    public void Does_not_allocate_per_call()
    {
        var resampler = new PcmResampler(8000, 48000);
        var input = TestSignal.SpeechLike(8000, 160);
        var output = new short[resampler.MaxOutputFor(input.Length)];
        resampler.Process(input, output);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            resampler.Process(input, output);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(44100, 48000)]
    [InlineData(8000, 11025)]
    public void Rejects_ratios_with_large_factors(int from, int to) =>
        Assert.Contains("factors above 12", Assert.Throws<ArgumentException>(() => new PcmResampler(from, to)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData(0, 8000)]
    [InlineData(8000, -1)]
    public void Rejects_rates_that_are_not_positive(int from, int to) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PcmResampler(from, to));

    [Fact]
    public void Rejects_a_short_output_buffer()
    {
        var resampler = new PcmResampler(8000, 16000);
        Assert.Contains("up to 321", Assert.Throws<ArgumentException>(() => resampler.Process(new short[160], new short[320])).Message, StringComparison.Ordinal);
    }

    private static short[] Run(PcmResampler resampler, short[] input)
    {
        var output = new short[resampler.MaxOutputFor(input.Length)];
        var written = resampler.Process(input, output);
        return output[..written];
    }
}
