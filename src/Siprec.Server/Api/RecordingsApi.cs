using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Siprec.Recording.Index;
using Siprec.Recording.Storage;
using Siprec.Recording.Vcon;
using Siprec.Server.Api.Schemas;
using Siprec.Server.Auth;

namespace Siprec.Server.Api;

/// <summary>
/// The recordings endpoints under <c>/api/recordings</c>: listing with filters, the sidecar of one recording, its
/// WAV with range requests, and its vCon. Files are only ever reached through paths the index holds, checked to stay under the
/// recording root. Callers are admitted by <see cref="ApiKeyFilter"/>.
/// </summary>
public sealed partial class RecordingsApi
{
    private const int MaxFilterLength = 256;
    private const long MaxSidecarBytes = 16 * 1024 * 1024;
    private static readonly string[] KnownParameters = ["call_id", "session_id", "participant", "from", "to", "limit", "offset"];

    private readonly RecordingIndex _index;
    private readonly VconBuilder _vcon;
    private readonly ILogger<RecordingsApi> _logger;

    /// <summary>Creates the endpoints over <paramref name="index"/>; vCons are built by <paramref name="vcon"/>.</summary>
    public RecordingsApi(RecordingIndex index, VconBuilder vcon, ILogger<RecordingsApi> logger)
    {
        _index = index;
        _vcon = vcon;
        _logger = logger;
    }

    /// <summary>Maps the endpoints onto <paramref name="api"/>, the <c>/api</c> group.</summary>
    public void Map(IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/recordings", (HttpContext context) => Answered.After(ListAsync(context)))
            .RequireScope(ApiScope.Read)
            .WithName("listRecordings").WithSummary("Finished recordings, newest first, filtered by call_id, session_id, participant, from, to; paged by limit and offset")
            .Produces<RecordingListAnswer>(200).Produces<ApiError>(400).Produces<ApiError>(401).Produces<ApiError>(503);
        api.MapGet("/recordings/{id}", (HttpContext context) => Answered.After(GetAsync(context, RecordingIdOf(context))))
            .RequireScope(ApiScope.Read)
            .WithName("getRecording").WithSummary("The sidecar JSON of one recording, by recording id or Call-ID")
            .Produces<SessionSidecar>(200).Produces<ApiError>(400).Produces<ApiError>(401).Produces<ApiError>(404).Produces<ApiError>(503);
        api.MapGet("/recordings/{id}/audio", (HttpContext context) => Answered.After(AudioAsync(context, RecordingIdOf(context))))
            .RequireScope(ApiScope.Recordings)
            .WithName("getRecordingAudio").WithSummary("The WAV of one recording; byte ranges supported")
            .Produces(200, contentType: "audio/wav").Produces(206, contentType: "audio/wav").Produces<ApiError>(400).Produces<ApiError>(401).Produces<ApiError>(404).Produces<ApiError>(503);
        api.MapGet("/recordings/{id}/vcon", (HttpContext context) => Answered.After(VconAsync(context, RecordingIdOf(context))))
            .RequireScope(ApiScope.Recordings)
            .WithName("getRecordingVcon").WithSummary("The vCon of one recording: parties, the WAV as a dialog with its SHA-512 content hash, the transcript as an analysis, each pause as an attachment")
            .Produces(200, contentType: "application/json").Produces<ApiError>(400).Produces<ApiError>(401).Produces<ApiError>(404).Produces<ApiError>(503);
    }

    /// <summary>Answers <c>GET /api/recordings</c>: 400 for a bad filter, 503 when the index is unavailable.</summary>
    public async Task ListAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!TryParseQuery(context.Request.Query, out var query, out var error))
        {
            await ApiResponse.ErrorAsync(context, 400, error!).ConfigureAwait(false);
            return;
        }

        RecordingPage page;
        try
        {
            page = await _index.QueryAsync(query!, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SqliteException or IOException)
        {
            await UnavailableAsync(context, ex).ConfigureAwait(false);
            return;
        }

        await ApiResponse.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("count", page.Items.Count);
            w.WriteNumber("total", page.Total);
            w.WriteNumber("limit", query!.Limit);
            w.WriteNumber("offset", query.Offset);
            w.WriteStartArray("recordings");
            foreach (var recording in page.Items)
                RecordingJson.Write(w, recording);
            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>Answers <c>GET /api/recordings/{id}</c> with the recording's sidecar JSON; 404 when unknown or missing.</summary>
    public async Task GetAsync(HttpContext context, string id)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = await FileOfAsync(context, id, r => r.SidecarFile, "sidecar").ConfigureAwait(false);
        if (path is null)
            return;
        byte[] body;
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: true);
            if (file.Length > MaxSidecarBytes)
            {
                await ApiResponse.ErrorAsync(context, 500, $"sidecar of recording {id} is larger than {MaxSidecarBytes} bytes").ConfigureAwait(false);
                return;
            }

            body = new byte[file.Length];
            await file.ReadExactlyAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            await ApiResponse.ErrorAsync(context, 404, $"sidecar of recording {id} is missing on disk").ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Answers <c>GET /api/recordings/{id}/audio</c> with the WAV (<c>audio/wav</c>, byte ranges supported).</summary>
    public async Task AudioAsync(HttpContext context, string id)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = await FileOfAsync(context, id, r => r.RecordingFile, "audio").ConfigureAwait(false);
        if (path is null)
            return;
        await Results.File(path, "audio/wav", Path.GetFileName(path), enableRangeProcessing: true).ExecuteAsync(context).ConfigureAwait(false);
    }

    /// <summary>
    /// Answers <c>GET /api/recordings/{id}/vcon</c> with the recording's vCon, its dialog pointing at this server's
    /// audio endpoint; 404 when the recording, its sidecar or its WAV is not stored locally, 500 when its files are unreadable.
    /// </summary>
    public async Task VconAsync(HttpContext context, string id)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sidecarPath = await FileOfAsync(context, id, r => r.SidecarFile, "sidecar").ConfigureAwait(false);
        if (sidecarPath is null || await FileOfAsync(context, id, r => r.RecordingFile, "audio").ConfigureAwait(false) is null)
            return;
        byte[] body;
        try
        {
            var sidecar = await SidecarFileWriter.ReadAsync(sidecarPath, context.RequestAborted).ConfigureAwait(false)
                ?? throw new JsonException("empty sidecar");
            var request = context.Request;
            var audioUrl = $"{request.Scheme}://{request.Host}{request.PathBase}/api/recordings/{Uri.EscapeDataString(id)}/audio";
            body = await _vcon.BuildAsync(sidecar, Path.GetDirectoryName(sidecarPath)!, audioUrl, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            Log.VconFailed(_logger, id, ex);
            await ApiResponse.ErrorAsync(context, ex is JsonException ? 500 : 404, $"vCon of recording {id} cannot be built from its files").ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Parses the listing's query string; false with a message naming the parameter when a value is bad.</summary>
    public static bool TryParseQuery(IQueryCollection parameters, out RecordingQuery? query, out string? error)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        query = null;
        error = null;
        foreach (var (name, values) in parameters)
        {
            if (!KnownParameters.Contains(name, StringComparer.Ordinal))
            {
                error = $"unknown query parameter '{name}' (known: {string.Join(", ", KnownParameters)})";
                return false;
            }

            if (values.Count != 1)
            {
                error = $"query parameter '{name}' given more than once";
                return false;
            }

            if (string.IsNullOrEmpty(values[0]))
            {
                error = $"query parameter '{name}' is empty";
                return false;
            }

            if (values[0]!.Length > MaxFilterLength || values[0]!.Any(char.IsControl))
            {
                error = $"query parameter '{name}' is longer than {MaxFilterLength} characters or holds a control character";
                return false;
            }
        }

        DateTimeOffset? from = null;
        DateTimeOffset? to = null;
        var limit = RecordingQuery.DefaultLimit;
        var offset = 0;
        if (Value(parameters, "from") is { } fromText && !TryParseTime(fromText, out from))
            error = $"invalid 'from': '{fromText}' is not an RFC 3339 timestamp such as 2023-12-01T10:30:00Z";
        else if (Value(parameters, "to") is { } toText && !TryParseTime(toText, out to))
            error = $"invalid 'to': '{toText}' is not an RFC 3339 timestamp such as 2023-12-01T10:30:00Z";
        else if (from > to)
            error = "invalid range: 'from' is later than 'to'";
        else if (Value(parameters, "limit") is { } limitText && !TryParseInt(limitText, 1, RecordingQuery.MaxLimit, out limit))
            error = $"invalid 'limit': '{limitText}' is not an integer from 1 to {RecordingQuery.MaxLimit}";
        else if (Value(parameters, "offset") is { } offsetText && !TryParseInt(offsetText, 0, int.MaxValue, out offset))
            error = $"invalid 'offset': '{offsetText}' is not a non-negative integer";
        if (error is not null)
            return false;

        query = new RecordingQuery
        {
            CallId = Value(parameters, "call_id"),
            SessionId = Value(parameters, "session_id"),
            Participant = Value(parameters, "participant"),
            From = from,
            To = to,
            Limit = limit,
            Offset = offset,
        };
        return true;
    }

    private static string RecordingIdOf(HttpContext context) => ApiCaller.Of(context).RouteId!;

    private static string? Value(IQueryCollection parameters, string name) =>
        parameters.TryGetValue(name, out StringValues values) ? values[0] : null;

    private static bool TryParseInt(string text, int min, int max, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;

    private static bool TryParseTime(string text, out DateTimeOffset? value)
    {
        value = null;
        if (!Rfc3339Pattern().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var parsed))
            return false;
        value = parsed;
        return true;
    }

    private async Task<string?> FileOfAsync(HttpContext context, string id, Func<IndexedRecording, string> fileOf, string what)
    {
        IndexedRecording? recording;
        try
        {
            recording = await _index.FindAsync(id, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SqliteException or IOException)
        {
            await UnavailableAsync(context, ex).ConfigureAwait(false);
            return null;
        }

        if (recording is null)
        {
            await ApiResponse.ErrorAsync(context, 404, "recording not found: " + id).ConfigureAwait(false);
            return null;
        }

        var path = _index.Resolve(fileOf(recording));
        if (path is null)
        {
            Log.OutsideRoot(_logger, recording.Id, fileOf(recording));
            await ApiResponse.ErrorAsync(context, 404, $"{what} of recording {id} is not available").ConfigureAwait(false);
            return null;
        }

        if (!File.Exists(path))
        {
            var where = recording.S3Key is null ? string.Empty : $" (uploaded as object {recording.S3Key})";
            await ApiResponse.ErrorAsync(context, 404, $"{what} of recording {id} is not stored locally{where}").ConfigureAwait(false);
            return null;
        }

        return path;
    }

    private Task UnavailableAsync(HttpContext context, Exception ex)
    {
        Log.IndexUnavailable(_logger, ex);
        return ApiResponse.ErrorAsync(context, 503, "recordings index unavailable");
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339Pattern();

    private static partial class Log
    {
        [LoggerMessage(EventId = 310, Level = LogLevel.Error, Message = "Recordings index unavailable")]
        public static partial void IndexUnavailable(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 311, Level = LogLevel.Warning, Message = "Recording {RecordingId} names a file outside the recording root: {File}")]
        public static partial void OutsideRoot(ILogger logger, string recordingId, string file);

        [LoggerMessage(EventId = 312, Level = LogLevel.Warning, Message = "vCon of recording {RecordingId} not built")]
        public static partial void VconFailed(ILogger logger, string recordingId, Exception exception);
    }
}
