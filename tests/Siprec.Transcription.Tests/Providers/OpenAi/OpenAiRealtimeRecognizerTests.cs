using Siprec.Transcription.Configuration;
using Siprec.Transcription.Feed;
using Siprec.Transcription.Providers.OpenAi;
using Siprec.Transcription.Tests.Fakes;

namespace Siprec.Transcription.Tests.Providers.OpenAi;

public sealed class OpenAiRealtimeRecognizerTests
{
    private const int Rate = 8000;

    [Fact]
    public async Task Deltas_become_interims_and_completed_a_final_timed_by_the_server_vad()
    {
        await using var server = await FakeOpenAiRealtimeServer.StartAsync();
        var recognizer = new OpenAiRealtimeRecognizer(new OpenAiSettings(FakeOpenAiRealtimeServer.ApiKey, server.RealtimeUri, "gpt-4o-transcribe"), "en", TimeProvider.System);
        Assert.Equal(24000, recognizer.PreferredSampleRate);
        var sink = new CollectingSink();
        var metrics = new TranscriptionMetrics();
        await using var feed = new TranscriptionFeed(recognizer, new SpeechStreamOptions("call-2", 0, "sip:alice@example.com", "Alice", null, Rate, TimeSpan.Zero), [sink], metrics);
        feed.Start();

        // 8 kHz in, resampled to 24 kHz; the stream starts 3 s into the session.
        TestAudio.WritePackets(TestAudio.Tone(Rate, TimeSpan.FromSeconds(2.1)), Rate, 3 * Rate, (p, pos) => feed.Write(p, Rate, pos));
        await sink.WaitForAsync(s => s.Finals.Count >= 2, "two completed turns");
        await feed.CompleteAsync();

        var interims = sink.Results.Where(r => !r.IsFinal).Select(r => r.Text).ToList();
        Assert.Contains("good", interims);
        Assert.Contains("good morning", interims);
        var finals = sink.Finals;
        Assert.Equal("Good morning 0.", finals[0].Text);
        Assert.Equal(3.1, finals[0].Start.TotalSeconds, 0.02);
        Assert.Equal(3.9, finals[0].End.TotalSeconds, 0.02);
        Assert.Equal(4.1, finals[1].Start.TotalSeconds, 0.02);
        Assert.All(sink.Results, r => Assert.Equal(("openai", "sip:alice@example.com", 0), (r.Provider, r.SpeakerAor, r.StreamIndex)));

        // Resampling 8k -> 24k triples the sample count (give or take the filter's edge).
        Assert.InRange(server.AudioBytes, (2.1 * 24000 * 2) - 16, (2.1 * 24000 * 2) + 16);
        Assert.Empty(server.Errors);
    }

    [Fact]
    public void Missing_key_is_a_configuration_error()
    {
        var error = Assert.Throws<TranscriptionConfigurationException>(() => new OpenAiRealtimeRecognizer(new OpenAiSettings(null, OpenAiSettings.DefaultUrl, "m"), null, TimeProvider.System));
        Assert.Contains("OPENAI_API_KEY", error.Message, StringComparison.Ordinal);
    }
}
