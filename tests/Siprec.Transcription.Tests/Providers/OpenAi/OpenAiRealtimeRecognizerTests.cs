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
    public async Task Paused_audio_never_reaches_the_session_and_resume_continues_on_the_session_clock()
    {
        await using var server = await FakeOpenAiRealtimeServer.StartAsync();
        var recognizer = new OpenAiRealtimeRecognizer(new OpenAiSettings(FakeOpenAiRealtimeServer.ApiKey, server.RealtimeUri, "gpt-4o-transcribe"), null, TimeProvider.System);
        var sink = new CollectingSink();
        var pause = new TranscriptionPauseSwitch();
        await using var feed = new TranscriptionFeed(
            recognizer, new SpeechStreamOptions("call-2", 1, null, null, null, Rate, TimeSpan.Zero), [sink], new TranscriptionMetrics(), gate: pause);
        feed.Start();

        var position = TestAudio.WritePackets(TestAudio.Tone(Rate, TimeSpan.FromSeconds(1.05)), Rate, 0, (p, pos) => feed.Write(p, Rate, pos));
        await sink.WaitForAsync(s => s.Finals.Count >= 1, "a final before the pause");
        pause.Pause();
        await TestAudio.WaitUntilAsync(() => feed.Status.State == TranscriptionFeedState.Paused, "paused");
        var refused = 0;
        TestAudio.WritePackets(TestAudio.Tone(Rate, TimeSpan.FromSeconds(1)), Rate, position, (p, pos) => { refused += feed.Write(p, Rate, pos) ? 0 : 1; return true; });
        Assert.Equal(50, refused);

        pause.Resume();
        var resumedAt = position + (4 * Rate);
        TestAudio.WritePackets(TestAudio.Tone(Rate, TimeSpan.FromSeconds(1)), Rate, resumedAt, (p, pos) => feed.Write(p, Rate, pos));
        await sink.WaitForAsync(s => s.Finals.Count >= 2, "a final after resume");

        // One socket keeps order: once the resumed second is in, anything sent while paused (a further 48,000 bytes) would be too.
        const long sent = (105 + 100) * 24000 * 2 / 100;
        await TestAudio.WaitUntilAsync(() => server.AudioBytes >= sent - 32, "the resumed audio at the server");
        Assert.InRange(server.AudioBytes, sent - 32, sent + 32);
        Assert.Equal(1, server.Connections);
        Assert.Equal(((double)resumedAt / Rate) + 0.05, sink.Finals[1].Start.TotalSeconds, 0.03);
        Assert.Empty(server.Errors);
    }

    [Fact]
    public void Missing_key_is_a_configuration_error()
    {
        var error = Assert.Throws<TranscriptionConfigurationException>(() => new OpenAiRealtimeRecognizer(new OpenAiSettings(null, OpenAiSettings.DefaultUrl, "m"), null, TimeProvider.System));
        Assert.Contains("OPENAI_API_KEY", error.Message, StringComparison.Ordinal);
    }
}
