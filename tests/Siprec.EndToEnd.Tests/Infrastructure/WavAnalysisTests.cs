using Siprec.RtpSender.Audio;
using Siprec.RtpSender.Sending;

namespace Siprec.EndToEnd.Tests.Infrastructure;

public sealed class WavAnalysisTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(160)]
    [InlineData(4000)]
    [InlineData(-800)]
    public void BestAlignmentFindsTheShiftOfARoundTrippedSignal(int shift)
    {
        var source = Noise(8000, seed: 5);
        var received = WavAnalysis.G711RoundTrip(source, RtpPayloadCodec.Pcmu);
        var recording = Shift(received, shift, 12000);

        var match = WavAnalysis.BestAlignment(recording, source, -2000, 6000);

        Assert.Equal(shift, match.LagSamples);
        Assert.True(match.Correlation > 0.95, $"correlation {match.Correlation}");
    }

    [Fact]
    public void UnrelatedSignalsCorrelatePoorly()
    {
        var match = WavAnalysis.BestAlignment(Noise(8000, seed: 1), Noise(8000, seed: 2), -400, 400);
        Assert.True(match.Correlation < 0.2, $"correlation {match.Correlation}");
    }

    [Fact]
    public void SilentSpansFindsTheGapBetweenTones()
    {
        var tone = AudioFixtures.Tone(440, TimeSpan.FromSeconds(1));
        var samples = tone.Concat(new short[16000]).Concat(tone).ToArray();

        var spans = WavAnalysis.SilentSpans(samples, 8000, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(500));

        var span = Assert.Single(spans);
        Assert.Equal(TimeSpan.FromSeconds(1), span.Start);
        Assert.Equal(TimeSpan.FromSeconds(3), span.End);
    }

    [Fact]
    public void ZeroRunsFindsOnlyDigitalSilence()
    {
        var tone = WavAnalysis.G711RoundTrip(AudioFixtures.Tone(440, TimeSpan.FromSeconds(1)), RtpPayloadCodec.Pcmu);
        var quiet = Enumerable.Repeat((short)3, 4000);
        var samples = tone.Concat(new short[4000]).Concat(quiet).Concat(tone).ToArray();

        var spans = WavAnalysis.ZeroRuns(samples, 8000, TimeSpan.FromMilliseconds(20));

        var span = Assert.Single(spans);
        Assert.Equal(TimeSpan.FromSeconds(1), span.Start);
        Assert.Equal(TimeSpan.FromSeconds(1.5), span.End);
    }

    [Fact]
    public void WavFileRoundTripsStereo()
    {
        using var directory = new TestDirectory("wav");
        var path = directory.File("stereo.wav");
        var audio = new PcmAudio(8000, [AudioFixtures.Tone(300, TimeSpan.FromMilliseconds(100)), AudioFixtures.Tone(900, TimeSpan.FromMilliseconds(100))]);

        WavFile.Write(path, audio);
        var read = WavFile.Read(path);

        Assert.Equal(8000, read.SampleRate);
        Assert.Equal(audio.Channels[0], read.Channels[0]);
        Assert.Equal(audio.Channels[1], read.Channels[1]);
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 }, "not a RIFF/WAVE")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x41, 0x56, 0x45 }, "no data chunk")]
    public void WavFileRejectsBadInputWithAClearError(byte[] image, string expected)
    {
        var error = Assert.Throws<WavFormatException>(() => WavFile.Parse(image, "x.wav"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static short[] Noise(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (short)random.Next(-8000, 8000)).ToArray();
    }

    private static short[] Shift(short[] signal, int shift, int length)
    {
        var result = new short[length];
        for (var i = 0; i < signal.Length; i++)
        {
            var j = i + shift;
            if (j >= 0 && j < length)
                result[j] = signal[i];
        }
        return result;
    }
}
