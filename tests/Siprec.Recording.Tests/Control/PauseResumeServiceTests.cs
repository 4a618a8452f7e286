using Microsoft.Extensions.Logging.Abstractions;
using Siprec.Media.Pipeline;
using Siprec.Recording.Control;
using Siprec.Recording.Sessions;
using Siprec.Recording.Tests.Support;

namespace Siprec.Recording.Tests.Control;

public sealed class PauseResumeServiceTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2023, 12, 1, 10, 30, 0, TimeSpan.Zero);
    private readonly TimerCountingTimeProvider _clock = new(Start);
    private readonly InMemorySessionRegistry _registry = new();
    private readonly RecordingSink _sink = new();
    private PauseResumeService? _service;

    public void Dispose() => _service?.Dispose();

    private PauseResumeService Service(PauseResumeSettings? settings = null)
    {
        _service = new PauseResumeService(_registry, settings ?? new PauseResumeSettings(), _clock, [_sink], NullLogger<PauseResumeService>.Instance);
        return _service;
    }

    private RecordingSession Add(string id, string? alias = null)
    {
        var session = new RecordingSession(id, _clock.GetUtcNow(), _clock, alias);
        _registry.TryAdd(session);
        return session;
    }

    [Fact]
    public void UnknownSessionGivesNull()
    {
        var service = Service();
        Assert.Null(service.Pause("nope", new PauseCommand()));
        Assert.Null(service.Resume("nope", new ResumeCommand()));
        Assert.Null(service.GetStatus("nope"));
        Assert.False(service.SetSourcePaused("nope", true));
    }

    [Theory]
    [InlineData(true, true, true, true)]
    [InlineData(false, true, false, true)]
    [InlineData(true, false, true, false)]
    public void DefaultsComeFromSettings(bool defRecording, bool defTranscription, bool expRecording, bool expTranscription)
    {
        var service = Service(new PauseResumeSettings(defRecording, defTranscription));
        Add("c1");
        var status = service.Pause("c1", new PauseCommand())!;
        Assert.Equal(expRecording, status.RecordingPaused);
        Assert.Equal(expTranscription, status.TranscriptionPaused);
        Assert.Equal(Start, status.PausedAt);
    }

    [Fact]
    public void AliasReachesTheSameSession()
    {
        var service = Service();
        var session = Add("c1", "rs-77");
        var status = service.Pause("rs-77", new PauseCommand(true, false))!;
        Assert.Equal("c1", status.SessionId);
        Assert.False(session.Pause.Current.RecordingOpen);
    }

    [Fact]
    public void DurationGrowsWithTheClock()
    {
        var service = Service();
        Add("c1");
        service.Pause("c1", new PauseCommand());
        _clock.Advance(TimeSpan.FromSeconds(150));
        Assert.Equal(TimeSpan.FromSeconds(150), service.GetStatus("c1")!.PauseDuration);
    }

    [Fact]
    public void IdempotencyKeyAppliesOnce()
    {
        var service = Service();
        Add("c1");
        service.Pause("c1", new PauseCommand(IdempotencyKey: "k1"));
        service.Resume("c1", new ResumeCommand());
        var replay = service.Pause("c1", new PauseCommand(IdempotencyKey: "k1"))!;
        Assert.False(replay.IsPaused);
        Assert.Equal(2, _sink.Events.Count);
        _clock.Advance(TimeSpan.FromMinutes(11));
        Assert.True(service.Pause("c1", new PauseCommand(IdempotencyKey: "k1"))!.IsPaused);
    }

    [Fact]
    public void EventsCarryChangeFlagTypeAndEndedDuration()
    {
        var service = Service();
        Add("c1");
        service.Pause("c1", new PauseCommand(true, false, "pci", KeyId: "key-1"));
        service.Pause("c1", new PauseCommand(true, false));
        _clock.Advance(TimeSpan.FromSeconds(42));
        service.Resume("c1", new ResumeCommand());
        var events = _sink.Events.ToArray();
        Assert.Equal([true, false, true], events.Select(e => e.Changed));
        Assert.Equal(PauseEventKind.Paused, events[0].Kind);
        Assert.Equal("recording", events[0].PauseType);
        Assert.Equal("key-1", events[0].KeyId);
        Assert.Equal("pci", events[0].Reason);
        Assert.Equal(PauseEventKind.Resumed, events[2].Kind);
        Assert.Equal("recording", events[2].PauseType);
        Assert.Equal(TimeSpan.FromSeconds(42), events[2].EndedPauseDuration);
        Assert.Equal("session.resumed", events[2].Name);
    }

    [Fact]
    public void AutoResumeAtLimit()
    {
        var service = Service(new PauseResumeSettings(MaxPauseDuration: TimeSpan.FromHours(1), AutoResume: true));
        var session = Add("c1");
        var status = service.Pause("c1", new PauseCommand())!;
        Assert.Equal(Start.AddHours(1), status.AutoResumeAt);
        _clock.Advance(TimeSpan.FromMinutes(59));
        Assert.True(session.Pause.Snapshot.IsPaused);
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(session.Pause.Snapshot.IsPaused);
        var last = _sink.Events.Last();
        Assert.Equal(PauseEventKind.AutoResumed, last.Kind);
        Assert.Equal("session.auto_resumed", last.Name);
        Assert.Equal(TimeSpan.FromHours(1), last.EndedPauseDuration);
    }

    [Fact]
    public void AutoResumeTimerIsCancelledByManualResume()
    {
        var service = Service(new PauseResumeSettings(MaxPauseDuration: TimeSpan.FromMinutes(10), AutoResume: true));
        Add("c1");
        service.Pause("c1", new PauseCommand());
        _clock.Advance(TimeSpan.FromMinutes(5));
        service.Resume("c1", new ResumeCommand());
        Assert.Equal(0, _clock.ActiveTimers);
        service.Pause("c1", new PauseCommand());
        _clock.Advance(TimeSpan.FromMinutes(6));
        Assert.True(service.GetStatus("c1")!.IsPaused);
        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.False(service.GetStatus("c1")!.IsPaused);
    }

    [Fact]
    public void LimitWithoutAutoResumeWarnsOnceAndStaysPaused()
    {
        var service = Service(new PauseResumeSettings(MaxPauseDuration: TimeSpan.FromMinutes(30)));
        Add("c1");
        var status = service.Pause("c1", new PauseCommand())!;
        Assert.Null(status.AutoResumeAt);
        _clock.Advance(TimeSpan.FromMinutes(31));
        _clock.Advance(TimeSpan.FromHours(5));
        Assert.True(service.GetStatus("c1")!.IsPaused);
        Assert.True(service.GetStatus("c1")!.RecordingPaused);
        Assert.Single(_sink.Events, e => e.Kind == PauseEventKind.PauseLimitExceeded);
        Assert.Equal("session.pause_limit_exceeded", _sink.Events.Last().Name);
    }

    [Fact]
    public void RemovedSessionCancelsItsTimer()
    {
        var service = Service(new PauseResumeSettings(MaxPauseDuration: TimeSpan.FromMinutes(1), AutoResume: true));
        Add("c1");
        service.Pause("c1", new PauseCommand());
        _registry.TryRemove("c1", out _);
        Assert.Equal(0, _clock.ActiveTimers);
    }

    [Fact]
    public void SourcePauseRaisesSrcEventsAndSurvivesApiResume()
    {
        var service = Service();
        var session = Add("c1");
        Assert.True(service.SetSourcePaused("c1", true));
        service.Pause("c1", new PauseCommand(true, false));
        service.ResumeAll(new ResumeCommand());
        var status = service.GetStatus("c1")!;
        Assert.True(status.IsPaused);
        Assert.True(status.SourcePaused);
        Assert.Equal(PauseSource.Src, status.Source);
        Assert.False(session.Pause.Current.RecordingOpen);
        _clock.Advance(TimeSpan.FromSeconds(8));
        service.SetSourcePaused("c1", false);
        Assert.True(session.Pause.Current.RecordingOpen);
        var srcEvents = _sink.Events.Where(e => e.Source == PauseSource.Src).ToArray();
        Assert.Equal([PauseEventKind.Paused, PauseEventKind.Resumed], srcEvents.Select(e => e.Kind));
        Assert.Equal(TimeSpan.FromSeconds(8), srcEvents[1].EndedPauseDuration);
    }

    [Theory]
    [InlineData(PausedAudioBehavior.Skip, null, null, PausedAudioBehavior.Skip)]
    [InlineData(PausedAudioBehavior.Silence, null, null, PausedAudioBehavior.Silence)]
    [InlineData(PausedAudioBehavior.Skip, PausedAudioBehavior.Silence, null, PausedAudioBehavior.Silence)]
    [InlineData(PausedAudioBehavior.Silence, PausedAudioBehavior.Skip, null, PausedAudioBehavior.Skip)]
    [InlineData(PausedAudioBehavior.Skip, PausedAudioBehavior.Skip, PausedAudioBehavior.Silence, PausedAudioBehavior.Silence)]
    [InlineData(PausedAudioBehavior.Skip, null, PausedAudioBehavior.Silence, PausedAudioBehavior.Silence)]
    public void ASourcePauseFollowsTheCallsPauseBehaviorUnlessConfiguredOtherwise(
        PausedAudioBehavior configured, PausedAudioBehavior? requested, PausedAudioBehavior? sourceConfigured, PausedAudioBehavior expected)
    {
        var service = Service(new PauseResumeSettings(DefaultBehavior: configured, SourceBehavior: sourceConfigured));
        var session = Add("c1");
        if (requested is { } behavior)
        {
            service.Pause("c1", new PauseCommand(true, true, Behavior: behavior));
            service.Resume("c1", new ResumeCommand());
        }

        service.SetSourcePaused("c1", true);

        Assert.Equal(expected, session.Pause.Current.PausedRecording);
        var interval = session.Pause.History[^1];
        Assert.Equal((PauseSource.Src, expected), (interval.Source, interval.Behavior));
    }

    [Theory]
    [InlineData(PausedAudioBehavior.Skip, PausedAudioBehavior.Silence, PausedAudioBehavior.Skip)]
    [InlineData(PausedAudioBehavior.Silence, PausedAudioBehavior.Skip, PausedAudioBehavior.Skip)]
    [InlineData(PausedAudioBehavior.Silence, PausedAudioBehavior.Silence, PausedAudioBehavior.Silence)]
    public void WhereAnApiAndAnSrcPauseOverlapTheFileIsCutIfEitherSkips(PausedAudioBehavior api, PausedAudioBehavior src, PausedAudioBehavior overlap)
    {
        var service = Service(new PauseResumeSettings(SourceBehavior: src));
        var session = Add("c1");

        service.Pause("c1", new PauseCommand(true, true, Behavior: api));
        service.SetSourcePaused("c1", true);
        Assert.Equal(overlap, session.Pause.Current.PausedRecording);
        service.Resume("c1", new ResumeCommand());
        Assert.Equal(src, session.Pause.Current.PausedRecording);
    }

    [Fact]
    public void PauseAllAndResumeAllActOnEverySession()
    {
        var service = Service();
        var sessions = Enumerable.Range(0, 5).Select(i => Add("c" + i)).ToArray();
        var ending = Add("ending");
        ending.State = SessionState.Ending;
        var paused = service.PauseAll(new PauseCommand(false, true, Behavior: PausedAudioBehavior.Silence));
        Assert.Equal(5, paused.Count);
        Assert.All(sessions, s => Assert.False(s.Pause.Current.TranscriptionOpen));
        Assert.All(sessions, s => Assert.True(s.Pause.Current.RecordingOpen));
        Assert.All(paused.Values, s => Assert.Equal(PausedAudioBehavior.Silence, s.Behavior));
        var resumed = service.ResumeAll(new ResumeCommand());
        Assert.Equal(6, resumed.Count);
        Assert.All(resumed.Values, s => Assert.False(s.IsPaused));
        Assert.Equal(6, service.GetAllStatuses().Count);
    }

    [Fact]
    public void PauseAllAndResumeAllTellEachSinkOnceWithAnEventPerSession()
    {
        var batches = new BatchCountingSink();
        _service = new PauseResumeService(_registry, new PauseResumeSettings(), _clock, [batches, _sink], NullLogger<PauseResumeService>.Instance);
        var sessions = Enumerable.Range(0, 4).Select(i => Add("c" + i)).ToArray();
        _service.PauseAll(new PauseCommand(KeyId: "k1"));
        Assert.Equal(1, batches.Batches);
        Assert.Equal(sessions.Select(s => s.Id).Order(), batches.Events.Select(e => e.Status.SessionId).Order());
        Assert.All(batches.Events, e => Assert.Equal(PauseEventKind.Paused, e.Kind));
        Assert.All(batches.Events, e => Assert.True(e.Changed));
        Assert.All(batches.Events, e => Assert.Equal("k1", e.KeyId));
        Assert.Equal(4, _sink.Events.Count);
        _service.ResumeAll(new ResumeCommand());
        Assert.Equal(2, batches.Batches);
        Assert.Equal(4, batches.Events.Count(e => e.Kind == PauseEventKind.Resumed && e.Changed));
        Assert.Equal(8, batches.Events.Select(e => e.EventId).Distinct().Count());
        Assert.Equal(8, _sink.Events.Count);
    }

    [Fact]
    public void PauseAllOverNoSessionTellsNoSink()
    {
        var batches = new BatchCountingSink();
        _service = new PauseResumeService(_registry, new PauseResumeSettings(), _clock, [batches], NullLogger<PauseResumeService>.Instance);
        Assert.Empty(_service.PauseAll(new PauseCommand()));
        Assert.Equal(0, batches.Batches);
    }

    [Fact]
    public void FailingSinkDoesNotBreakTheOperation()
    {
        _service = new PauseResumeService(
            _registry, new PauseResumeSettings(), _clock, [new ThrowingSink(), _sink], NullLogger<PauseResumeService>.Instance);
        Add("c1");
        Assert.True(_service.Pause("c1", new PauseCommand())!.IsPaused);
        Assert.Single(_sink.Events);
    }

    [Fact]
    public void FailingSinkDoesNotBreakABulkOperation()
    {
        _service = new PauseResumeService(
            _registry, new PauseResumeSettings(), _clock, [new ThrowingSink(), _sink], NullLogger<PauseResumeService>.Instance);
        Add("c1");
        Add("c2");
        Assert.All(_service.PauseAll(new PauseCommand()).Values, s => Assert.True(s.IsPaused));
        Assert.Equal(2, _sink.Events.Count);
    }

    private sealed class BatchCountingSink : IPauseEventSink
    {
        public int Batches { get; private set; }

        public List<PauseEvent> Events { get; } = [];

        public void Publish(PauseEvent pauseEvent) => throw new InvalidOperationException("a bulk operation must come as one batch");

        public void PublishAll(IReadOnlyList<PauseEvent> pauseEvents)
        {
            Batches++;
            Events.AddRange(pauseEvents);
        }
    }

    private sealed class ThrowingSink : IPauseEventSink
    {
        public void Publish(PauseEvent pauseEvent) => throw new InvalidOperationException("sink failure");
    }
}
