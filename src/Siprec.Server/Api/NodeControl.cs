using System.Text.Json;
using Siprec.Recording.Control;
using Siprec.Recording.Sessions;
using Siprec.Recording.Srs;
using Siprec.Server.Configuration;

namespace Siprec.Server.Api;

/// <summary>
/// The answers of the sessions and pause endpoints for this node's own sessions, through the pause service. In a
/// cluster every session and status also names <see cref="Node"/>; a single node writes exactly what it always has.
/// </summary>
public sealed class NodeControl
{
    private readonly PauseResumeService _service;
    private readonly ISessionRegistry _registry;
    private readonly PauseResumeOptions _options;
    private readonly TimeProvider _time;
    private readonly SrsUserAgent? _userAgent;

    /// <summary>Creates the answers; <paramref name="node"/> is the node id in a cluster, null for a single node.</summary>
    public NodeControl(
        PauseResumeService service, ISessionRegistry registry, PauseResumeOptions options, TimeProvider time, SrsUserAgent? userAgent, string? node)
    {
        _service = service;
        _registry = registry;
        _options = options;
        _time = time;
        _userAgent = userAgent;
        Node = node;
    }

    /// <summary>The node id in a cluster; null for a single node.</summary>
    public string? Node { get; }

    /// <summary>True when the session with this Call-ID or RFC 7865 id lives on this node.</summary>
    public bool Owns(string id) => _registry.TryGet(id, out _);

    /// <summary>The live sessions.</summary>
    public JsonAnswer List()
    {
        var sessions = _registry.Snapshot();
        var now = _time.GetUtcNow();
        return new JsonAnswer(200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("count", sessions.Count);
            w.WriteStartArray("sessions");
            foreach (var session in sessions)
            {
                SessionJson.Write(w, session, now, _userAgent?.StreamStatsOf(session.Id), Node);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>One live session.</summary>
    public JsonAnswer Session(string id) =>
        _registry.TryGet(id, out var session)
            ? new JsonAnswer(200, w => SessionJson.Write(w, session!, _time.GetUtcNow(), _userAgent?.StreamStatsOf(session!.Id), Node))
            : SessionNotFound(id);

    /// <summary>Every session's pause status by Call-ID.</summary>
    public JsonAnswer AllStatuses() => new(200, w => WriteStatusMap(w, _service.GetAllStatuses()));

    /// <summary>One session's pause status.</summary>
    public JsonAnswer Status(string id) => StatusAnswer(id, _service.GetStatus(id));

    /// <summary>Pauses one session as <paramref name="body"/> asks.</summary>
    public JsonAnswer Pause(string id, ControlRequestBody body, string? idempotencyKey, string keyId) =>
        TryPauseCommand(body, idempotencyKey, keyId, out var command, out var error) ? StatusAnswer(id, _service.Pause(id, command!)) : error!;

    /// <summary>Resumes one session as <paramref name="body"/> asks.</summary>
    public JsonAnswer Resume(string id, ControlRequestBody body, string? idempotencyKey, string keyId) =>
        TryResumeCommand(body, idempotencyKey, keyId, out var command, out var error) ? StatusAnswer(id, _service.Resume(id, command!)) : error!;

    /// <summary>Pauses every active session.</summary>
    public JsonAnswer PauseAll(ControlRequestBody body, string? idempotencyKey, string keyId) =>
        TryPauseCommand(body, idempotencyKey, keyId, out var command, out var error) ? MapAnswer("All sessions paused", _service.PauseAll(command!)) : error!;

    /// <summary>Resumes every paused session.</summary>
    public JsonAnswer ResumeAll(ControlRequestBody body, string? idempotencyKey, string keyId) =>
        TryResumeCommand(body, idempotencyKey, keyId, out var command, out var error) ? MapAnswer("All sessions resumed", _service.ResumeAll(command!)) : error!;

    /// <summary>The 404 answer for an unknown session.</summary>
    public static JsonAnswer SessionNotFound(string id) => JsonAnswer.Error(404, "session not found: " + id);

    private void WriteStatusMap(Utf8JsonWriter w, IReadOnlyDictionary<string, PauseStatus> statuses)
    {
        w.WriteStartObject();
        foreach (var (sessionId, status) in statuses)
        {
            w.WritePropertyName(sessionId);
            PauseStatusJson.Write(w, status, Node);
        }

        w.WriteEndObject();
    }

    private JsonAnswer StatusAnswer(string id, PauseStatus? status) =>
        status is null ? SessionNotFound(id) : new JsonAnswer(200, w => PauseStatusJson.Write(w, status, Node));

    private JsonAnswer MapAnswer(string message, IReadOnlyDictionary<string, PauseStatus> statuses) =>
        new(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("message", message);
            w.WriteNumber("count", statuses.Count);
            w.WritePropertyName("statuses");
            WriteStatusMap(w, statuses);
            w.WriteEndObject();
        });

    private bool TryPauseCommand(ControlRequestBody body, string? idempotencyKey, string keyId, out PauseCommand? command, out JsonAnswer? error)
    {
        var recording = body.PauseRecording ?? _options.PauseRecording;
        var transcription = body.PauseTranscription ?? _options.PauseTranscription;
        command = null;
        error = null;
        if (!recording && !transcription)
        {
            error = JsonAnswer.Error(400, "nothing to pause: pause_recording and pause_transcription are both false");
            return false;
        }

        command = new PauseCommand(recording, transcription, body.Reason, body.Behavior, idempotencyKey, keyId);
        return true;
    }

    private static bool TryResumeCommand(ControlRequestBody body, string? idempotencyKey, string keyId, out ResumeCommand? command, out JsonAnswer? error)
    {
        var recording = body.ResumeRecording ?? true;
        var transcription = body.ResumeTranscription ?? true;
        command = null;
        error = null;
        if (!recording && !transcription)
        {
            error = JsonAnswer.Error(400, "nothing to resume: resume_recording and resume_transcription are both false");
            return false;
        }

        command = new ResumeCommand(recording, transcription, idempotencyKey, keyId, body.Reason);
        return true;
    }
}
