using Siprec.Transcription.Audio;
using Siprec.Transcription.Tests.Fakes;

namespace Siprec.Transcription.Tests.Audio;

public sealed class EnergyVoiceActivityDetectorTests
{
    private const int Rate = 16000;

    [Fact]
    public void Silence_and_noise_below_the_threshold_give_no_utterance()
    {
        var vad = new EnergyVoiceActivityDetector(Rate);
        var utterances = new List<Utterance>();
        vad.Process(TestAudio.Silence(Rate, TimeSpan.FromSeconds(1)), utterances.Add);
        vad.Process(TestAudio.Tone(Rate, TimeSpan.FromSeconds(1), amplitude: 100), utterances.Add);
        vad.Flush(utterances.Add);
        Assert.Empty(utterances);
    }

    [Theory]
    [InlineData(0.5, 1.0)]
    [InlineData(0.2, 2.5)]
    public void Speech_between_silences_is_one_utterance_with_its_start(double silenceSeconds, double speechSeconds)
    {
        var vad = new EnergyVoiceActivityDetector(Rate, hangover: TimeSpan.FromMilliseconds(300));
        var utterances = new List<Utterance>();
        vad.Process(TestAudio.Silence(Rate, TimeSpan.FromSeconds(silenceSeconds)), utterances.Add);
        vad.Process(TestAudio.Tone(Rate, TimeSpan.FromSeconds(speechSeconds)), utterances.Add);
        vad.Process(TestAudio.Silence(Rate, TimeSpan.FromSeconds(1)), utterances.Add);

        var utterance = Assert.Single(utterances);
        Assert.Equal(silenceSeconds, utterance.Start.TotalSeconds, 0.021);
        Assert.Equal(silenceSeconds + speechSeconds + 0.3, utterance.End.TotalSeconds, 0.041);
        Assert.False(vad.InSpeech);
    }

    [Fact]
    public void Long_speech_is_cut_at_the_maximum_length_and_flush_ends_the_rest()
    {
        var vad = new EnergyVoiceActivityDetector(Rate, maxUtterance: TimeSpan.FromSeconds(1));
        var utterances = new List<Utterance>();
        vad.Process(TestAudio.Tone(Rate, TimeSpan.FromSeconds(2.5)), utterances.Add);
        Assert.Equal(2, utterances.Count);
        Assert.True(vad.InSpeech);
        vad.Flush(utterances.Add);
        Assert.Equal(3, utterances.Count);
        Assert.Equal([0.0, 1.0, 2.0], utterances.Select(u => Math.Round(u.Start.TotalSeconds, 2)));
    }

    [Fact]
    public void A_click_shorter_than_the_minimum_speech_is_ignored()
    {
        var vad = new EnergyVoiceActivityDetector(Rate);
        var utterances = new List<Utterance>();
        vad.Process(TestAudio.Tone(Rate, TimeSpan.FromMilliseconds(40)), utterances.Add);
        vad.Process(TestAudio.Silence(Rate, TimeSpan.FromSeconds(1)), utterances.Add);
        Assert.Empty(utterances);
    }
}
