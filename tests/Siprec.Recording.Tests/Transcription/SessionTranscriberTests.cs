using Siprec.Media.Pipeline;
using Siprec.Recording.Sessions;
using Siprec.Recording.Storage;
using Siprec.Recording.Tests.Srs;
using Siprec.Recording.Transcription;
using Siprec.Transcription;
using Siprec.Transcription.Feed;
using Siprec.Recording.Tests.Support;

namespace Siprec.Recording.Tests.Transcription;

public sealed class SessionTranscriberTests : IDisposable
{
    private static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(20);
    private readonly string _dir = Directory.CreateTempSubdirectory("siprec-transcriber-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task PauseReachesEveryFeedWithoutAudioAndAudioAfterAResumeFlowsAtOnce()
    {
        var recognizer = new CountingRecognizer();
        var session = Session();
        var transcriber = Create(recognizer, session);
        transcriber.MapStream(0, "2");
        transcriber.MapStream(1, "1");

        session.Pause.Pause(false, true, PauseSource.Api, PausedAudioBehavior.Skip, null, null, null);
        Assert.True(await SrsHarness.EventuallyAsync(() =>
            transcriber.Status.Paused && transcriber.Status.Streams.All(s => s.Feed.State == TranscriptionFeedState.Paused)));

        session.Pause.Resume(false, true);
        transcriber.OnAudio(0, new short[160], 8000, 8000);
        Assert.False(transcriber.Status.Paused);
        await transcriber.CompleteAsync();

        Assert.Equal(160, recognizer.Streams[0].Samples);
        Assert.Equal(0, recognizer.Streams[1].Samples);
        Assert.All(recognizer.Streams.Values, s => Assert.Equal(1, s.PauseCalls));
    }

    [Fact]
    public async Task PauseReachesTheProviderWithinOneAudioFrameOnTheInjectedClock()
    {
        var clock = new TimerCountingTimeProvider(DateTimeOffset.UnixEpoch);
        var recognizer = new CountingRecognizer();
        var session = Session(clock);
        var transcriber = Create(recognizer, session, clock);
        transcriber.MapStream(0, "1");
        for (var frame = 0; frame < 10; frame++)
        {
            transcriber.OnAudio(0, new short[160], 8000, frame * 160L);
            clock.Advance(Frame);
        }

        Assert.True(await SrsHarness.EventuallyAsync(() => recognizer.Streams.ContainsKey(0)));
        var stream = recognizer.Streams[0];
        var pausedAt = clock.GetUtcNow();
        session.Pause.Pause(false, true, PauseSource.Api, PausedAudioBehavior.Skip, null, null, null);

        // The clock stands still, so nothing timed (a poll, a keep-alive) can have carried the pause there.
        var samplesBeforePause = await stream.FirstPause.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(pausedAt, clock.GetUtcNow());
        Assert.Equal(1600, samplesBeforePause);

        clock.Advance(Frame);
        transcriber.OnAudio(0, new short[160], 8000, 1600);
        await transcriber.CompleteAsync();
        Assert.Equal(1600, stream.Samples);
        Assert.Equal(1, stream.PauseCalls);
    }

    [Fact]
    public async Task WhilePausedKeepAlivesGoOutEveryIntervalOfTheInjectedClock()
    {
        var clock = new TimerCountingTimeProvider(DateTimeOffset.UnixEpoch);
        var recognizer = new CountingRecognizer();
        var session = Session(clock);
        session.Pause.Pause(false, true, PauseSource.Api, PausedAudioBehavior.Skip, null, null, null);
        var transcriber = Create(recognizer, session, clock);
        transcriber.MapStream(0, "1");
        Assert.True(await SrsHarness.EventuallyAsync(() => recognizer.Streams.ContainsKey(0)));
        var stream = recognizer.Streams[0];
        await stream.FirstPause.WaitAsync(TimeSpan.FromSeconds(10));

        for (var expected = 1; expected <= 2; expected++)
        {
            // The pump's keep-alive timer is the clock's only timer; it runs once the pump waits again.
            Assert.True(await SrsHarness.EventuallyAsync(() => clock.ActiveTimers == 1));
            clock.Advance(TranscriptionFeedOptions.Default.KeepAliveInterval);
            Assert.True(await SrsHarness.EventuallyAsync(() => stream.KeepAlives == expected));
        }

        await transcriber.CompleteAsync();
        Assert.Equal(0, stream.Samples);
    }

    [Fact]
    public async Task EachChannelSpeaksForTheParticipantSendingItsLabel()
    {
        var recognizer = new CountingRecognizer();
        var transcriber = Create(recognizer, Session());
        transcriber.MapStream(0, "2");
        transcriber.MapStream(2, "1");
        transcriber.MapStream(0, "1");
        transcriber.MapStream(3, null);

        transcriber.OnAudio(1, new short[160], 8000, 0);
        transcriber.OnAudio(7, new short[160], 8000, 0);
        var status = transcriber.Status;
        await transcriber.CompleteAsync();

        Assert.Equal("counting", status.Provider);
        Assert.Equal("call-u.transcript.jsonl", status.TranscriptFile);
        Assert.Equal([0, 2, 3], status.Streams.Select(s => s.Channel));
        Assert.Equal(["sip:bob@example.com", "sip:alice@example.com", null], status.Streams.Select(s => s.SpeakerAor));
        Assert.Equal("Alice", status.Streams[1].SpeakerName);
        Assert.All(recognizer.Streams.Values, s => Assert.Equal(0, s.Samples));
        Assert.True(File.Exists(Path.Combine(_dir, "call-u.transcript.jsonl")));
    }

    [Fact]
    public async Task CompletionIsIdempotentAndLaterStreamsAreNotStarted()
    {
        var recognizer = new CountingRecognizer();
        var transcriber = Create(recognizer, Session());
        transcriber.MapStream(0, "1");
        await transcriber.CompleteAsync();
        await transcriber.CompleteAsync();

        transcriber.MapStream(1, "2");
        transcriber.OnAudio(0, new short[160], 8000, 0);

        Assert.Single(transcriber.Status.Streams);
        Assert.DoesNotContain(1, recognizer.Streams.Keys);
    }

    private static RecordingSession Session(TimeProvider? time = null) =>
        new("call-u", DateTimeOffset.UnixEpoch, time ?? TimeProvider.System, null,
            [new Participant("sip:alice@example.com", "Alice", ["1"]), new Participant("sip:bob@example.com", null, ["2"])]);

    private SessionTranscriber Create(ISpeechRecognizer recognizer, RecordingSession session, TimeProvider? time = null) =>
        new SessionTranscriberFactory(recognizer, [], new TranscriptionMetrics(), null, time ?? TimeProvider.System)
            .Create(session, new RecordingLocation(_dir, "call-u"));
}
