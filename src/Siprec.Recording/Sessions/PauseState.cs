using Siprec.Media.Pipeline;
using Siprec.Transcription.Feed;

namespace Siprec.Recording.Sessions;

/// <summary>
/// The single pause state of a recording session: API/policy pause flags and the SRC pause, combined.
/// Writers serialise on a private lock; <see cref="Current"/> and <see cref="Snapshot"/> are lock-free volatile reads.
/// Each change is published through <see cref="Changed"/>, so followers such as the transcription feeds never poll it.
/// </summary>
public sealed class PauseState : IMediaGate, ITranscriptionGate
{
    private readonly Lock _sync = new();
    private readonly TimeProvider _time;
    private readonly List<PauseInterval> _history = [];
    private volatile Reading _reading = new(PauseSnapshot.Running, PauseSnapshot.Running.Gate);
    private int _openApiInterval = -1;
    private int _openSourceInterval = -1;
    private int _openPolicyInterval = -1;

    /// <summary>Creates a running (unpaused) state.</summary>
    public PauseState(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    /// <summary>
    /// Raised after each change, once the new reading is visible, on the thread that made it and outside the lock; not
    /// for a call that changed nothing. Read <see cref="Snapshot"/> for the state. Handlers return at once and never throw.
    /// </summary>
    public event Action? Changed;

    /// <inheritdoc />
    public MediaGateDecision Current => _reading.Gate;

    /// <inheritdoc />
    bool ITranscriptionGate.TranscriptionPaused => _reading.Snapshot.TranscriptionPaused;

    /// <summary>The current state; an immutable snapshot.</summary>
    public PauseSnapshot Snapshot => _reading.Snapshot;

    /// <summary>Every pause interval so far, oldest first; open intervals have no end.</summary>
    public IReadOnlyList<PauseInterval> History
    {
        get
        {
            lock (_sync)
            {
                return [.. _history];
            }
        }
    }

    /// <summary>
    /// Adds an API or policy pause. Flags combine with an API pause that already holds, whose start,
    /// behavior, reason and auto-resume time are kept.
    /// </summary>
    /// <param name="autoResumeAfter">When set, a new pause is scheduled to resume this long after it starts.</param>
    public PauseTransition Pause(
        bool recording, bool transcription, PauseSource source, PausedAudioBehavior behavior,
        string? reason, string? keyId, TimeSpan? autoResumeAfter) =>
        Announced(ApplyPause(recording, transcription, source, behavior, reason, keyId, autoResumeAfter));

    /// <summary>Lifts the given API/policy pause flags; an SRC pause is not affected.</summary>
    public PauseTransition Resume(bool recording, bool transcription) => Announced(ApplyResume(recording, transcription));

    /// <summary>
    /// Sets or clears the SRC pause (a=inactive on all streams), which appears in the recording as <paramref name="behavior"/>;
    /// API pause flags are not affected.
    /// </summary>
    public PauseTransition SetSourcePaused(bool paused, PausedAudioBehavior behavior = PausedAudioBehavior.Silence) =>
        Announced(ApplySourcePaused(paused, behavior));

    /// <summary>
    /// Starts an automatic policy pause (such as DTMF) that holds apart from API and SRC pauses. The recording stops at
    /// <paramref name="from"/>, which may lie shortly in the past (audio received before the policy found its cause),
    /// but never before the recording's previous change. A no-op while a policy pause holds.
    /// </summary>
    public PauseTransition PausePolicy(bool recording, bool transcription, PausedAudioBehavior behavior, string reason, DateTimeOffset from) =>
        Announced(ApplyPolicyPause(recording, transcription, behavior, reason, from));

    /// <summary>Ends the policy pause; API and SRC pauses are not affected.</summary>
    public PauseTransition ResumePolicy() => Announced(ApplyPolicyResume());

    private PauseTransition ApplyPolicyPause(bool recording, bool transcription, PausedAudioBehavior behavior, string reason, DateTimeOffset from)
    {
        lock (_sync)
        {
            var now = _time.GetUtcNow();
            var before = _reading.Snapshot;
            if (before.PolicyPausedAt is not null || (!recording && !transcription))
            {
                return new PauseTransition(before, before, now);
            }

            var previous = _reading.Gate.RecordingChangedAt;
            var start = from > now ? now : from < previous ? previous : from;
            var after = before with
            {
                PolicyRecordingPaused = recording,
                PolicyTranscriptionPaused = transcription,
                PolicyPausedAt = start,
                PolicyReason = reason,
                PolicyBehavior = behavior,
            };
            Publish(after, now, start);
            _openPolicyInterval = _history.Count;
            _history.Add(new PauseInterval(start, null, PauseSource.Policy, recording, transcription, behavior, reason, null));
            return new PauseTransition(before, after, now);
        }
    }

    private PauseTransition ApplyPolicyResume()
    {
        lock (_sync)
        {
            var now = _time.GetUtcNow();
            var before = _reading.Snapshot;
            if (before.PolicyPausedAt is null)
            {
                return new PauseTransition(before, before, now);
            }

            var after = before with
            {
                PolicyRecordingPaused = false,
                PolicyTranscriptionPaused = false,
                PolicyPausedAt = null,
                PolicyReason = null,
            };
            Publish(after, now);
            _history[_openPolicyInterval] = _history[_openPolicyInterval] with { End = now };
            _openPolicyInterval = -1;
            return new PauseTransition(before, after, now);
        }
    }

    private PauseTransition ApplyPause(
        bool recording, bool transcription, PauseSource source, PausedAudioBehavior behavior,
        string? reason, string? keyId, TimeSpan? autoResumeAfter)
    {
        if (source == PauseSource.Src)
        {
            throw new ArgumentException("SRC pauses go through SetSourcePaused.", nameof(source));
        }

        lock (_sync)
        {
            var now = _time.GetUtcNow();
            var before = _reading.Snapshot;
            var rec = before.ApiRecordingPaused || recording;
            var trans = before.ApiTranscriptionPaused || transcription;
            if (rec == before.ApiRecordingPaused && trans == before.ApiTranscriptionPaused)
            {
                return new PauseTransition(before, before, now);
            }

            var after = before.ApiPausedAt is null
                ? before with
                {
                    ApiRecordingPaused = rec,
                    ApiTranscriptionPaused = trans,
                    ApiPausedAt = now,
                    ApiSource = source,
                    Behavior = behavior,
                    Reason = reason,
                    KeyId = keyId,
                    AutoResumeAt = autoResumeAfter is { } delay ? now + delay : null,
                }
                : before with { ApiRecordingPaused = rec, ApiTranscriptionPaused = trans };
            Publish(after, now);
            ReopenApiInterval(after, now);
            return new PauseTransition(before, after, now);
        }
    }

    private PauseTransition ApplyResume(bool recording, bool transcription)
    {
        lock (_sync)
        {
            var now = _time.GetUtcNow();
            var before = _reading.Snapshot;
            var rec = before.ApiRecordingPaused && !recording;
            var trans = before.ApiTranscriptionPaused && !transcription;
            if (rec == before.ApiRecordingPaused && trans == before.ApiTranscriptionPaused)
            {
                return new PauseTransition(before, before, now);
            }

            var after = rec || trans
                ? before with { ApiRecordingPaused = rec, ApiTranscriptionPaused = trans }
                : before with
                {
                    ApiRecordingPaused = false,
                    ApiTranscriptionPaused = false,
                    ApiPausedAt = null,
                    Reason = null,
                    KeyId = null,
                    AutoResumeAt = null,
                };
            Publish(after, now);
            ReopenApiInterval(after, now);
            return new PauseTransition(before, after, now);
        }
    }

    private PauseTransition ApplySourcePaused(bool paused, PausedAudioBehavior behavior)
    {
        lock (_sync)
        {
            var now = _time.GetUtcNow();
            var before = _reading.Snapshot;
            if (paused == before.SourcePaused)
            {
                return new PauseTransition(before, before, now);
            }

            var after = paused ? before with { SourcePausedAt = now, SourceBehavior = behavior } : before with { SourcePausedAt = null };
            Publish(after, now);
            if (_openSourceInterval >= 0)
            {
                _history[_openSourceInterval] = _history[_openSourceInterval] with { End = now };
                _openSourceInterval = -1;
            }

            if (paused)
            {
                _openSourceInterval = _history.Count;
                _history.Add(new PauseInterval(now, null, PauseSource.Src, true, true, behavior, null, null));
            }

            return new PauseTransition(before, after, now);
        }
    }

    private PauseTransition Announced(PauseTransition transition)
    {
        if (transition.Changed)
        {
            Changed?.Invoke();
        }

        return transition;
    }

    private void Publish(PauseSnapshot snapshot, DateTimeOffset now, DateTimeOffset? backdatedTo = null)
    {
        // The media writer cuts the recording where the gate changed, so the instant moves only when what the recording
        // does changes: not for a transcription-only change, nor for a change of behavior while the recording is open.
        var previous = _reading.Gate;
        var gate = snapshot.Gate;
        var same = gate.RecordingOpen == previous.RecordingOpen && (gate.RecordingOpen || gate.PausedRecording == previous.PausedRecording);
        var backdated = !same && backdatedTo is { } at && at < now;
        _reading = new Reading(snapshot, same
            ? gate with { RecordingChangedAt = previous.RecordingChangedAt, Backdated = previous.Backdated }
            : gate with { RecordingChangedAt = backdated ? backdatedTo!.Value : now, Backdated = backdated });
    }

    private void ReopenApiInterval(PauseSnapshot after, DateTimeOffset now)
    {
        if (_openApiInterval >= 0)
        {
            _history[_openApiInterval] = _history[_openApiInterval] with { End = now };
            _openApiInterval = -1;
        }

        if (after.ApiRecordingPaused || after.ApiTranscriptionPaused)
        {
            _openApiInterval = _history.Count;
            _history.Add(new PauseInterval(
                now, null, after.ApiSource, after.ApiRecordingPaused, after.ApiTranscriptionPaused, after.Behavior, after.Reason, after.KeyId));
        }
    }

    private sealed class Reading(PauseSnapshot snapshot, MediaGateDecision gate)
    {
        public PauseSnapshot Snapshot { get; } = snapshot;

        public MediaGateDecision Gate { get; } = gate;
    }
}
