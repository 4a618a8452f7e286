using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Siprec.Cluster;
using Siprec.Recording.Sessions;
using Siprec.Server.Api.Schemas;
using Siprec.Server.Auth;
using Siprec.Server.Cluster;
using Siprec.Server.Notifications;

namespace Siprec.Server.Api;

/// <summary>
/// The sessions and pause/resume endpoints, the pause event stream and the transcript streams under <c>/api</c>, one
/// handler per route. Routing answers an unknown route (404) and a wrong method (405); <see cref="ApiKeyFilter"/>
/// admits the caller; each handler then checks its body (400) and its session (404). In a cluster, a session of another
/// node is reached through its owner and "all" means every node unless <c>?scope=node</c> asks for this one only.
/// </summary>
public sealed class ControlApi
{
    // A pause or resume body is read as JSON whatever its Content-Type says; accepting only JSON would turn others into 415s.
    private const string AnyContentType = "*/*";

    private readonly NodeControl _local;
    private readonly ISessionRegistry _registry;
    private readonly EventStreamEndpoint _events;
    private readonly TranscriptStreamEndpoint _transcripts;
    private readonly ClusterControl? _cluster;

    /// <summary>Creates the API; <paramref name="cluster"/>, when given, reaches the sessions of the other nodes.</summary>
    public ControlApi(
        NodeControl local, ISessionRegistry registry, EventStreamEndpoint events, TranscriptStreamEndpoint transcripts, ClusterControl? cluster = null)
    {
        _local = local;
        _registry = registry;
        _events = events;
        _transcripts = transcripts;
        _cluster = cluster;
    }

    /// <summary>Maps the endpoints onto <paramref name="api"/>, the <c>/api</c> group.</summary>
    public void Map(IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/events", (HttpContext context) => Answered.After(_events.StreamAsync(context)))
            .WithMetadata(ApiAccessRules.EventSource)
            .RequireScope(ApiScope.Read)
            .WithName("streamEvents").WithSummary("Server-sent events: pause, resume and session events as they happen")
            .Produces<string>(200, "text/event-stream").Produces<ApiError>(401);
        api.MapGet("/sessions", ListSessions)
            .RequireScope(ApiScope.Read)
            .WithName("listSessions").WithSummary("List live sessions")
            .Produces<SessionListAnswer>(200).Produces<ApiError>(401);
        api.MapPost("/sessions/pause-all", PauseAllAsync)
            .WithMetadata(ApiAccessRules.AllSessionsPauseControl)
            .RequireScope(ApiScope.PauseAll)
            .WithName("pauseAll").WithSummary("Pause every live session")
            .Accepts<PauseRequest>(true, "application/json", AnyContentType)
            .Produces<AllSessionsPauseAnswer>(200).Produces<ApiError>(400).Produces<ApiError>(401).Produces<ApiError>(404);
        api.MapPost("/sessions/resume-all", ResumeAllAsync)
            .WithMetadata(ApiAccessRules.AllSessionsPauseControl)
            .RequireScope(ApiScope.PauseAll)
            .WithName("resumeAll").WithSummary("Resume every live session")
            .Accepts<ResumeRequest>(true, "application/json", AnyContentType)
            .Produces<AllSessionsPauseAnswer>(200).Produces<ApiError>(400).Produces<ApiError>(401).Produces<ApiError>(404);
        api.MapGet("/sessions/pause-status", AllPauseStatuses)
            .WithMetadata(ApiAccessRules.AllSessionsPauseControl)
            .RequireScope(ApiScope.Read)
            .WithName("getAllPauseStatus").WithSummary("Pause state of every live session, by session id")
            .Produces<IReadOnlyDictionary<string, PauseStatusAnswer>>(200).Produces<ApiError>(401).Produces<ApiError>(404);
        api.MapGet("/sessions/{id:" + SessionRouteConstraint.Name + "}", GetSession)
            .RequireScope(ApiScope.Read)
            .WithName("getSession").WithSummary("One live session")
            .Produces<SessionAnswer>(200).Produces<ApiError>(400).Produces<ApiError>(401).Produces<ApiError>(404);
        api.MapPost("/sessions/{id}/pause", PauseAsync)
            .WithMetadata(ApiAccessRules.SessionPauseControl)
            .RequireScope(ApiScope.Pause)
            .WithName("pauseSession").WithSummary("Pause recording and/or transcription of one session")
            .Accepts<PauseRequest>(true, "application/json", AnyContentType)
            .Produces<PauseStatusAnswer>(200).Produces<ApiError>(400).Produces<ApiError>(401).Produces<ApiError>(403).Produces<ApiError>(404);
        api.MapPost("/sessions/{id}/resume", ResumeAsync)
            .WithMetadata(ApiAccessRules.SessionPauseControl)
            .RequireScope(ApiScope.Pause)
            .WithName("resumeSession").WithSummary("Resume recording and/or transcription of one session")
            .Accepts<ResumeRequest>(true, "application/json", AnyContentType)
            .Produces<PauseStatusAnswer>(200).Produces<ApiError>(400).Produces<ApiError>(401).Produces<ApiError>(403).Produces<ApiError>(404);
        api.MapGet("/sessions/{id}/pause-status", PauseStatusOf)
            .WithMetadata(ApiAccessRules.SessionPauseControl)
            .RequireScope(ApiScope.Read)
            .WithName("getPauseStatus").WithSummary("Pause state of one session")
            .Produces<PauseStatusAnswer>(200).Produces<ApiError>(400).Produces<ApiError>(401).Produces<ApiError>(403).Produces<ApiError>(404);
        api.MapGet("/sessions/{id}/transcript/stream", StreamSessionTranscriptAsync)
            .RequireScope(ApiScope.Recordings)
            .WithName("streamSessionTranscript").WithSummary("Server-sent events: the transcript results of one session")
            .Produces<string>(200, "text/event-stream").Produces<ApiError>(400).Produces<ApiError>(401).Produces<ApiError>(404);
        api.MapGet("/transcripts/stream", (HttpContext context) => Answered.After(_transcripts.StreamAsync(context, null)))
            .RequireScope(ApiScope.Recordings)
            .WithName("streamTranscripts").WithSummary("Server-sent events: the transcript results of every session")
            .Produces<string>(200, "text/event-stream").Produces<ApiError>(401);
    }

    private ValueTask<IResult> StreamSessionTranscriptAsync(HttpContext context)
    {
        var id = SessionIdOf(context);
        return _registry.TryGet(id, out var session)
            ? Answered.After(_transcripts.StreamAsync(context, session!.Id))
            : Now(NodeControl.SessionNotFound(id));
    }

    private ValueTask<IResult> ListSessions(HttpContext context) => AllAsync(context, ClusterCommandKinds.List, _local.List);

    private ValueTask<IResult> GetSession(HttpContext context) =>
        OneAsync(context, ClusterCommandKinds.Session, string.Empty, null, id => _local.Session(id));

    private ValueTask<IResult> AllPauseStatuses(HttpContext context) => AllAsync(context, ClusterCommandKinds.Statuses, _local.AllStatuses);

    private ValueTask<IResult> PauseStatusOf(HttpContext context) =>
        OneAsync(context, ClusterCommandKinds.Status, string.Empty, null, id => _local.Status(id));

    private ValueTask<IResult> PauseAsync(HttpContext context) =>
        ControlAsync(context, (body, raw, idempotencyKey, caller) => _cluster is null
            ? Now(_local.Pause(caller.RouteId!, body, idempotencyKey, caller.KeyId))
            : OneAsync(context, ClusterCommandKinds.Pause, raw, idempotencyKey, id => _local.Pause(id, body, idempotencyKey, caller.KeyId)));

    private ValueTask<IResult> ResumeAsync(HttpContext context) =>
        ControlAsync(context, (body, raw, idempotencyKey, caller) => _cluster is null
            ? Now(_local.Resume(caller.RouteId!, body, idempotencyKey, caller.KeyId))
            : OneAsync(context, ClusterCommandKinds.Resume, raw, idempotencyKey, id => _local.Resume(id, body, idempotencyKey, caller.KeyId)));

    private ValueTask<IResult> PauseAllAsync(HttpContext context) =>
        ControlAsync(context, (body, raw, idempotencyKey, caller) =>
            AllAsync(context, ClusterCommandKinds.PauseAll, () => _local.PauseAll(body, idempotencyKey, caller.KeyId), raw, idempotencyKey));

    private ValueTask<IResult> ResumeAllAsync(HttpContext context) =>
        ControlAsync(context, (body, raw, idempotencyKey, caller) =>
            AllAsync(context, ClusterCommandKinds.ResumeAll, () => _local.ResumeAll(body, idempotencyKey, caller.KeyId), raw, idempotencyKey));

    /// <summary>One session: answered here when this node has it (always on a single node), else by its owner.</summary>
    private ValueTask<IResult> OneAsync(HttpContext context, string kind, string raw, string? idempotencyKey, Func<string, JsonAnswer> local)
    {
        var caller = ApiCaller.Of(context);
        return _cluster is null
            ? Now(local(caller.RouteId!))
            : Later(_cluster.SessionAsync(kind, caller.RouteId!, raw, idempotencyKey ?? string.Empty, caller.KeyId, context.RequestAborted));
    }

    /// <summary>Every session: of this node on a single node or with <c>?scope=node</c>, else of the cluster.</summary>
    private ValueTask<IResult> AllAsync(HttpContext context, string kind, Func<JsonAnswer> local, string raw = "", string? idempotencyKey = null)
    {
        if (_cluster is null || IsNodeScope(context))
        {
            return Now(local());
        }

        return Later(_cluster.AllAsync(kind, raw, idempotencyKey ?? string.Empty, ApiCaller.Of(context).KeyId, context.RequestAborted));
    }

    private static bool IsNodeScope(HttpContext context) =>
        string.Equals(context.Request.Query["scope"].ToString(), "node", StringComparison.OrdinalIgnoreCase);

    private static ValueTask<IResult> Now(JsonAnswer answer) => ValueTask.FromResult<IResult>(answer);

    private static async ValueTask<IResult> Later(Task<JsonAnswer> answer) => await answer.ConfigureAwait(false);

    /// <summary>Reads the body of a pause or resume request (400 when malformed) and applies it as <paramref name="apply"/> says.</summary>
    private static async ValueTask<IResult> ControlAsync(HttpContext context, Func<ControlRequestBody, string, string?, ApiCaller, ValueTask<IResult>> apply)
    {
        var (body, raw, error) = await ReadBodyAsync(context).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        var headerKey = context.Request.Headers["Idempotency-Key"].ToString();
        var idempotencyKey = body!.IdempotencyKey ?? (headerKey.Length is > 0 and <= 128 ? headerKey : null);
        return await apply(body, raw!, idempotencyKey, ApiCaller.Of(context)).ConfigureAwait(false);
    }

    private static string SessionIdOf(HttpContext context) => ApiCaller.Of(context).RouteId!;

    /// <summary>The parsed body and, for a command another node applies, its text.</summary>
    private static async ValueTask<(ControlRequestBody? Body, string? Raw, JsonAnswer? Error)> ReadBodyAsync(HttpContext context)
    {
        var tooLarge = $"request body too large (at most {ControlRequestBody.MaxBytes} bytes)";
        if (context.Request.ContentLength > ControlRequestBody.MaxBytes)
        {
            return (null, null, JsonAnswer.Error(400, tooLarge));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > ControlRequestBody.MaxBytes)
            {
                return (null, null, JsonAnswer.Error(400, tooLarge));
            }

            buffer.Write(chunk, 0, read);
        }

        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        return ControlRequestBody.TryParse(bytes, out var body, out var error)
            ? (body, Encoding.UTF8.GetString(bytes), null)
            : (null, null, JsonAnswer.Error(400, error!));
    }
}
