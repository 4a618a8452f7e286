using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Siprec.Recording.Control;
using Siprec.Recording.Sessions;
using Siprec.Recording.Srs;
using Siprec.Server.Auth;
using Siprec.Server.Configuration;
using Siprec.Server.Notifications;

namespace Siprec.Server.Api;

/// <summary>
/// Everything under <c>/api</c>: the sessions and pause/resume endpoints and the event stream. Checks run in this
/// order: route (404), method (405 with Allow), API enabled (404), API key (401), per-session switch (403),
/// id (400), body (400), session (404).
/// </summary>
public sealed partial class ControlApi
{
    private const string SessionsSegment = "sessions";
    private const string RecordingsSegment = "recordings";

    private readonly PauseResumeService _service;
    private readonly ISessionRegistry _registry;
    private readonly PauseResumeOptions _options;
    private readonly ApiKeyAuthenticator _auth;
    private readonly EventStreamEndpoint _events;
    private readonly RecordingsApi _recordings;
    private readonly TranscriptStreamEndpoint _transcripts;
    private readonly TimeProvider _time;
    private readonly ILogger<ControlApi> _logger;
    private readonly SrsUserAgent? _userAgent;

    /// <summary>Creates the API; <paramref name="userAgent"/>, when given, supplies each live stream's codec.</summary>
    public ControlApi(
        PauseResumeService service, ISessionRegistry registry, PauseResumeOptions options, ApiKeyAuthenticator auth,
        EventStreamEndpoint events, TimeProvider time, ILogger<ControlApi> logger, RecordingsApi recordings, TranscriptStreamEndpoint transcripts, SrsUserAgent? userAgent = null)
    {
        _recordings = recordings;
        _transcripts = transcripts;
        _userAgent = userAgent;
        _service = service;
        _registry = registry;
        _options = options;
        _auth = auth;
        _events = events;
        _time = time;
        _logger = logger;
    }

    /// <summary>Every route this API answers, as <c>METHOD /path</c> with <c>{id}</c> for the session id; kept in step with <c>Match</c>.</summary>
    public static IReadOnlyList<string> Routes { get; } =
    [
        "GET /api/events",
        "GET /api/sessions",
        "POST /api/sessions/pause-all",
        "POST /api/sessions/resume-all",
        "GET /api/sessions/pause-status",
        "GET /api/sessions/{id}",
        "POST /api/sessions/{id}/pause",
        "POST /api/sessions/{id}/resume",
        "GET /api/sessions/{id}/pause-status",
    ];

    private enum Route
    {
        Sessions,
        PauseAll,
        ResumeAll,
        AllPauseStatus,
        Session,
        Pause,
        Resume,
        PauseStatus,
        Events,
        Recordings,
        Recording,
        RecordingAudio,
        SessionTranscript,
        AllTranscripts,
    }

    /// <summary>Answers one request under <c>/api</c>; never lets an exception reach the client.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await DispatchAsync(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.Unhandled(_logger, context.Request.Method, context.Request.Path.Value ?? string.Empty, ex);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await ApiResponse.ErrorAsync(context, StatusCodes.Status500InternalServerError, "internal server error").ConfigureAwait(false);
            }
        }
    }

    private static (Route? Route, string Method, string? Id) Match(IReadOnlyList<string> s) => s switch
    {
        ["api", "events"] => (Route.Events, HttpMethods.Get, null),
        ["api", "transcripts", "stream"] => (Route.AllTranscripts, HttpMethods.Get, null),
        ["api", SessionsSegment, var id, "transcript", "stream"] => (Route.SessionTranscript, HttpMethods.Get, id),
        ["api", SessionsSegment] => (Route.Sessions, HttpMethods.Get, null),
        ["api", SessionsSegment, "pause-all"] => (Route.PauseAll, HttpMethods.Post, null),
        ["api", SessionsSegment, "resume-all"] => (Route.ResumeAll, HttpMethods.Post, null),
        ["api", SessionsSegment, "pause-status"] => (Route.AllPauseStatus, HttpMethods.Get, null),
        ["api", SessionsSegment, var id] => (Route.Session, HttpMethods.Get, id),
        ["api", SessionsSegment, var id, "pause"] => (Route.Pause, HttpMethods.Post, id),
        ["api", SessionsSegment, var id, "resume"] => (Route.Resume, HttpMethods.Post, id),
        ["api", SessionsSegment, var id, "pause-status"] => (Route.PauseStatus, HttpMethods.Get, id),
        ["api", RecordingsSegment] => (Route.Recordings, HttpMethods.Get, null),
        ["api", RecordingsSegment, var id] => (Route.Recording, HttpMethods.Get, id),
        ["api", RecordingsSegment, var id, "audio"] => (Route.RecordingAudio, HttpMethods.Get, id),
        _ => (null, string.Empty, null),
    };

    private async Task DispatchAsync(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        if (!ApiPath.TrySplit(rawTarget, out var segments))
        {
            await ApiResponse.ErrorAsync(context, 400, "invalid request path: bad percent-encoding").ConfigureAwait(false);
            return;
        }

        var (route, method, id) = Match(segments);
        if (route is null)
        {
            await ApiResponse.ErrorAsync(context, 404, "not found: " + context.Request.Path.Value).ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.Equals(context.Request.Method, method))
        {
            context.Response.Headers.Allow = method;
            await ApiResponse.ErrorAsync(context, 405, $"method {context.Request.Method} not allowed; use {method}").ConfigureAwait(false);
            return;
        }

        var isPauseRoute = route is not (Route.Sessions or Route.Session or Route.Events or Route.Recordings or Route.Recording or Route.RecordingAudio or Route.SessionTranscript or Route.AllTranscripts);
        if (isPauseRoute && !_options.Enabled)
        {
            await ApiResponse.ErrorAsync(context, 404, "pause/resume API is disabled").ConfigureAwait(false);
            return;
        }

        var presented = context.Request.Headers["X-API-Key"].ToString();
        if (presented.Length == 0 && route == Route.Events)
        {
            // EventSource cannot send headers, so the event stream alone also takes the key from the query.
            presented = context.Request.Query["api_key"].ToString();
        }

        if (!_auth.TryAuthenticate(presented, out var keyId))
        {
            await ApiResponse.ErrorAsync(context, 401, presented.Length == 0 ? "missing API key (X-API-Key header)" : "invalid API key").ConfigureAwait(false);
            return;
        }

        if (route is Route.Pause or Route.Resume or Route.PauseStatus && !_options.PerSession)
        {
            await ApiResponse.ErrorAsync(context, 403, "per-session pause/resume control is disabled").ConfigureAwait(false);
            return;
        }

        if (id is not null && SessionIdRules.Check(id) is { } idError)
        {
            await ApiResponse.ErrorAsync(context, 400, idError).ConfigureAwait(false);
            return;
        }

        var body = ControlRequestBody.Empty;
        if (route is Route.Pause or Route.Resume or Route.PauseAll or Route.ResumeAll)
        {
            var (ok, parsed, bodyError) = await ReadBodyAsync(context).ConfigureAwait(false);
            if (!ok)
            {
                await ApiResponse.ErrorAsync(context, 400, bodyError!).ConfigureAwait(false);
                return;
            }

            body = parsed!;
        }

        var headerKey = context.Request.Headers["Idempotency-Key"].ToString();
        var idempotencyKey = body.IdempotencyKey ?? (headerKey.Length is > 0 and <= 128 ? headerKey : null);
        await (route switch
        {
            Route.Sessions => ListSessionsAsync(context),
            Route.Session => GetSessionAsync(context, id!),
            Route.Events => _events.StreamAsync(context),
            Route.Recordings => _recordings.ListAsync(context),
            Route.Recording => _recordings.GetAsync(context, id!),
            Route.RecordingAudio => _recordings.AudioAsync(context, id!),
            Route.AllTranscripts => _transcripts.StreamAsync(context, null),
            Route.SessionTranscript => SessionTranscriptAsync(context, id!),
            Route.PauseStatus => StatusAsync(context, id!, _service.GetStatus(id!)),
            Route.Pause => PauseAsync(context, id!, body, idempotencyKey, keyId),
            Route.Resume => ResumeAsync(context, id!, body, idempotencyKey, keyId),
            Route.PauseAll => PauseAllAsync(context, body, idempotencyKey, keyId),
            Route.ResumeAll => ResumeAllAsync(context, body, idempotencyKey, keyId),
            _ => ApiResponse.WriteAsync(context, 200, w => WriteStatusMap(w, _service.GetAllStatuses())),
        }).ConfigureAwait(false);
    }

    private static async Task<(bool Ok, ControlRequestBody? Body, string? Error)> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength > ControlRequestBody.MaxBytes)
        {
            return (false, null, $"request body too large (at most {ControlRequestBody.MaxBytes} bytes)");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > ControlRequestBody.MaxBytes)
            {
                return (false, null, $"request body too large (at most {ControlRequestBody.MaxBytes} bytes)");
            }

            buffer.Write(chunk, 0, read);
        }

        return ControlRequestBody.TryParse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), out var body, out var error)
            ? (true, body, null)
            : (false, null, error);
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

    private static Task StatusAsync(HttpContext context, string id, PauseStatus? status) =>
        status is null
            ? ApiResponse.ErrorAsync(context, 404, "session not found: " + id)
            : ApiResponse.WriteAsync(context, 200, w => PauseStatusJson.Write(w, status));

    private static Task MapAsync(HttpContext context, string message, IReadOnlyDictionary<string, PauseStatus> statuses) =>
        ApiResponse.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("message", message);
            w.WriteNumber("count", statuses.Count);
            w.WritePropertyName("statuses");
            WriteStatusMap(w, statuses);
            w.WriteEndObject();
        });

    private Task ListSessionsAsync(HttpContext context)
    {
        var sessions = _registry.Snapshot();
        var now = _time.GetUtcNow();
        return ApiResponse.WriteAsync(context, 200, w =>
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

    private Task GetSessionAsync(HttpContext context, string id) =>
        _registry.TryGet(id, out var session)
            ? ApiResponse.WriteAsync(context, 200, w => SessionJson.Write(w, session!, _time.GetUtcNow(), _userAgent?.StreamStatsOf(session!.Id)))
            : ApiResponse.ErrorAsync(context, 404, "session not found: " + id);

    private Task SessionTranscriptAsync(HttpContext context, string id) =>
        _registry.TryGet(id, out var session)
            ? _transcripts.StreamAsync(context, session!.Id)
            : ApiResponse.ErrorAsync(context, 404, "session not found: " + id);

    private Task PauseAsync(HttpContext context, string id, ControlRequestBody body, string? idempotencyKey, string keyId)
    {
        if (!TryPauseCommand(body, idempotencyKey, keyId, out var command, out var error))
        {
            return ApiResponse.ErrorAsync(context, 400, error!);
        }

        return StatusAsync(context, id, _service.Pause(id, command!));
    }

    private Task ResumeAsync(HttpContext context, string id, ControlRequestBody body, string? idempotencyKey, string keyId)
    {
        if (!TryResumeCommand(body, idempotencyKey, keyId, out var command, out var error))
        {
            return ApiResponse.ErrorAsync(context, 400, error!);
        }

        return StatusAsync(context, id, _service.Resume(id, command!));
    }

    private Task PauseAllAsync(HttpContext context, ControlRequestBody body, string? idempotencyKey, string keyId) =>
        TryPauseCommand(body, idempotencyKey, keyId, out var command, out var error)
            ? MapAsync(context, "All sessions paused", _service.PauseAll(command!))
            : ApiResponse.ErrorAsync(context, 400, error!);

    private Task ResumeAllAsync(HttpContext context, ControlRequestBody body, string? idempotencyKey, string keyId) =>
        TryResumeCommand(body, idempotencyKey, keyId, out var command, out var error)
            ? MapAsync(context, "All sessions resumed", _service.ResumeAll(command!))
            : ApiResponse.ErrorAsync(context, 400, error!);

    private bool TryPauseCommand(ControlRequestBody body, string? idempotencyKey, string keyId, out PauseCommand? command, out string? error)
    {
        var recording = body.PauseRecording ?? _options.PauseRecording;
        var transcription = body.PauseTranscription ?? _options.PauseTranscription;
        command = null;
        error = null;
        if (!recording && !transcription)
        {
            error = "nothing to pause: pause_recording and pause_transcription are both false";
            return false;
        }

        command = new PauseCommand(recording, transcription, body.Reason, body.Behavior, idempotencyKey, keyId);
        return true;
    }

    private static bool TryResumeCommand(ControlRequestBody body, string? idempotencyKey, string keyId, out ResumeCommand? command, out string? error)
    {
        var recording = body.ResumeRecording ?? true;
        var transcription = body.ResumeTranscription ?? true;
        command = null;
        error = null;
        if (!recording && !transcription)
        {
            error = "nothing to resume: resume_recording and resume_transcription are both false";
            return false;
        }

        command = new ResumeCommand(recording, transcription, idempotencyKey, keyId, body.Reason);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 300, Level = LogLevel.Error, Message = "Unhandled error answering an API request")]
        public static partial void Unhandled(ILogger logger, string method, string path, Exception exception);
    }
}
