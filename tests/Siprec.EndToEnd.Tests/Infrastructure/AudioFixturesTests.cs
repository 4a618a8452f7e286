using Siprec.RtpSender.Audio;

namespace Siprec.EndToEnd.Tests.Infrastructure;

public sealed class AudioFixturesTests
{
    [Theory]
    [InlineData(SpeechSample.First)]
    [InlineData(SpeechSample.Second)]
    public void SpeechIsEightKilohertzMonoSixteenBitWithSound(SpeechSample sample)
    {
        Assert.True(AudioFixtures.ToolsInstalled(), "espeak-ng and sox must be installed");
        var audio = WavFile.Read(new AudioFixtures().SpeechPath(sample));

        Assert.Equal(8000, audio.SampleRate);
        Assert.Single(audio.Channels);
        Assert.InRange(audio.Duration, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(15));
        Assert.True(WavAnalysis.Rms(audio.Channels[0]) > 500);
    }

    [Fact]
    public void TheTwoSpeechSamplesAreDifferent()
    {
        var fixtures = new AudioFixtures();
        var first = fixtures.Speech(SpeechSample.First);
        var second = fixtures.Speech(SpeechSample.Second);

        var match = WavAnalysis.BestAlignment(first, second, -800, 800);

        Assert.True(match.Correlation < 0.3, $"correlation {match.Correlation}");
        Assert.Equal(fixtures.SpeechPath(SpeechSample.First), fixtures.SpeechPath(SpeechSample.First));
    }
}
