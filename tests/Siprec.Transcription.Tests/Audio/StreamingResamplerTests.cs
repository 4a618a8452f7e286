using Siprec.Transcription.Audio;
using Siprec.Transcription.Tests.Fakes;

namespace Siprec.Transcription.Tests.Audio;

public sealed class StreamingResamplerTests
{
    public static TheoryData<int, int> Ratios => new()
    {
        { 8000, 16000 },
        { 8000, 24000 },
        { 16000, 24000 },
        { 24000, 16000 },
        { 16000, 8000 },
        { 48000, 16000 },
        { 16000, 16000 },
    };

    [Theory]
    [MemberData(nameof(Ratios))]
    public void A_tone_keeps_its_frequency_amplitude_and_duration(int inputRate, int outputRate)
    {
        var resampler = new StreamingResampler(inputRate, outputRate);
        var input = TestAudio.Tone(inputRate, TimeSpan.FromSeconds(1), 440, 10000);
        var output = new short[resampler.MaxOutputLength(input.Length)];
        var count = resampler.Process(input, output);

        Assert.InRange(count, outputRate - 2, outputRate + 2);
        var middle = output.AsSpan(outputRate / 4, outputRate / 2);
        var crossings = 0;
        for (var i = 1; i < middle.Length; i++)
        {
            if ((middle[i - 1] < 0) != (middle[i] < 0))
            {
                crossings++;
            }
        }

        Assert.InRange(crossings, 438, 442);
        Assert.Equal(10000 / Math.Sqrt(2), Rms(middle), 10000 * 0.02);
    }

    [Theory]
    [InlineData(8000, 16000, 1)]
    [InlineData(8000, 24000, 7)]
    [InlineData(16000, 24000, 160)]
    [InlineData(48000, 16000, 333)]
    public void Chunked_input_gives_the_same_output_as_one_block(int inputRate, int outputRate, int chunk)
    {
        var input = TestAudio.Tone(inputRate, TimeSpan.FromSeconds(0.3), 1000, 12000);
        var whole = new StreamingResampler(inputRate, outputRate);
        var expected = new short[whole.MaxOutputLength(input.Length)];
        expected = expected[..whole.Process(input, expected)];

        var chunked = new StreamingResampler(inputRate, outputRate);
        var actual = new List<short>();
        for (var offset = 0; offset < input.Length; offset += chunk)
        {
            var part = input.AsSpan(offset, Math.Min(chunk, input.Length - offset));
            var buffer = new short[chunked.MaxOutputLength(part.Length)];
            actual.AddRange(buffer.AsSpan(0, chunked.Process(part, buffer)).ToArray());
        }

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Downsampling_removes_content_above_the_new_nyquist()
    {
        var resampler = new StreamingResampler(16000, 8000);
        var input = TestAudio.Tone(16000, TimeSpan.FromSeconds(0.5), 6000, 10000);
        var output = new short[resampler.MaxOutputLength(input.Length)];
        var count = resampler.Process(input, output);
        Assert.True(Rms(output.AsSpan(500, count - 1000)) < 10000 * 0.01);
    }

    [Theory]
    [InlineData(0, 8000)]
    [InlineData(8000, -1)]
    [InlineData(7919, 16000)]
    public void Invalid_rates_are_rejected(int inputRate, int outputRate) =>
        Assert.ThrowsAny<ArgumentException>(() => new StreamingResampler(inputRate, outputRate));

    private static double Rms(ReadOnlySpan<short> samples)
    {
        double sum = 0;
        foreach (var s in samples)
        {
            sum += (double)s * s;
        }

        return Math.Sqrt(sum / samples.Length);
    }
}
