using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Siprec.Recording.Index;
using Siprec.Server.Api.Schemas;

using Siprec.Server.Auth;

namespace Siprec.Server.Api;

/// <summary>
/// Legal hold: <c>POST /api/recordings/{id}/hold</c> places it, <c>DELETE</c> lifts it. A held recording is never deleted
/// by retention; the listing shows <c>held</c>. Each change is logged with the caller's key id.
/// </summary>
public sealed partial class RecordingHoldApi
{
    private readonly IRecordingIndex _index;
    private readonly ILogger<RecordingHoldApi> _logger;

    /// <summary>Creates the endpoints over <paramref name="index"/>.</summary>
    public RecordingHoldApi(IRecordingIndex index, ILogger<RecordingHoldApi> logger)
    {
        _index = index;
        _logger = logger;
    }

    /// <summary>Maps the endpoints onto <paramref name="api"/>, the <c>/api</c> group.</summary>
    public void Map(IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/recordings/{id}/hold", (HttpContext context) => Answered.After(SetAsync(context, held: true)))
            .RequireScope(ApiScope.Admin)
            .WithName("holdRecording").WithSummary("Places a legal hold on a recording (by recording id or Call-ID): retention never deletes it")
            .Produces<RecordingHoldAnswer>(200).Produces<ApiError>(401).Produces<ApiError>(404).Produces<ApiError>(503);
        api.MapDelete("/recordings/{id}/hold", (HttpContext context) => Answered.After(SetAsync(context, held: false)))
            .RequireScope(ApiScope.Admin)
            .WithName("releaseRecording").WithSummary("Lifts the legal hold of a recording; retention applies to it again")
            .Produces<RecordingHoldAnswer>(200).Produces<ApiError>(401).Produces<ApiError>(404).Produces<ApiError>(503);
    }

    /// <summary>Places or lifts the hold of the route's recording; 404 when unknown, 503 when the index is unavailable.</summary>
    public async Task SetAsync(HttpContext context, bool held)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = ApiCaller.Of(context);
        var id = caller.RouteId!;
        IndexedRecording? recording;
        try
        {
            recording = await _index.FindAsync(id, context.RequestAborted).ConfigureAwait(false);
            if (recording is not null && !await _index.SetHoldAsync(recording.Id, held, context.RequestAborted).ConfigureAwait(false))
                recording = null;
        }
        catch (Exception ex) when (ex is SqliteException or IOException)
        {
            Log.IndexUnavailable(_logger, id, ex);
            await ApiResponse.ErrorAsync(context, 503, "recordings index unavailable").ConfigureAwait(false);
            return;
        }

        if (recording is null)
        {
            await ApiResponse.ErrorAsync(context, 404, "recording not found: " + id).ConfigureAwait(false);
            return;
        }

        Log.HoldChanged(_logger, recording.Id, recording.CallId, held, caller.KeyId);
        await ApiResponse.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("id", recording.Id);
            w.WriteBoolean("held", held);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 320, Level = LogLevel.Warning, Message = "Legal hold of recording {RecordingId} (call {CallId}) set to {Held} by key {KeyId}")]
        public static partial void HoldChanged(ILogger logger, string recordingId, string callId, bool held, string keyId);

        [LoggerMessage(EventId = 321, Level = LogLevel.Error, Message = "Recordings index unavailable while changing the hold of {RecordingId}")]
        public static partial void IndexUnavailable(ILogger logger, string recordingId, Exception exception);
    }
}
