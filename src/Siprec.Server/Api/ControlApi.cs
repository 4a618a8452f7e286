using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Siprec.Recording.Control;
using Siprec.Recording.Sessions;
using Siprec.Recording.Srs;
using Siprec.Server.Api.Schemas;
using Siprec.Server.Configuration;
using Siprec.Server.Notifications;

namespace Siprec.Server.Api;

/// <summary>
/// The sessions and pause/resume endpoints, the pause event stream and the transcript streams under <c>/api</c>, one
/// handler per route. Routing answers an unknown route (404) and a wrong method (405); <see cref="ApiKeyFilter"/>
/// admits the caller; each handler then checks its body (400) and its session (404).
/// </summary>
public sealed class ControlApi
{
    // A pause or resume body is read as JSON whatever its Content-Type says; accepting only JSON would turn others into 415s.
    private const string AnyContentType = "*/*";

    private readonly PauseResumeService _service;
    private readonly ISessionRegistry _registry;
    private readonly PauseResumeOptions _options;
    private readonly EventStreamEndpoint _events;
    private readonly TranscriptStreamEndpoint _transcripts;
    private readonly TimeProvider _time;
    private readonly SrsUserAgent? _userAgent;

    /// <summary>Creates the API; <paramref name="userAgent"/>, when given, supplies each live stream's codec.</summary>
    public ControlApi(
        PauseResumeService service, ISessionRegistry registry, PauseResumeOptions options, EventStreamEndpoint events,
        TimeProvider time, TranscriptStreamEndpoint transcripts, SrsUserAgent? userAgent = null)
    {
        _service = service;
        _registry = registry;
        _options = options;
        _events = events;
        _time = time;
        _transcripts = transcripts;
        _userAgent = userAgent;
    }

    /// <summary>Maps the endpoints onto <paramref name="api"/>, the <c>/api</c> group.</summary>
    public void Map(IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/events", (HttpContext context) => Answered.After(_events.StreamAsync(context)))
            .WithMetadata(ApiAccessRules.EventSource)
            .WithName("streamEvents").WithSummary("Server-sent events: pause, resume and session events as they happen")
            .Produces<string>(200, "text/event-stream").Produces<ApiError>(401);
        api.MapGet("/sessions", ListSessions)
            .WithName("listSessions").WithSummary("List live sessions")
            .Produces<SessionListAnswer>(200).Produces<ApiError>(401);
        api.MapPost("/sessions/pause-all", PauseAllAsync)
            .WithMetadata(ApiAccessRules.AllSessionsPauseControl)
            .WithName("pauseAll").WithSummary("Pause every live session")
            .Accepts<PauseRequest>(true, "application/json", AnyContentType)
            .Produces<AllSessionsPauseAnswer>(200).Produces<ApiError>(400).Produces<ApiError>(401).Produces<ApiError>(404);
        api.MapPost("/sessions/resume-all", ResumeAllAsync)
            .WithMetadata(ApiAccessRules.AllSessionsPauseControl)
            .WithName("resumeAll").WithSummary("Resume every live session")
            .Accepts<ResumeRequest>(true, "application/json", AnyContentType)
            .Produces<AllSessionsPauseAnswer>(200).Produces<ApiError>(400).Produces<ApiError>(401).Produces<ApiError>(404);
        api.MapGet("/sessions/pause-status", AllPauseStatuses)
            .WithMetadata(ApiAccessRules.AllSessionsPauseControl)
            .WithName("getAllPauseStatus").WithSummary("Pause state of every live session, by session id")
            .Produces<IReadOnlyDictionary<string, PauseStatusAnswer>>(200).Produces<ApiError>(401).Produces<ApiError>(404);
        api.MapGet("/sessions/{id:" + SessionRouteConstraint.Name + "}", GetSession)
            .WithName("getSession").WithSummary("One live session")
            .Produces<SessionAnswer>(200).Produces<ApiError>(400).Produces<ApiError>(401).Produces<ApiError>(404);
        api.MapPost("/sessions/{id}/pause", PauseAsync)
            .WithMetadata(ApiAccessRules.SessionPauseControl)
            .WithName("pauseSession").WithSummary("Pause recording and/or transcription of one session")
            .Accepts<PauseRequest>(true, "application/json", AnyContentType)
            .Produces<PauseStatusAnswer>(200).Produces<ApiError>(400).Produces<ApiError>(401).Produces<ApiError>(403).Produces<ApiError>(404);
        api.MapPost("/sessions/{id}/resume", ResumeAsync)
            .WithMetadata(ApiAccessRules.SessionPauseControl)
            .WithName("resumeSession").WithSummary("Resume recording and/or transcription of one session")
            .Accepts<ResumeRequest>(true, "application/json", AnyContentType)
            .Produces<PauseStatusAnswer>(200).Produces<ApiError>(400).Produces<ApiError>(401).Produces<ApiError>(403).Produces<ApiError>(404);
        api.MapGet("/sessions/{id}/pause-status", PauseStatusOf)
            .WithMetadata(ApiAccessRules.SessionPauseControl)
            .WithName("getPauseStatus").WithSummary("Pause state of one session")
            .Produces<PauseStatusAnswer>(200).Produces<ApiError>(400).Produces<ApiError>(401).Produces<ApiError>(403).Produces<ApiError>(404);
        api.MapGet("/sessions/{id}/transcript/stream", StreamSessionTranscriptAsync)
            .WithName("streamSessionTranscript").WithSummary("Server-sent events: the transcript results of one session")
            .Produces<string>(200, "text/event-stream").Produces<ApiError>(400).Produces<ApiError>(401).Produces<ApiError>(404);
        api.MapGet("/transcripts/stream", (HttpContext context) => Answered.After(_transcripts.StreamAsync(context, null)))
            .WithName("streamTranscripts").WithSummary("Server-sent events: the transcript results of every session")
            .Produces<string>(200, "text/event-stream").Produces<ApiError>(401);
    }

    private ValueTask<IResult> StreamSessionTranscriptAsync(HttpContext context)
    {
        var id = SessionIdOf(context);
        return _registry.TryGet(id, out var session)
            ? Answered.After(_transcripts.StreamAsync(context, session!.Id))
            : ValueTask.FromResult<IResult>(SessionNotFound(id));
    }

    private JsonAnswer ListSessions()
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
                SessionJson.Write(w, session, now, _userAgent?.StreamStatsOf(session.Id));
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private JsonAnswer GetSession(HttpContext context)
    {
        var id = SessionIdOf(context);
        return _registry.TryGet(id, out var session)
            ? new JsonAnswer(200, w => SessionJson.Write(w, session!, _time.GetUtcNow(), _userAgent?.StreamStatsOf(session!.Id)))
            : SessionNotFound(id);
    }

    private JsonAnswer AllPauseStatuses() => new(200, w => WriteStatusMap(w, _service.GetAllStatuses()));

    private JsonAnswer PauseStatusOf(HttpContext context)
    {
        var id = SessionIdOf(context);
        return StatusAnswer(id, _service.GetStatus(id));
    }

    private ValueTask<IResult> PauseAsync(HttpContext context) =>
        ControlAsync(context, (body, idempotencyKey, caller) =>
            TryPauseCommand(body, idempotencyKey, caller.KeyId, out var command, out var error)
                ? StatusAnswer(caller.RouteId!, _service.Pause(caller.RouteId!, command!))
                : error!);

    private ValueTask<IResult> ResumeAsync(HttpContext context) =>
        ControlAsync(context, (body, idempotencyKey, caller) =>
            TryResumeCommand(body, idempotencyKey, caller.KeyId, out var command, out var error)
                ? StatusAnswer(caller.RouteId!, _service.Resume(caller.RouteId!, command!))
                : error!);

    private ValueTask<IResult> PauseAllAsync(HttpContext context) =>
        ControlAsync(context, (body, idempotencyKey, caller) =>
            TryPauseCommand(body, idempotencyKey, caller.KeyId, out var command, out var error)
                ? MapAnswer("All sessions paused", _service.PauseAll(command!))
                : error!);

    private ValueTask<IResult> ResumeAllAsync(HttpContext context) =>
        ControlAsync(context, (body, idempotencyKey, caller) =>
            TryResumeCommand(body, idempotencyKey, caller.KeyId, out var command, out var error)
                ? MapAnswer("All sessions resumed", _service.ResumeAll(command!))
                : error!);

    /// <summary>Reads the body of a pause or resume request (400 when malformed) and applies it as <paramref name="apply"/> says.</summary>
    private static async ValueTask<IResult> ControlAsync(HttpContext context, Func<ControlRequestBody, string?, ApiCaller, JsonAnswer> apply)
    {
        var (body, error) = await ReadBodyAsync(context).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        var headerKey = context.Request.Headers["Idempotency-Key"].ToString();
        var idempotencyKey = body!.IdempotencyKey ?? (headerKey.Length is > 0 and <= 128 ? headerKey : null);
        return apply(body, idempotencyKey, ApiCaller.Of(context));
    }

    private static string SessionIdOf(HttpContext context) => ApiCaller.Of(context).RouteId!;

    private static JsonAnswer SessionNotFound(string id) => JsonAnswer.Error(404, "session not found: " + id);

    private static async ValueTask<(ControlRequestBody? Body, JsonAnswer? Error)> ReadBodyAsync(HttpContext context)
    {
        var tooLarge = $"request body too large (at most {ControlRequestBody.MaxBytes} bytes)";
        if (context.Request.ContentLength > ControlRequestBody.MaxBytes)
        {
            return (null, JsonAnswer.Error(400, tooLarge));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > ControlRequestBody.MaxBytes)
            {
                return (null, JsonAnswer.Error(400, tooLarge));
            }

            buffer.Write(chunk, 0, read);
        }

        return ControlRequestBody.TryParse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), out var body, out var error)
            ? (body, null)
            : (null, JsonAnswer.Error(400, error!));
    }

    private static void WriteStatusMap(Utf8JsonWriter w, IReadOnlyDictionary<string, PauseStatus> statuses)
    {
        w.WriteStartObject();
        foreach (var (sessionId, status) in statuses)
        {
            w.WritePropertyName(sessionId);
            PauseStatusJson.Write(w, status);
        }

        w.WriteEndObject();
    }

    private static JsonAnswer StatusAnswer(string id, PauseStatus? status) =>
        status is null ? SessionNotFound(id) : new JsonAnswer(200, w => PauseStatusJson.Write(w, status));

    private static JsonAnswer MapAnswer(string message, IReadOnlyDictionary<string, PauseStatus> statuses) =>
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
