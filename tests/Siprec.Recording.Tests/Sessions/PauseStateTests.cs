using Microsoft.Extensions.Time.Testing;
using Siprec.Media.Pipeline;
using Siprec.Recording.Sessions;
using Siprec.Recording.Tests.Support;

namespace Siprec.Recording.Tests.Sessions;

public sealed class PauseStateTests
{
    private static readonly DateTimeOffset Start = new(2023, 12, 1, 10, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(true, false, false, true)]
    [InlineData(false, true, true, false)]
    [InlineData(true, true, false, false)]
    public void ApiPauseClosesOnlyTheRequestedGates(bool recording, bool transcription, bool recordingOpen, bool transcriptionOpen)
    {
        var state = new PauseState(new FakeTimeProvider(Start));
        state.Pause(recording, transcription, PauseSource.Api, PausedAudioBehavior.Silence, null, null, null);
        Assert.Equal(recordingOpen, state.Current.RecordingOpen);
        Assert.Equal(transcriptionOpen, state.Current.TranscriptionOpen);
        Assert.Equal(PausedAudioBehavior.Silence, state.Current.PausedRecording);
    }

    [Fact]
    public void EveryChangeIsPublishedOnceWithTheNewReadingVisibleAndNoOpsAreNot()
    {
        var state = new PauseState(new FakeTimeProvider(Start));
        var seen = new List<bool>();
        state.Changed += () => seen.Add(state.Snapshot.TranscriptionPaused);

        state.Pause(false, true, PauseSource.Api, PausedAudioBehavior.Skip, null, null, null);
        state.Pause(false, true, PauseSource.Api, PausedAudioBehavior.Skip, null, null, null);
        state.SetSourcePaused(true);
        state.Resume(true, true);
        state.SetSourcePaused(false);
        state.Resume(true, true);

        Assert.Equal([true, true, true, false], seen);
    }

    [Fact]
    public void RepeatedPauseCombinesFlagsAndKeepsStart()
    {
        var clock = new FakeTimeProvider(Start);
        var state = new PauseState(clock);
        state.Pause(true, false, PauseSource.Api, PausedAudioBehavior.Skip, "card", "key-1", null);
        clock.Advance(TimeSpan.FromSeconds(30));
        var t = state.Pause(false, true, PauseSource.Api, PausedAudioBehavior.Silence, "other", "key-2", null);
        Assert.True(t.Changed);
        Assert.Equal(Start, t.After.PausedAt);
        Assert.True(t.After.RecordingPaused);
        Assert.True(t.After.TranscriptionPaused);
        Assert.Equal(PausedAudioBehavior.Skip, t.After.Behavior);
        Assert.Equal("card", t.After.Reason);
        Assert.False(state.Pause(true, true, PauseSource.Api, PausedAudioBehavior.Skip, null, null, null).Changed);
    }

    [Fact]
    public void PartialResumeKeepsTheOtherFlagAndStart()
    {
        var clock = new FakeTimeProvider(Start);
        var state = new PauseState(clock);
        state.Pause(true, true, PauseSource.Api, PausedAudioBehavior.Skip, null, null, null);
        clock.Advance(TimeSpan.FromSeconds(5));
        var t = state.Resume(false, true);
        Assert.True(t.After.RecordingPaused);
        Assert.False(t.After.TranscriptionPaused);
        Assert.Equal(Start, t.After.PausedAt);
        state.Resume(true, false);
        Assert.False(state.Snapshot.IsPaused);
        Assert.Null(state.Snapshot.PausedAt);
        Assert.Equal(MediaGateDecision.Open.RecordingOpen, state.Current.RecordingOpen);
    }

    [Fact]
    public void GateCarriesTheInstantTheRecordingLastChanged()
    {
        var clock = new FakeTimeProvider(Start);
        var state = new PauseState(clock);
        Assert.Equal(default, state.Current.RecordingChangedAt);

        clock.Advance(TimeSpan.FromSeconds(1));
        state.Pause(false, true, PauseSource.Api, PausedAudioBehavior.Skip, null, null, null);
        Assert.Equal(default, state.Current.RecordingChangedAt);

        clock.Advance(TimeSpan.FromSeconds(1));
        state.Pause(true, false, PauseSource.Api, PausedAudioBehavior.Skip, null, null, null);
        Assert.Equal(new MediaGateDecision(false, false, PausedAudioBehavior.Skip, Start.AddSeconds(2)), state.Current);

        clock.Advance(TimeSpan.FromSeconds(1));
        state.SetSourcePaused(true);
        Assert.Equal(Start.AddSeconds(2), state.Current.RecordingChangedAt);

        // The SRC pause still holds, and shows as silence from the moment the skipping API pause ends.
        clock.Advance(TimeSpan.FromSeconds(1));
        state.Resume(true, true);
        Assert.Equal(new MediaGateDecision(false, false, PausedAudioBehavior.Silence, Start.AddSeconds(4)), state.Current);

        clock.Advance(TimeSpan.FromSeconds(1));
        state.SetSourcePaused(false);
        Assert.Equal(new MediaGateDecision(true, true, PausedAudioBehavior.Silence, Start.AddSeconds(5)), state.Current);
    }

    [Fact]
    public void ResumeOfRunningStateIsNoOp()
    {
        var state = new PauseState(new FakeTimeProvider(Start));
        Assert.False(state.Resume(true, true).Changed);
        Assert.Empty(state.History);
    }

    [Fact]
    public void SourcePauseAndApiPauseAreIndependent()
    {
        var clock = new FakeTimeProvider(Start);
        var state = new PauseState(clock);
        state.SetSourcePaused(true);
        clock.Advance(TimeSpan.FromSeconds(10));
        state.Pause(true, false, PauseSource.Api, PausedAudioBehavior.Skip, null, null, null);
        Assert.Equal(PauseSource.Src, state.Snapshot.PausedBy);
        Assert.Equal(Start, state.Snapshot.PausedAt);

        state.Resume(true, true);
        Assert.False(state.Current.RecordingOpen);
        Assert.False(state.Current.TranscriptionOpen);
        Assert.Equal(PauseSource.Src, state.Snapshot.PausedBy);

        state.Pause(true, false, PauseSource.Api, PausedAudioBehavior.Skip, null, null, null);
        clock.Advance(TimeSpan.FromSeconds(10));
        state.SetSourcePaused(false);
        Assert.False(state.Current.RecordingOpen);
        Assert.True(state.Current.TranscriptionOpen);
        Assert.Equal(PauseSource.Api, state.Snapshot.PausedBy);
        Assert.Equal(Start.AddSeconds(10), state.Snapshot.PausedAt);
    }

    [Fact]
    public void HistoryRecordsIntervalsPerSourceAndFlags()
    {
        var clock = new FakeTimeProvider(Start);
        var state = new PauseState(clock);
        state.Pause(true, true, PauseSource.Api, PausedAudioBehavior.Skip, "pci", "key-a", null);
        clock.Advance(TimeSpan.FromSeconds(5));
        state.SetSourcePaused(true);
        clock.Advance(TimeSpan.FromSeconds(5));
        state.Resume(false, true);
        clock.Advance(TimeSpan.FromSeconds(5));
        state.Resume(true, true);
        state.SetSourcePaused(false);

        var h = state.History;
        Assert.Equal(3, h.Count);
        Assert.Equal(new PauseInterval(Start, Start.AddSeconds(10), PauseSource.Api, true, true, PausedAudioBehavior.Skip, "pci", "key-a"), h[0]);
        Assert.Equal(PauseSource.Src, h[1].Source);
        Assert.Equal(Start.AddSeconds(5), h[1].Start);
        Assert.Equal(Start.AddSeconds(15), h[1].End);
        Assert.Equal(new PauseInterval(Start.AddSeconds(10), Start.AddSeconds(15), PauseSource.Api, true, false, PausedAudioBehavior.Skip, "pci", "key-a"), h[2]);
    }

    [Fact]
    public void AutoResumeTimeIsSetAtPauseStart()
    {
        var state = new PauseState(new FakeTimeProvider(Start));
        state.Pause(true, true, PauseSource.Api, PausedAudioBehavior.Skip, null, null, TimeSpan.FromHours(1));
        Assert.Equal(Start.AddHours(1), state.Snapshot.AutoResumeAt);
    }

    [Fact]
    public void SrcSourceIsRejectedForApiPause() =>
        Assert.Throws<ArgumentException>(() =>
            new PauseState(TimeProvider.System).Pause(true, true, PauseSource.Src, PausedAudioBehavior.Skip, null, null, null));

    [Fact]
    public async Task ConcurrentPausesAndResumesLeaveAConsistentState()
    {
        var state = new PauseState(TimeProvider.System);
        var tasks = Enumerable.Range(0, 8).Select(i => Task.Run(() =>
        {
            for (var n = 0; n < 500; n++)
            {
                if ((n + i) % 2 == 0)
                {
                    state.Pause(true, i % 3 == 0, PauseSource.Api, PausedAudioBehavior.Skip, null, null, null);
                }
                else
                {
                    state.Resume(true, true);
                }
            }
        }));
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(30));
        state.Resume(true, true);
        Assert.False(state.Snapshot.IsPaused);
        Assert.All(state.History, i => Assert.NotNull(i.End));
    }
}
