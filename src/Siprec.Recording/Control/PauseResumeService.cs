using Microsoft.Extensions.Logging;
using Siprec.Media.Pipeline;
using Siprec.Recording.Sessions;

namespace Siprec.Recording.Control;

/// <summary>
/// Pauses and resumes sessions (one or all), enforces the maximum pause duration with timers on the injected
/// clock, and raises a <see cref="PauseEvent"/> per operation. Thread-safe; never waits on media I/O.
/// </summary>
public sealed partial class PauseResumeService : IDisposable
{
    private static readonly TimeSpan IdempotencyWindow = TimeSpan.FromMinutes(10);

    private readonly ISessionRegistry _registry;
    private readonly PauseResumeSettings _settings;
    private readonly TimeProvider _time;
    private readonly IPauseEventSink[] _sinks;
    private readonly ILogger _logger;
    private readonly Lock _timersSync = new();
    private readonly Dictionary<string, ITimer> _timers = new(StringComparer.Ordinal);
    private readonly Lock _keysSync = new();
    private readonly Dictionary<string, DateTimeOffset> _seenKeys = new(StringComparer.Ordinal);

    /// <summary>Creates the service and starts watching the registry for ended sessions.</summary>
    public PauseResumeService(
        ISessionRegistry registry, PauseResumeSettings settings, TimeProvider time,
        IEnumerable<IPauseEventSink> sinks, ILogger<PauseResumeService> logger)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(sinks);
        ArgumentNullException.ThrowIfNull(logger);
        _registry = registry;
        _settings = settings;
        _time = time;
        _sinks = [.. sinks];
        _logger = logger;
        _registry.SessionRemoved += OnSessionRemoved;
    }

    /// <summary>The session's status, or null when no session has this Call-ID or RFC 7865 session id.</summary>
    public PauseStatus? GetStatus(string id) =>
        _registry.TryGet(id, out var session) ? PauseStatus.Of(session!, _time.GetUtcNow()) : null;

    /// <summary>Every session's status, keyed by Call-ID.</summary>
    public IReadOnlyDictionary<string, PauseStatus> GetAllStatuses()
    {
        var now = _time.GetUtcNow();
        return _registry.Snapshot().ToDictionary(s => s.Id, s => PauseStatus.Of(s, now), StringComparer.Ordinal);
    }

    /// <summary>Pauses one session on every stream at once; idempotent. Null when the session does not exist.</summary>
    public PauseStatus? Pause(string id, PauseCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!_registry.TryGet(id, out var session))
        {
            return null;
        }

        return ApplyPause(session!, command, command.IdempotencyKey, null);
    }

    /// <summary>Resumes one session (all or part); a no-op when it is running. Null when the session does not exist.</summary>
    public PauseStatus? Resume(string id, ResumeCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!_registry.TryGet(id, out var session))
        {
            return null;
        }

        return ApplyResume(session!, command, command.IdempotencyKey, null);
    }

    /// <summary>
    /// Pauses every active session; returns each one's status keyed by Call-ID. The sinks are told once, with one event
    /// per session.
    /// </summary>
    public IReadOnlyDictionary<string, PauseStatus> PauseAll(PauseCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var sessions = _registry.Snapshot();
        var result = new Dictionary<string, PauseStatus>(sessions.Count, StringComparer.Ordinal);
        var replay = command.IdempotencyKey is { } key && !FirstUse("pause-all", key);
        var batch = replay ? null : new EventBatch(sessions.Count);
        foreach (var session in sessions)
        {
            if (session.State == SessionState.Active)
            {
                result[session.Id] = batch is null ? PauseStatus.Of(session, _time.GetUtcNow()) : ApplyPause(session, command, null, batch);
            }
        }

        if (batch is not null)
        {
            RaiseAll(batch.Events);
        }

        return result;
    }

    /// <summary>
    /// Resumes every paused session; returns each one's status keyed by Call-ID. The sinks are told once, with one event
    /// per session.
    /// </summary>
    public IReadOnlyDictionary<string, PauseStatus> ResumeAll(ResumeCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var sessions = _registry.Snapshot();
        var result = new Dictionary<string, PauseStatus>(sessions.Count, StringComparer.Ordinal);
        var replay = command.IdempotencyKey is { } key && !FirstUse("resume-all", key);
        var batch = replay ? null : new EventBatch(sessions.Count);
        foreach (var session in sessions)
        {
            result[session.Id] = batch is null ? PauseStatus.Of(session, _time.GetUtcNow()) : ApplyResume(session, command, null, batch);
        }

        if (batch is not null)
        {
            RaiseAll(batch.Events);
        }

        return result;
    }

    /// <summary>
    /// Records that the SRC paused (a=inactive on all streams) or unpaused the session's media, shown in the recording as
    /// <see cref="SourceBehaviorOf"/> says. An API pause is not affected. False when the session does not exist.
    /// </summary>
    public bool SetSourcePaused(string id, bool paused)
    {
        if (!_registry.TryGet(id, out var session))
        {
            return false;
        }

        var t = session!.Pause.SetSourcePaused(paused, SourceBehaviorOf(session.Pause));
        if (t.Changed)
        {
            var status = PauseStatus.Of(session, t.At);
            Raise(new PauseEvent(
                NewEventId(), paused ? PauseEventKind.Paused : PauseEventKind.Resumed, status, PauseSource.Src, true, true, true, "both",
                paused ? null : t.At - t.Before.SourcePausedAt!.Value, null, null, t.At));
        }

        return true;
    }

    /// <summary>
    /// Starts a policy pause of <paramref name="session"/> (recording, and transcription when asked) from
    /// <paramref name="from"/> on the media clock, shown as the default pause behavior; API and SRC pauses are not affected.
    /// </summary>
    public void StartPolicyPause(RecordingSession session, string policy, bool transcription, DateTimeOffset from)
    {
        ArgumentNullException.ThrowIfNull(session);
        var t = session.Pause.PausePolicy(true, transcription, _settings.DefaultBehavior, policy, from);
        if (t.Changed)
        {
            Raise(new PauseEvent(
                NewEventId(), PauseEventKind.Paused, PauseStatus.Of(session, t.At), PauseSource.Policy, true, true, transcription,
                PauseTypeOf(true, transcription), null, policy, null, t.At));
        }
    }

    /// <summary>Ends the policy pause of <paramref name="session"/>, which covered <paramref name="digits"/> digits; other pauses hold on.</summary>
    public void EndPolicyPause(RecordingSession session, string policy, int digits)
    {
        ArgumentNullException.ThrowIfNull(session);
        var t = session.Pause.ResumePolicy();
        if (t.Changed)
        {
            Raise(new PauseEvent(
                NewEventId(), PauseEventKind.Resumed, PauseStatus.Of(session, t.At), PauseSource.Policy, true, true, t.Before.PolicyTranscriptionPaused,
                PauseTypeOf(t.Before.PolicyRecordingPaused, t.Before.PolicyTranscriptionPaused), t.At - t.Before.PolicyPausedAt!.Value, policy, null, t.At)
            {
                DigitCount = digits,
            });
        }
    }

    /// <summary>
    /// How an SRC pause of the session appears in the recording: the configured SRC behavior, else the behavior of the
    /// session's latest API or policy pause, else the default; so a call shows every pause one way unless configured otherwise.
    /// </summary>
    private PausedAudioBehavior SourceBehaviorOf(PauseState pause)
    {
        ArgumentNullException.ThrowIfNull(pause);
        return _settings.SourceBehavior
            ?? pause.History.LastOrDefault(i => i.Source != PauseSource.Src && i.RecordingPaused)?.Behavior
            ?? _settings.DefaultBehavior;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _registry.SessionRemoved -= OnSessionRemoved;
        lock (_timersSync)
        {
            foreach (var timer in _timers.Values)
            {
                timer.Dispose();
            }

            _timers.Clear();
        }
    }

    private static string NewEventId() => Guid.NewGuid().ToString("N");

    private static string PauseTypeOf(bool recording, bool transcription) =>
        (recording, transcription) switch
        {
            (true, true) => "both",
            (true, false) => "recording",
            (false, true) => "transcription",
            _ => "none",
        };

    private PauseStatus ApplyPause(RecordingSession session, PauseCommand command, string? idempotencyKey, EventBatch? batch)
    {
        if (idempotencyKey is not null && !FirstUse("pause:" + session.Id, idempotencyKey))
        {
            return PauseStatus.Of(session, _time.GetUtcNow());
        }

        var recording = command.PauseRecording ?? _settings.PauseRecordingByDefault;
        var transcription = command.PauseTranscription ?? _settings.PauseTranscriptionByDefault;
        var limit = _settings.MaxPauseDuration > TimeSpan.Zero && _settings.AutoResume ? _settings.MaxPauseDuration : (TimeSpan?)null;
        var t = session.Pause.Pause(
            recording, transcription, command.Source, command.Behavior ?? _settings.DefaultBehavior, command.Reason, command.KeyId, limit);
        if (t.Before.ApiPausedAt is null && t.After.ApiPausedAt is { } startedAt)
        {
            ScheduleLimit(session.Id, startedAt);
        }

        var status = PauseStatus.Of(session, t.At);
        RaiseOrAdd(batch, new PauseEvent(
            batch?.Ids.Next() ?? NewEventId(), PauseEventKind.Paused, status, command.Source, t.Changed, recording, transcription,
            PauseTypeOf(t.After.ApiRecordingPaused, t.After.ApiTranscriptionPaused), null, command.Reason, command.KeyId, t.At));
        return status;
    }

    private PauseStatus ApplyResume(RecordingSession session, ResumeCommand command, string? idempotencyKey, EventBatch? batch)
    {
        if (idempotencyKey is not null && !FirstUse("resume:" + session.Id, idempotencyKey))
        {
            return PauseStatus.Of(session, _time.GetUtcNow());
        }

        var t = session.Pause.Resume(command.ResumeRecording, command.ResumeTranscription);
        var ended = t.Before.ApiPausedAt is not null && t.After.ApiPausedAt is null;
        if (ended)
        {
            CancelLimit(session.Id);
        }

        var status = PauseStatus.Of(session, t.At);
        RaiseOrAdd(batch, new PauseEvent(
            batch?.Ids.Next() ?? NewEventId(), PauseEventKind.Resumed, status, t.Before.ApiSource, t.Changed, command.ResumeRecording, command.ResumeTranscription,
            PauseTypeOf(t.Before.ApiRecordingPaused, t.Before.ApiTranscriptionPaused),
            ended ? t.At - t.Before.ApiPausedAt!.Value : null, command.Reason, command.KeyId, t.At));
        return status;
    }

    private bool FirstUse(string scope, string key)
    {
        var now = _time.GetUtcNow();
        var full = scope + "\n" + key;
        lock (_keysSync)
        {
            if (_seenKeys.Count > 1024)
            {
                foreach (var stale in _seenKeys.Where(kv => now - kv.Value > IdempotencyWindow).Select(kv => kv.Key).ToList())
                {
                    _seenKeys.Remove(stale);
                }
            }

            if (_seenKeys.TryGetValue(full, out var seen) && now - seen <= IdempotencyWindow)
            {
                return false;
            }

            _seenKeys[full] = now;
            return true;
        }
    }

    private void ScheduleLimit(string sessionId, DateTimeOffset pausedAt)
    {
        if (_settings.MaxPauseDuration <= TimeSpan.Zero)
        {
            return;
        }

        var due = pausedAt + _settings.MaxPauseDuration - _time.GetUtcNow();
        lock (_timersSync)
        {
            if (_timers.Remove(sessionId, out var old))
            {
                old.Dispose();
            }

            _timers[sessionId] = _time.CreateTimer(
                _ => OnLimitReached(sessionId, pausedAt), null, due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    private void CancelLimit(string sessionId)
    {
        lock (_timersSync)
        {
            if (_timers.Remove(sessionId, out var timer))
            {
                timer.Dispose();
            }
        }
    }

    private void OnLimitReached(string sessionId, DateTimeOffset pausedAt)
    {
        CancelLimit(sessionId);
        if (!_registry.TryGet(sessionId, out var session) || session!.Pause.Snapshot.ApiPausedAt != pausedAt)
        {
            return;
        }

        var before = session.Pause.Snapshot;
        var type = PauseTypeOf(before.ApiRecordingPaused, before.ApiTranscriptionPaused);
        if (_settings.AutoResume)
        {
            var t = session.Pause.Resume(true, true);
            if (!t.Changed)
            {
                return;
            }

            Raise(new PauseEvent(
                NewEventId(), PauseEventKind.AutoResumed, PauseStatus.Of(session, t.At), PauseSource.Policy, true, true, true, type,
                t.At - pausedAt, "maximum pause duration reached", null, t.At));
        }
        else
        {
            var now = _time.GetUtcNow();
            Raise(new PauseEvent(
                NewEventId(), PauseEventKind.PauseLimitExceeded, PauseStatus.Of(session, now), PauseSource.Policy, false, false, false, type,
                null, "maximum pause duration exceeded", null, now));
        }
    }

    private void OnSessionRemoved(RecordingSession session) => CancelLimit(session.Id);

    private void RaiseOrAdd(EventBatch? batch, PauseEvent pauseEvent)
    {
        if (batch is null)
        {
            Raise(pauseEvent);
        }
        else
        {
            batch.Events.Add(pauseEvent);
        }
    }

    private void RaiseAll(List<PauseEvent> pauseEvents)
    {
        if (pauseEvents.Count == 0)
        {
            return;
        }

        foreach (var sink in _sinks)
        {
            try
            {
                sink.PublishAll(pauseEvents);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.SinkFailed(_logger, sink.GetType().Name, ex);
            }
        }
    }

    private void Raise(PauseEvent pauseEvent)
    {
        foreach (var sink in _sinks)
        {
            try
            {
                sink.Publish(pauseEvent);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.SinkFailed(_logger, sink.GetType().Name, ex);
            }
        }
    }

    /// <summary>The events of one bulk operation, told to the sinks together once every session has changed.</summary>
    private sealed class EventBatch(int sessions)
    {
        public List<PauseEvent> Events { get; } = new(sessions);

        public PauseEventIds Ids { get; } = new(sessions);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Pause event sink {Sink} failed")]
        public static partial void SinkFailed(ILogger logger, string sink, Exception exception);
    }
}
