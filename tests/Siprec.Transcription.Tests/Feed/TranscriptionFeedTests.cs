using Siprec.Transcription.Feed;
using Siprec.Transcription.Output;
using Siprec.Transcription.Tests.Fakes;

namespace Siprec.Transcription.Tests.Feed;

public sealed class TranscriptionFeedTests
{
    private static readonly SpeechStreamOptions Stream = new("call-9", 0, "sip:a@example.com", "A", null, 8000, TimeSpan.Zero);

    [Fact]
    public async Task A_stalled_provider_never_blocks_the_caller_and_the_oldest_audio_is_dropped()
    {
        var recognizer = new ScriptedRecognizer { StallWrites = true };
        var metrics = new TranscriptionMetrics();
        var options = TranscriptionFeedOptions.Default with { QueueCapacity = 10, CompleteTimeout = TimeSpan.FromMilliseconds(200) };
        await using var feed = new TranscriptionFeed(recognizer, Stream, [], metrics, options);
        feed.Start();
        await TestAudio.WaitUntilAsync(() => recognizer.Opens == 1, "the stream to open");

        var accepted = 0;
        for (var i = 0; i < 100; i++)
        {
            accepted += feed.Write(new short[160], 8000, i * 160L) ? 1 : 0;
        }

        Assert.Equal(100, accepted);
        await TestAudio.WaitUntilAsync(() => feed.Status.DroppedChunks >= 89, "drops to be counted");
        Assert.InRange(feed.Status.DroppedChunks, 89, 90);
        Assert.Equal(feed.Status.DroppedChunks, metrics.DroppedChunks);
        await feed.CompleteAsync();
    }

    [Fact]
    public async Task While_the_provider_is_unreachable_the_queued_audio_level_stops_at_the_capacity_and_empties_when_the_feed_ends()
    {
        var recognizer = new ScriptedRecognizer { FailOpen = true };
        var metrics = new TranscriptionMetrics();
        var options = TranscriptionFeedOptions.Default with { QueueCapacity = 10, ReconnectBaseDelay = TimeSpan.FromMilliseconds(10), ReconnectMaxDelay = TimeSpan.FromMilliseconds(20) };
        var feed = new TranscriptionFeed(recognizer, Stream, [], metrics, options);
        Assert.Equal(1, metrics.FeedsIn(TranscriptionFeedState.Connecting));
        feed.Start();
        await TestAudio.WaitUntilAsync(() => metrics.FeedsIn(TranscriptionFeedState.Reconnecting) + metrics.FeedsIn(TranscriptionFeedState.CircuitOpen) == 1, "the feed to fail");
        Assert.Equal(0, metrics.FeedsIn(TranscriptionFeedState.Connecting));

        for (var i = 0; i < 25; i++)
        {
            Assert.True(feed.Write(new short[160], 8000, i * 160L));
        }

        Assert.Equal(10, metrics.QueuedChunks);
        Assert.Equal(15, metrics.DroppedChunks);
        await feed.DisposeAsync();

        Assert.Equal(0, metrics.QueuedChunks);
        Assert.All(Enum.GetValues<TranscriptionFeedState>(), state => Assert.Equal(0, metrics.FeedsIn(state)));
    }

    [Fact]
    public async Task Audio_is_resampled_to_the_provider_rate()
    {
        var recognizer = new ScriptedRecognizer { PreferredSampleRate = 16000 };
        var metrics = new TranscriptionMetrics();
        await using var feed = new TranscriptionFeed(recognizer, Stream, [], metrics);
        feed.Start();
        TestAudio.WritePackets(TestAudio.Tone(8000, TimeSpan.FromSeconds(1)), 8000, 0, (p, pos) => feed.Write(p, 8000, pos));
        await feed.CompleteAsync();

        Assert.InRange(recognizer.Samples, 16000 - 2, 16000 + 2);
        Assert.Equal(1.0, metrics.AudioSecondsSent, 3);
    }

    [Fact]
    public async Task Repeated_failures_open_the_circuit_and_stop_connection_attempts()
    {
        var recognizer = new ScriptedRecognizer { FailOpen = true };
        var metrics = new TranscriptionMetrics();
        var options = TranscriptionFeedOptions.Default with
        {
            ReconnectBaseDelay = TimeSpan.FromMilliseconds(10),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(20),
            BreakerMinimumFailures = 3,
            BreakerBreakDuration = TimeSpan.FromMinutes(5),
            CompleteTimeout = TimeSpan.FromMilliseconds(100),
        };
        await using var feed = new TranscriptionFeed(recognizer, Stream, [], metrics, options);
        feed.Start();

        await TestAudio.WaitUntilAsync(() => feed.Status.State == TranscriptionFeedState.CircuitOpen, "the circuit to open");
        await TestAudio.WaitUntilAsync(() => metrics.Reconnects >= 6, "retries against the open circuit");
        Assert.Equal(3, recognizer.Opens);
        Assert.Equal(3, metrics.Errors);
        Assert.True(feed.Write(new short[160], 8000, 0));
        Assert.Contains("connection refused", feed.Status.LastError, StringComparison.Ordinal);
        await feed.CompleteAsync();
        Assert.Equal(TranscriptionFeedState.Completed, feed.Status.State);
    }

    [Fact]
    public async Task A_failing_sink_does_not_stop_other_sinks()
    {
        var recognizer = new ScriptedRecognizer();
        var sink = new CollectingSink();
        await using var feed = new TranscriptionFeed(recognizer, Stream, [new ThrowingSink(), sink], new TranscriptionMetrics());
        feed.Start();
        var result = new TranscriptResult("call-9", 0, null, null, true, "hi", 1, TimeSpan.Zero, TimeSpan.FromSeconds(1), "scripted", DateTimeOffset.UnixEpoch);
        recognizer.Results.Writer.TryWrite(result);
        recognizer.Results.Writer.TryWrite(result with { Text = "again" });
        await sink.WaitForAsync(s => s.Finals.Count == 2, "both results");
        await feed.CompleteAsync();
    }

    [Fact]
    public async Task Results_name_the_speaker_set_last_whatever_the_stream_was_opened_for()
    {
        var recognizer = new ScriptedRecognizer();
        var sink = new CollectingSink();
        await using var feed = new TranscriptionFeed(recognizer, Stream, [sink], new TranscriptionMetrics());
        feed.Start();
        var result = new TranscriptResult("call-9", 0, "sip:a@example.com", "A", true, "one", 1, TimeSpan.Zero, TimeSpan.FromSeconds(1), "scripted", DateTimeOffset.UnixEpoch);
        recognizer.Results.Writer.TryWrite(result);
        await sink.WaitForAsync(s => s.Finals.Count == 1, "the first result");

        feed.SetSpeaker("sip:b@example.com", null);
        recognizer.Results.Writer.TryWrite(result with { Text = "two" });
        await sink.WaitForAsync(s => s.Finals.Count == 2, "the second result");
        await feed.CompleteAsync();

        Assert.Equal([("one", "sip:a@example.com", "A"), ("two", "sip:b@example.com", null)], sink.Finals.Select(r => (r.Text, r.SpeakerAor, r.SpeakerName)));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(8000, -1)]
    public async Task Invalid_or_empty_audio_is_refused_without_throwing(int sampleRate, long position)
    {
        await using var feed = new TranscriptionFeed(new ScriptedRecognizer(), Stream, [], new TranscriptionMetrics());
        Assert.False(feed.Write(new short[160], sampleRate, position));
        Assert.False(feed.Write([], 8000, 0));
    }

    [Fact]
    public async Task Audio_written_while_paused_is_refused()
    {
        var pause = new TranscriptionPauseSwitch();
        await using var feed = new TranscriptionFeed(new ScriptedRecognizer(), Stream, [], new TranscriptionMetrics(), gate: pause);
        pause.Pause();
        Assert.False(feed.Write(new short[160], 8000, 0));
        pause.Resume();
        Assert.True(feed.Write(new short[160], 8000, 160));
    }

    [Fact]
    public async Task Disposing_twice_is_harmless_and_stops_a_running_feed()
    {
        var recognizer = new ScriptedRecognizer { StallWrites = true };
        var feed = new TranscriptionFeed(recognizer, Stream, [], new TranscriptionMetrics());
        feed.Start();
        Assert.True(feed.Write(new short[160], 8000, 0));
        await TestAudio.WaitUntilAsync(() => recognizer.Opens == 1, "the stream to open");
        await feed.DisposeAsync();
        await feed.DisposeAsync();
        Assert.Equal(TranscriptionFeedState.Completed, feed.Status.State);
    }

    private sealed class ThrowingSink : ITranscriptSink
    {
        public ValueTask WriteAsync(TranscriptResult result, CancellationToken cancellationToken) => throw new IOException("disk full");
    }
}
