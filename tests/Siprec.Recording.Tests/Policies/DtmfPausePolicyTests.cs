using Microsoft.Extensions.Logging.Abstractions;
using Siprec.Media.Dtmf;
using Siprec.Media.Pipeline;
using Siprec.Recording.Control;
using Siprec.Recording.Policies;
using Siprec.Recording.Sessions;
using Siprec.Recording.Tests.Support;

namespace Siprec.Recording.Tests.Policies;

public sealed class DtmfPausePolicyTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan ResumeAfter = TimeSpan.FromSeconds(3);
    private readonly TimerCountingTimeProvider _clock = new(Start);
    private readonly InMemorySessionRegistry _registry = new();
    private readonly RecordingSink _sink = new();
    private readonly PauseResumeService _service;
    private readonly RecordingSession _session;

    public DtmfPausePolicyTests()
    {
        _service = new PauseResumeService(_registry, new PauseResumeSettings(), _clock, [_sink], NullLogger<PauseResumeService>.Instance);
        _session = new RecordingSession("call-1", Start, _clock);
        _registry.TryAdd(_session);
    }

    public void Dispose() => _service.Dispose();

    private DtmfPausePolicy Policy(bool transcription = true) =>
        new(_session, _service, new DtmfPauseSettings(transcription, ResumeAfter), _clock, Start);

    private static DtmfActivity Digit(double seconds, DtmfActivityKind kind = DtmfActivityKind.Started, DtmfSignal signal = DtmfSignal.TelephoneEvent) =>
        new(0, TimeSpan.FromSeconds(seconds), kind, signal);

    [Fact]
    public void FirstDigitPausesFromWhereItStarts()
    {
        using var policy = Policy();
        _clock.Advance(TimeSpan.FromSeconds(10.2));

        policy.Observe(Digit(10.05));

        var snapshot = _session.Pause.Snapshot;
        Assert.True(snapshot.RecordingPaused);
        Assert.True(snapshot.TranscriptionPaused);
        Assert.Equal(Start.AddSeconds(10.05), snapshot.PolicyPausedAt);
        Assert.Equal(PauseSource.Policy, snapshot.PausedBy);
        Assert.Equal("dtmf", snapshot.StatusReason);
        Assert.Equal(Start.AddSeconds(10.05), _session.Pause.Current.RecordingChangedAt);
        Assert.True(_session.Pause.Current.Backdated);
        var paused = Assert.Single(_sink.Events);
        Assert.Equal((PauseEventKind.Paused, PauseSource.Policy, "dtmf"), (paused.Kind, paused.Source, paused.Reason));
    }

    [Fact]
    public void TranscriptionCanStayOn()
    {
        using var policy = Policy(transcription: false);
        _clock.Advance(TimeSpan.FromSeconds(1));

        policy.Observe(Digit(0.9));

        Assert.True(_session.Pause.Snapshot.RecordingPaused);
        Assert.False(_session.Pause.Snapshot.TranscriptionPaused);
    }

    [Fact]
    public void EndsExactlyTheResumeDelayAfterTheLastDigit()
    {
        using var policy = Policy();
        _clock.Advance(TimeSpan.FromSeconds(5));
        policy.Observe(Digit(5));
        for (var i = 1; i < 16; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(200));
            policy.Observe(Digit(5 + (i * 0.2)));
        }

        _clock.Advance(ResumeAfter - TimeSpan.FromTicks(1));
        Assert.True(_session.Pause.Snapshot.IsPaused);

        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.False(_session.Pause.Snapshot.IsPaused);
        var resumed = _sink.Events.Last();
        Assert.Equal((PauseEventKind.Resumed, PauseSource.Policy, 16), (resumed.Kind, resumed.Source, resumed.DigitCount));
        Assert.Equal(TimeSpan.FromSeconds(6), resumed.EndedPauseDuration);
    }

    [Fact]
    public void ContinuingTelephoneEventsKeepItGoing()
    {
        using var policy = Policy();
        policy.Observe(Digit(0));
        for (var i = 0; i < 5; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            policy.Observe(Digit(0, DtmfActivityKind.Continuing));
        }

        _clock.Advance(ResumeAfter - TimeSpan.FromTicks(1));
        Assert.True(_session.Pause.Snapshot.IsPaused);
        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.False(_session.Pause.Snapshot.IsPaused);
    }

    [Fact]
    public void AToneStillHeldKeepsItGoingUntilItEnds()
    {
        using var policy = Policy();
        policy.Observe(Digit(0, signal: DtmfSignal.InBand));
        _clock.Advance(ResumeAfter * 3);
        Assert.True(_session.Pause.Snapshot.IsPaused);

        policy.Observe(Digit(9, DtmfActivityKind.Ended, DtmfSignal.InBand));
        _clock.Advance(ResumeAfter);
        Assert.False(_session.Pause.Snapshot.IsPaused);
    }

    [Fact]
    public void AnApiPauseMadeDuringItSurvivesItsEnd()
    {
        using var policy = Policy();
        policy.Observe(Digit(0));
        _clock.Advance(TimeSpan.FromSeconds(1));
        _service.Pause("call-1", new PauseCommand(PauseRecording: true, PauseTranscription: false, Reason: "agent"));

        _clock.Advance(ResumeAfter);

        var snapshot = _session.Pause.Snapshot;
        Assert.False(snapshot.PolicyRecordingPaused);
        Assert.True(snapshot.RecordingPaused);
        Assert.Equal(PauseSource.Api, snapshot.PausedBy);
        Assert.Equal("agent", snapshot.StatusReason);
    }

    [Fact]
    public void AnApiResumeDoesNotEndIt()
    {
        using var policy = Policy();
        _service.Pause("call-1", new PauseCommand());
        _clock.Advance(TimeSpan.FromSeconds(1));
        policy.Observe(Digit(1));

        _service.Resume("call-1", new ResumeCommand(true, true));

        var snapshot = _session.Pause.Snapshot;
        Assert.True(snapshot.RecordingPaused);
        Assert.Equal(PauseSource.Policy, snapshot.PausedBy);
        Assert.Equal("dtmf", snapshot.StatusReason);
    }

    [Fact]
    public void ANewDigitAfterTheEndStartsANewPause()
    {
        using var policy = Policy();
        policy.Observe(Digit(0));
        _clock.Advance(ResumeAfter);
        _clock.Advance(TimeSpan.FromSeconds(2));

        policy.Observe(Digit(5));

        Assert.True(_session.Pause.Snapshot.RecordingPaused);
        Assert.Equal(2, _session.Pause.History.Count(i => i.Source == PauseSource.Policy));
        Assert.Equal(1, policy.Digits);
    }

    [Fact]
    public void DisposingEndsAHoldingPauseAndItsTimer()
    {
        var timersBefore = _clock.ActiveTimers;
        var policy = Policy();
        policy.Observe(Digit(0));

        policy.Dispose();

        Assert.False(_session.Pause.Snapshot.IsPaused);
        Assert.Equal(timersBefore, _clock.ActiveTimers);
        Assert.NotNull(_session.Pause.History.Single().End);
    }

    [Fact]
    public void ThePauseStartsNoEarlierThanTheRecordingsLastChange()
    {
        using var policy = Policy();
        _clock.Advance(TimeSpan.FromSeconds(2));
        _service.Pause("call-1", new PauseCommand(Behavior: PausedAudioBehavior.Silence));
        _clock.Advance(TimeSpan.FromSeconds(1));
        _service.Resume("call-1", new ResumeCommand(true, true));

        policy.Observe(Digit(2.5));

        Assert.Equal(Start.AddSeconds(3), _session.Pause.Snapshot.PolicyPausedAt);
    }
}
