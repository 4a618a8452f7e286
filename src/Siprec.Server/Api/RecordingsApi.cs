using System.Globalization;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Siprec.Media.AtRest;
using Siprec.Media.Wav;
using Siprec.Recording.Index;
using Siprec.Recording.Storage;
using Siprec.Recording.Upload;
using Siprec.Recording.Vcon;
using Siprec.Server.Api.Schemas;
using Siprec.Server.Auth;
using Siprec.Server.Cluster;
using Siprec.Server.Observability;

namespace Siprec.Server.Api;

/// <summary>
/// The recordings endpoints under <c>/api/recordings</c>: listing with filters (every node's recordings when the index
/// is shared), the sidecar, WAV (with range requests), transcript and vCon of one recording. A file is served from this
/// node's disk when it recorded it, else from object storage when uploaded, else relayed from the node that recorded
/// it; 503 when none can. Local files are only ever reached through paths the index holds, checked to stay under the
/// recording root. Callers are admitted by <see cref="ApiKeyFilter"/>.
/// </summary>
public sealed partial class RecordingsApi
{
    private const int MaxFilterLength = 256;
    private const long MaxSidecarBytes = 16 * 1024 * 1024;
    private static readonly string[] KnownParameters = ["call_id", "session_id", "participant", "from", "to", "limit", "offset"];

    private readonly IRecordingIndex _index;
    private readonly VconBuilder _vcon;
    private readonly ILogger<RecordingsApi> _logger;
    private readonly RecordingIndexMetrics? _metrics;
    private readonly S3RecordingObjects? _objects;
    private readonly OwnerNodeRelay? _relay;
    private readonly IRecordingKeyProvider? _keys;

    /// <summary>
    /// Creates the endpoints over <paramref name="index"/>; vCons are built by <paramref name="vcon"/>;
    /// <paramref name="objects"/> (when uploads are on) and <paramref name="relay"/> (in a cluster) serve files this node
    /// does not hold; <paramref name="keys"/> opens files encrypted at rest.
    /// </summary>
    public RecordingsApi(IRecordingIndex index, VconBuilder vcon, ILogger<RecordingsApi> logger, RecordingIndexMetrics? metrics = null,
        S3RecordingObjects? objects = null, OwnerNodeRelay? relay = null, IRecordingKeyProvider? keys = null)
    {
        _index = index;
        _vcon = vcon;
        _logger = logger;
        _metrics = metrics;
        _objects = objects;
        _relay = relay;
        _keys = keys;
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
        api.MapGet("/recordings/{id}/transcript", (HttpContext context) => Answered.After(TranscriptAsync(context, RecordingIdOf(context))))
            .RequireScope(ApiScope.Recordings)
            .WithName("getRecordingTranscript").WithSummary("The transcript of one recording, one JSON object per line")
            .Produces(200, contentType: "application/x-ndjson").Produces<ApiError>(400).Produces<ApiError>(401).Produces<ApiError>(404).Produces<ApiError>(503);
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
        catch (Exception ex) when (IsIndexUnavailable(ex, context))
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
    public Task GetAsync(HttpContext context, string id) => ServeAsync(context, id, RecordingFile.Sidecar);

    /// <summary>Answers <c>GET /api/recordings/{id}/audio</c> with the WAV (<c>audio/wav</c>, byte ranges supported).</summary>
    public Task AudioAsync(HttpContext context, string id) => ServeAsync(context, id, RecordingFile.Audio);

    /// <summary>Answers <c>GET /api/recordings/{id}/transcript</c>; 404 when the recording has no transcript.</summary>
    public Task TranscriptAsync(HttpContext context, string id) => ServeAsync(context, id, RecordingFile.Transcript);

    // An encrypted file is streamed whole as it is decrypted (no byte ranges: the plaintext offsets are not known
    // before decrypting); the reader runs on its own thread because it writes synchronously, and is always awaited.
    private async Task DecryptedFileAsync(HttpContext context, string id, string path, RecordingFile kind)
    {
        if (_keys is null)
        {
            Log.NoKeys(_logger, id);
            await ApiResponse.ErrorAsync(context, 500, $"{kind.Name} of recording {id} is encrypted and no RECORDING_ENCRYPTION_KEY_FILE is configured").ConfigureAwait(false);
            return;
        }

        var pipe = new Pipe();
        var decrypting = Task.Run(() =>
        {
            // A failure travels through the pipe to the reader below, so this task itself never faults.
            try
            {
                using (var plain = pipe.Writer.AsStream(leaveOpen: true))
                    EncryptedFileReader.Decrypt(path, _keys, plain);
                pipe.Writer.Complete();
            }
            catch (Exception ex)
            {
                pipe.Writer.Complete(ex);
            }
        });
        try
        {
            // A WAV header comes out before the key is unwrapped: wait for content (or the end) so that a wrong key or a
            // damaged first chunk still gets a clean 500 instead of a cut 200.
            var before = ReferenceEquals(kind, RecordingFile.Audio) ? WavHeader.Length : 0;
            var first = await pipe.Reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            while (!first.IsCompleted && first.Buffer.Length <= before)
            {
                pipe.Reader.AdvanceTo(first.Buffer.Start, first.Buffer.End);
                first = await pipe.Reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            }

            context.Response.StatusCode = 200;
            context.Response.ContentType = kind.ContentType;
            if (!ReferenceEquals(kind, RecordingFile.Sidecar))
                context.Response.Headers.ContentDisposition = $"attachment; filename=\"{Path.GetFileName(path)}\"";
            pipe.Reader.AdvanceTo(first.Buffer.Start);
            await pipe.Reader.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is CryptographicException or KeyNotFoundException or InvalidDataException
            || (ex is IOException && !context.RequestAborted.IsCancellationRequested))
        {
            Log.DecryptFailed(_logger, id, ex);
            if (!context.Response.HasStarted)
                await ApiResponse.ErrorAsync(context, 500, $"{kind.Name} of recording {id} cannot be decrypted: {ex.Message}").ConfigureAwait(false);
            else
                context.Abort();
        }
        finally
        {
            // Completing the reader releases a decryptor blocked on a full pipe when the client went away.
            await pipe.Reader.CompleteAsync().ConfigureAwait(false);
            await decrypting.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Answers <c>GET /api/recordings/{id}/vcon</c> with the recording's vCon, its dialog pointing at this server's
    /// audio endpoint; 404 when the recording, its sidecar or its WAV is not stored locally, 500 when its files are unreadable.
    /// </summary>
    public async Task VconAsync(HttpContext context, string id)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await FindOrAnswerAsync(context, id).ConfigureAwait(false) is not { } recording)
            return;

        var sidecarPath = _index.Folder.Resolve(recording.SidecarFile);
        var audioPath = _index.Folder.Resolve(recording.RecordingFile);
        if (sidecarPath is null || audioPath is null || !File.Exists(sidecarPath) || !File.Exists(audioPath))
        {
            await ApiResponse.ErrorAsync(context, 404, $"recording {id} is not on this node's disk").ConfigureAwait(false);
            return;
        }

        if (EncryptedFileHeader.IsEncrypted(audioPath))
        {
            await ApiResponse.ErrorAsync(context, 409, $"recording {id} is encrypted at rest; vCon export of encrypted recordings is not supported").ConfigureAwait(false);
            return;
        }

        byte[] body;
        try
        {
            var sidecar = await _index.Folder.ReadSidecarAsync(sidecarPath, context.RequestAborted).ConfigureAwait(false)
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

    /// <summary>The recording <paramref name="id"/> names; null once a 404 or (index unavailable) 503 has been answered.</summary>
    private async Task<IndexedRecording?> FindOrAnswerAsync(HttpContext context, string id)
    {
        IndexedRecording? recording;
        try
        {
            recording = await _index.FindAsync(id, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsIndexUnavailable(ex, context))
        {
            await UnavailableAsync(context, ex).ConfigureAwait(false);
            return null;
        }

        if (recording is null)
            await ApiResponse.ErrorAsync(context, 404, "recording not found: " + id).ConfigureAwait(false);
        return recording;
    }

    private async Task ServeAsync(HttpContext context, string id, RecordingFile kind)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await FindOrAnswerAsync(context, id).ConfigureAwait(false) is not { } recording)
            return;

        if (kind.FileOf(recording) is not { } file)
        {
            await ApiResponse.ErrorAsync(context, 404, $"recording {id} has no {kind.Name}").ConfigureAwait(false);
            return;
        }

        var ours = recording.Node is null || string.Equals(recording.Node, _index.NodeId, StringComparison.Ordinal);
        if (ours)
        {
            var path = _index.Folder.Resolve(file);
            if (path is null)
            {
                Log.OutsideRoot(_logger, recording.Id, file);
                await ApiResponse.ErrorAsync(context, 404, $"{kind.Name} of recording {id} is not available").ConfigureAwait(false);
                return;
            }

            if (await TryServeLocalAsync(context, id, kind, path).ConfigureAwait(false))
            {
                _metrics?.Fetched("local");
                return;
            }
        }

        if (await TryServeObjectAsync(context, recording, kind).ConfigureAwait(false))
        {
            _metrics?.Fetched("s3");
            return;
        }

        if (!ours && _relay is not null && !context.Request.Headers.ContainsKey(OwnerNodeRelay.RelayedByHeader)
            && await _relay.TryRelayAsync(context, recording.Node!, $"/api/recordings/{Uri.EscapeDataString(recording.Id)}{kind.RouteSuffix}").ConfigureAwait(false))
        {
            _metrics?.Fetched("node");
            return;
        }

        if (ours && recording.S3Key is null)
        {
            await ApiResponse.ErrorAsync(context, 404, $"{kind.Name} of recording {id} is not stored locally").ConfigureAwait(false);
            return;
        }

        var why = ours
            ? $"it is not on disk here and object {recording.S3Key} could not be read"
            : $"it was recorded on node {recording.Node}, which cannot serve it now, and {(recording.S3Key is null ? "it was not uploaded" : "its uploaded object could not be read")}";
        Log.NoSource(_logger, recording.Id, recording.CallId, kind.Name, why);
        _metrics?.Fetched("unavailable");
        await ApiResponse.ErrorAsync(context, 503, $"{kind.Name} of recording {id} is unavailable: {why}").ConfigureAwait(false);
    }

    /// <summary>Serves <paramref name="path"/> when it exists, decrypted when it is encrypted at rest; false when it does not exist.</summary>
    private async Task<bool> TryServeLocalAsync(HttpContext context, string id, RecordingFile kind, string path)
    {
        if (!File.Exists(path))
            return false;
        if (EncryptedFileHeader.IsEncrypted(path))
        {
            await DecryptedFileAsync(context, id, path, kind).ConfigureAwait(false);
            return true;
        }

        if (!ReferenceEquals(kind, RecordingFile.Sidecar))
        {
            await Results.File(path, kind.ContentType, Path.GetFileName(path), enableRangeProcessing: true).ExecuteAsync(context).ConfigureAwait(false);
            return true;
        }

        byte[] body;
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: true);
            if (stream.Length > MaxSidecarBytes)
            {
                await ApiResponse.ErrorAsync(context, 500, $"sidecar of recording {id} is larger than {MaxSidecarBytes} bytes").ConfigureAwait(false);
                return true;
            }

            body = new byte[stream.Length];
            await stream.ReadExactlyAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return false;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = kind.ContentType;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        return true;
    }

    /// <summary>Streams the uploaded object of <paramref name="kind"/>, whole; false when there is none or it cannot be read.</summary>
    private async Task<bool> TryServeObjectAsync(HttpContext context, IndexedRecording recording, RecordingFile kind)
    {
        if (_objects is null || kind.ObjectKeyOf(recording) is not { } key)
            return false;
        StoredObject? stored;
        try
        {
            stored = await _objects.OpenAsync(key, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException or HttpRequestException or IOException
            || (ex is OperationCanceledException && !context.RequestAborted.IsCancellationRequested))
        {
            Log.ObjectUnreadable(_logger, recording.Id, key, ex.Message);
            return false;
        }

        if (stored is null)
        {
            Log.ObjectUnreadable(_logger, recording.Id, key, "no such object");
            return false;
        }

        using (stored)
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = kind.ContentType;
            context.Response.ContentLength = stored.Length;
            await stored.Content.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }

        return true;
    }

    private static bool IsIndexUnavailable(Exception ex, HttpContext context) =>
        ex is DbException or IOException or TimeoutException || (ex is OperationCanceledException && !context.RequestAborted.IsCancellationRequested);

    private Task UnavailableAsync(HttpContext context, Exception ex)
    {
        Log.IndexUnavailable(_logger, _index.Location, ex);
        _metrics?.OnIndexFailure("read");
        return ApiResponse.ErrorAsync(context, 503, "recordings index unavailable");
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339Pattern();

    private static partial class Log
    {
        [LoggerMessage(EventId = 310, Level = LogLevel.Error, Message = "Recordings index unavailable ({Location})")]
        public static partial void IndexUnavailable(ILogger logger, string location, Exception exception);

        [LoggerMessage(EventId = 311, Level = LogLevel.Warning, Message = "Recording {RecordingId} names a file outside the recording root: {File}")]
        public static partial void OutsideRoot(ILogger logger, string recordingId, string file);

        [LoggerMessage(EventId = 312, Level = LogLevel.Error, Message = "Recording {RecordingId} is encrypted but no master key is configured")]
        public static partial void NoKeys(ILogger logger, string recordingId);

        [LoggerMessage(EventId = 313, Level = LogLevel.Error, Message = "Recording {RecordingId} cannot be decrypted")]
        public static partial void DecryptFailed(ILogger logger, string recordingId, Exception exception);

        [LoggerMessage(EventId = 314, Level = LogLevel.Error, Message = "Recording {RecordingId} (Call-ID {CallId}): no source can serve its {File}: {Reason}")]
        public static partial void NoSource(ILogger logger, string recordingId, string callId, string file, string reason);

        [LoggerMessage(EventId = 315, Level = LogLevel.Warning, Message = "Recording {RecordingId}: uploaded object {Key} cannot be read: {Error}")]
        public static partial void ObjectUnreadable(ILogger logger, string recordingId, string key, string error);

        [LoggerMessage(EventId = 316, Level = LogLevel.Warning, Message = "vCon of recording {RecordingId} not built")]
        public static partial void VconFailed(ILogger logger, string recordingId, Exception exception);
    }
}
