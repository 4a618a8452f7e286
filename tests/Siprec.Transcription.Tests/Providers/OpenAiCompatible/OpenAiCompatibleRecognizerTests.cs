using Siprec.Transcription.Configuration;
using Siprec.Transcription.Feed;
using Siprec.Transcription.Providers.OpenAiCompatible;
using Siprec.Transcription.Tests.Fakes;

namespace Siprec.Transcription.Tests.Providers.OpenAiCompatible;

public sealed class OpenAiCompatibleRecognizerTests
{
    private const int Rate = 8000;

    private static readonly TranscriptionFeedOptions FastOptions = TranscriptionFeedOptions.Default with
    {
        QueueCapacity = 1000,
        ReconnectBaseDelay = TimeSpan.FromMilliseconds(50),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
    };

    [Fact]
    public async Task Each_utterance_cut_by_the_vad_is_posted_and_becomes_one_final()
    {
        await using var server = await FakeWhisperServer.StartAsync();
        using var http = new HttpClient();
        var recognizer = new OpenAiCompatibleRecognizer(new OpenAiCompatibleSettings(server.TranscriptionsUri, null, "whisper-small"), http, null, TimeProvider.System);
        var sink = new CollectingSink();
        await using var feed = new TranscriptionFeed(recognizer, new SpeechStreamOptions("call-3", 2, null, "Carol", null, Rate, TimeSpan.Zero), [sink], new TranscriptionMetrics(), FastOptions);
        feed.Start();

        long position = 0;
        foreach (var part in new[] { TestAudio.Silence(Rate, TimeSpan.FromSeconds(0.5)), TestAudio.Tone(Rate, TimeSpan.FromSeconds(1)), TestAudio.Silence(Rate, TimeSpan.FromSeconds(1)), TestAudio.Tone(Rate, TimeSpan.FromSeconds(1.5)), TestAudio.Silence(Rate, TimeSpan.FromSeconds(1)) })
        {
            position = TestAudio.WritePackets(part, Rate, position, (p, pos) => feed.Write(p, Rate, pos));
        }

        await sink.WaitForAsync(s => s.Finals.Count >= 2, "two utterances");
        await feed.CompleteAsync();

        var finals = sink.Finals;
        Assert.Equal(2, finals.Count);
        Assert.Equal("utterance 1 of 1.6 seconds", finals[0].Text);
        Assert.Equal(0.5, finals[0].Start.TotalSeconds, 0.03);
        Assert.InRange(finals[0].End.TotalSeconds, 1.5, 2.2);
        Assert.Equal(2.5, finals[1].Start.TotalSeconds, 0.03);
        Assert.All(finals, r => Assert.Equal(("Carol", 2, "openai-compatible"), (r.SpeakerName, r.StreamIndex, r.Provider)));
        Assert.All(server.Uploads, u => Assert.Equal(16000, u.SampleRate));
        Assert.Empty(server.Errors);
    }

    [Fact]
    public async Task Server_error_fails_the_stream_and_the_feed_reconnects()
    {
        await using var server = await FakeWhisperServer.StartAsync();
        server.FailRequests.Add(1);
        using var http = new HttpClient();
        var recognizer = new OpenAiCompatibleRecognizer(new OpenAiCompatibleSettings(server.TranscriptionsUri, null, "whisper-small"), http, null, TimeProvider.System);
        var sink = new CollectingSink();
        var metrics = new TranscriptionMetrics();
        await using var feed = new TranscriptionFeed(recognizer, new SpeechStreamOptions("call-3", 0, null, null, null, Rate, TimeSpan.Zero), [sink], metrics, FastOptions);
        feed.Start();

        long position = 0;
        for (var round = 0; round < 20 && sink.Finals.Count == 0; round++)
        {
            position = TestAudio.WritePackets(TestAudio.Tone(Rate, TimeSpan.FromSeconds(0.5)), Rate, position, (p, pos) => feed.Write(p, Rate, pos));
            position = TestAudio.WritePackets(TestAudio.Silence(Rate, TimeSpan.FromSeconds(0.8)), Rate, position, (p, pos) => feed.Write(p, Rate, pos));
            await Task.Delay(150);
        }

        await sink.WaitForAsync(s => s.Finals.Count >= 1, "a final after the failure");
        Assert.True(metrics.Errors >= 1);
        Assert.True(metrics.Reconnects >= 1);
        Assert.Contains("503", feed.Status.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_url_is_a_configuration_error()
    {
        using var http = new HttpClient();
        var error = Assert.Throws<TranscriptionConfigurationException>(() => new OpenAiCompatibleRecognizer(new OpenAiCompatibleSettings(null, null, "m"), http, null, TimeProvider.System));
        Assert.Contains("OPENAI_COMPATIBLE_URL", error.Message, StringComparison.Ordinal);
    }
}
