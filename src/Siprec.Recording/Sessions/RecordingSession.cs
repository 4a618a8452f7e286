using Siprec.Recording.Transcription;

namespace Siprec.Recording.Sessions;

/// <summary>
/// One recorded call, identified by its SIP Call-ID; the RFC 7865 session id is an alias that metadata may set later.
/// Property setters are safe to call from any thread; readers see whole values.
/// </summary>
public sealed class RecordingSession
{
    private volatile string? _recordingSessionId;
    private volatile IReadOnlyList<Participant> _participants;
    private volatile IReadOnlyList<StreamDescription> _streams;
    private volatile StateBox _state = StateBox.For(SessionState.Active);

    /// <summary>Creates an active session.</summary>
    /// <param name="callId">The SIP Call-ID; the session's id everywhere.</param>
    /// <param name="startedAt">When the recording started.</param>
    /// <param name="time">Clock used by the session's pause state.</param>
    public RecordingSession(
        string callId,
        DateTimeOffset startedAt,
        TimeProvider time,
        string? recordingSessionId = null,
        IReadOnlyList<Participant>? participants = null,
        IReadOnlyList<StreamDescription>? streams = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        Id = callId;
        StartedAt = startedAt;
        Pause = new PauseState(time);
        _recordingSessionId = recordingSessionId;
        _participants = participants ?? [];
        _streams = streams ?? [];
    }

    /// <summary>The SIP Call-ID.</summary>
    public string Id { get; }

    /// <summary>The RFC 7865 session id (an alias of <see cref="Id"/>), or null until metadata names it.</summary>
    public string? RecordingSessionId
    {
        get => _recordingSessionId;
        set => _recordingSessionId = value;
    }

    /// <summary>When the recording started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>The participants known from metadata.</summary>
    public IReadOnlyList<Participant> Participants
    {
        get => _participants;
        set => _participants = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The recorded streams in m-line order.</summary>
    public IReadOnlyList<StreamDescription> Streams
    {
        get => _streams;
        set => _streams = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Lifecycle state.</summary>
    public SessionState State
    {
        get => _state.Value;
        set => _state = StateBox.For(value);
    }

    /// <summary>The session's single pause state; every stream obeys it.</summary>
    public PauseState Pause { get; }

    /// <summary>The session's live transcription, or null when it is not transcribed.</summary>
    public SessionTranscriber? Transcription { get; internal set; }

    private sealed class StateBox(SessionState value)
    {
        private static readonly StateBox[] All = [new(SessionState.Active), new(SessionState.Ending), new(SessionState.Ended)];

        public SessionState Value { get; } = value;

        public static StateBox For(SessionState state) => All[(int)state];
    }
}
