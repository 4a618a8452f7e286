using Siprec.Testing;
using Siprec.Transcription.Configuration;
using Siprec.Transcription.Feed;
using Siprec.Transcription.Providers.Deepgram;
using Siprec.Transcription.Tests.Fakes;

namespace Siprec.Transcription.Tests.Providers.Deepgram;

public sealed class DeepgramRecognizerTests
{
    private const int Rate = 8000;

    private static readonly TranscriptionFeedOptions FastOptions = TranscriptionFeedOptions.Default with
    {
        KeepAliveInterval = TimeSpan.FromMilliseconds(200),
        ReconnectBaseDelay = TimeSpan.FromMilliseconds(50),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
    };

    private static SpeechStreamOptions StreamOptions => new("call-1", 1, "sip:bob@example.com", "Bob", null, Rate, TimeSpan.Zero);

    [Fact]
    public async Task Results_are_parsed_and_timed_on_the_session_clock()
    {
        await using var server = await FakeDeepgramServer.StartAsync();
        var recognizer = new DeepgramRecognizer(new DeepgramSettings(FakeDeepgramServer.ApiKey, server.ListenUri, null), "en", TimeProvider.System);
        var sink = new CollectingSink();
        var metrics = new TranscriptionMetrics();
        await using var feed = new TranscriptionFeed(recognizer, StreamOptions, [sink], metrics, FastOptions);
        feed.Start();

        // The stream starts 10 s into the session.
        TestAudio.WritePackets(TestAudio.Tone(Rate, TimeSpan.FromSeconds(2)), Rate, 10 * Rate, (p, pos) => feed.Write(p, Rate, pos));
        await sink.WaitForAsync(s => s.Finals.Count >= 2, "two finals");

        var first = sink.Results[0];
        Assert.False(first.IsFinal);
        Assert.Equal("hello 1.0", first.Text);
        var finals = sink.Finals;
        Assert.Equal("hello 1.0 final", finals[0].Text);
        Assert.Equal(10.0, finals[0].Start.TotalSeconds, 0.01);
        Assert.Equal(11.0, finals[0].End.TotalSeconds, 0.01);
        Assert.Equal(11.0, finals[1].Start.TotalSeconds, 0.01);
        Assert.Equal(0.93, finals[0].Confidence!.Value, 3);
        Assert.All(sink.Results, r =>
        {
            Assert.Equal("call-1", r.SessionId);
            Assert.Equal(1, r.StreamIndex);
            Assert.Equal("sip:bob@example.com", r.SpeakerAor);
            Assert.Equal("Bob", r.SpeakerName);
            Assert.Equal("deepgram", r.Provider);
        });

        await feed.CompleteAsync();
        Assert.Equal(1, server.CloseStreams);
        Assert.Equal(2 * Rate * 2 * 2, server.AudioBytes);
        Assert.Equal(2.0, metrics.AudioSecondsSent, 0.01);
        Assert.True(metrics.LatencyCount >= 2);
        Assert.Empty(server.Errors);
    }

    [Fact]
    public async Task Pause_sends_keep_alives_only_and_resume_continues_on_the_session_clock()
    {
        await using var server = await FakeDeepgramServer.StartAsync();
        var recognizer = new DeepgramRecognizer(new DeepgramSettings(FakeDeepgramServer.ApiKey, server.ListenUri, null), null, TimeProvider.System);
        var sink = new CollectingSink();
        var pause = new TranscriptionPauseSwitch();
        await using var feed = new TranscriptionFeed(recognizer, StreamOptions, [sink], new TranscriptionMetrics(), FastOptions, gate: pause);
        feed.Start();

        var position = TestAudio.WritePackets(TestAudio.Tone(Rate, TimeSpan.FromSeconds(1)), Rate, 0, (p, pos) => feed.Write(p, Rate, pos));
        await sink.WaitForAsync(s => s.Finals.Count >= 1, "the first final");
        pause.Pause();
        await TestAudio.WaitUntilAsync(() => feed.Status.State == TranscriptionFeedState.Paused, "paused state");
        var bytesAtPause = server.AudioBytes;
        var keepAlivesAtPause = server.KeepAlives;

        // Audio offered during the pause is refused and never reaches the provider.
        var accepted = 0;
        for (var round = 0; round < 10; round++)
        {
            TestAudio.WritePackets(TestAudio.Tone(Rate, TimeSpan.FromMilliseconds(100)), Rate, position, (p, pos) => { accepted += feed.Write(p, Rate, pos) ? 1 : 0; return true; });
            position += Rate / 10;
            await Task.Delay(100);
        }

        await TestAudio.WaitUntilAsync(() => server.KeepAlives >= keepAlivesAtPause + 2, "keep-alives while paused");
        Assert.Equal(0, accepted);
        Assert.Equal(bytesAtPause, server.AudioBytes);

        pause.Resume();
        var resumedAt = position;
        TestAudio.WritePackets(TestAudio.Tone(Rate, TimeSpan.FromSeconds(1)), Rate, resumedAt, (p, pos) => feed.Write(p, Rate, pos));
        await sink.WaitForAsync(s => s.Finals.Count >= 2, "a final after resume");
        Assert.Equal(bytesAtPause + (Rate * 2 * 2), server.AudioBytes);
        Assert.Single(server.Connections);
        var afterResume = sink.Finals[1];
        Assert.Equal((double)resumedAt / Rate, afterResume.Start.TotalSeconds, 0.01);
        Assert.Equal(((double)resumedAt / Rate) + 1, afterResume.End.TotalSeconds, 0.01);
    }

    [Fact]
    public async Task Provider_failure_reconnects_with_backoff_and_never_reaches_the_caller()
    {
        await using var server = await FakeDeepgramServer.StartAsync();
        server.AbortConnections.Add(1);
        var recognizer = new DeepgramRecognizer(new DeepgramSettings(FakeDeepgramServer.ApiKey, server.ListenUri, null), null, TimeProvider.System);
        var sink = new CollectingSink();
        var metrics = new TranscriptionMetrics();
        await using var feed = new TranscriptionFeed(recognizer, StreamOptions, [sink], metrics, FastOptions);
        feed.Start();

        long position = 0;
        for (var round = 0; round < 400 && sink.Finals.Count == 0; round++)
        {
            position = TestAudio.WritePackets(TestAudio.Tone(Rate, TimeSpan.FromMilliseconds(200)), Rate, position, (p, pos) => feed.Write(p, Rate, pos));
            await Task.Delay(50);
        }

        await sink.WaitForAsync(s => s.Finals.Count >= 1, $"a final from the second connection (connections {server.Connections.Count}, errors {metrics.Errors}, state {feed.Status.State})", TimeSpan.FromSeconds(5));
        Assert.True(server.Connections.Count >= 2);
        Assert.True(metrics.Errors >= 1);
        Assert.True(metrics.Reconnects >= 1);
        Assert.StartsWith("hello 2.", sink.Finals[0].Text, StringComparison.Ordinal);
        Assert.NotNull(feed.Status.LastError);
    }

    [Fact]
    public async Task Wrong_key_is_a_connect_error_counted_by_the_feed()
    {
        await using var server = await FakeDeepgramServer.StartAsync();
        var recognizer = new DeepgramRecognizer(new DeepgramSettings("wrong", server.ListenUri, null), null, TimeProvider.System);
        var error = await Assert.ThrowsAsync<SpeechProviderException>(() => recognizer.OpenStreamAsync(StreamOptions with { SampleRate = 16000 }, CancellationToken.None));
        Assert.Equal("deepgram", error.Provider);

        var metrics = new TranscriptionMetrics();
        await using var feed = new TranscriptionFeed(recognizer, StreamOptions, [], metrics, FastOptions);
        feed.Start();
        Assert.True(feed.Write(new short[160], Rate, 0));
        await TestAudio.WaitUntilAsync(() => metrics.Errors >= 2 && metrics.Reconnects >= 2, "repeated failed connects");
        Assert.Empty(server.Connections);
    }
}
