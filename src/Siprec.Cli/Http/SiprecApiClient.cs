using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Siprec.Cli.Http;

/// <summary>
/// The server's REST API, one method per endpoint. Successful answers come back as the server's JSON; an error
/// answer throws <see cref="ApiErrorException"/>, no answer at all throws <see cref="ServerUnreachableException"/>.
/// Ids are percent-encoded, so <c>/</c> and <c>+</c> in them are safe. Not thread-affine; calls may overlap.
/// </summary>
public sealed class SiprecApiClient(HttpClient http, Uri server, string? apiKey)
{
    private const int MaxErrorTextLength = 300;

    /// <summary>The server's base URL.</summary>
    public Uri Server { get; } = server;

    /// <summary><c>GET /health</c>; a 503 (degraded) answer is returned, not thrown.</summary>
    public Task<JsonElement> GetHealthAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "/health", null, cancellationToken, HttpStatusCode.ServiceUnavailable);

    /// <summary><c>GET /api/sessions</c>.</summary>
    public Task<JsonElement> ListSessionsAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "/api/sessions", null, cancellationToken);

    /// <summary><c>GET /api/nodes</c>.</summary>
    public Task<JsonElement> ListNodesAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "/api/nodes", null, cancellationToken);

    /// <summary><c>POST /api/nodes/{id}/drain</c> or <c>/undrain</c>, as <paramref name="action"/> says.</summary>
    public Task<JsonElement> ChangeNodeAsync(string id, string action, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "/api/nodes/" + EscapeId(id) + "/" + action, new JsonObject(), cancellationToken);

    /// <summary><c>GET /api/sessions/{id}</c>.</summary>
    public Task<JsonElement> GetSessionAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, SessionPath(id), null, cancellationToken);

    /// <summary><c>POST /api/sessions/{id}/pause</c>; answers the session's pause status.</summary>
    public Task<JsonElement> PauseAsync(string id, PauseRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(HttpMethod.Post, SessionPath(id) + "/pause", request.ToJson(), cancellationToken);
    }

    /// <summary><c>POST /api/sessions/{id}/resume</c>; answers the session's pause status.</summary>
    public Task<JsonElement> ResumeAsync(string id, ResumeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(HttpMethod.Post, SessionPath(id) + "/resume", request.ToJson(), cancellationToken);
    }

    /// <summary><c>GET /api/sessions/{id}/pause-status</c>.</summary>
    public Task<JsonElement> GetPauseStatusAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, SessionPath(id) + "/pause-status", null, cancellationToken);

    /// <summary><c>GET /api/sessions/pause-status</c>: an object mapping each session id to its status.</summary>
    public Task<JsonElement> GetAllPauseStatusesAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "/api/sessions/pause-status", null, cancellationToken);

    /// <summary><c>POST /api/sessions/pause-all</c>: answers <c>message</c> and <c>statuses</c>.</summary>
    public Task<JsonElement> PauseAllAsync(PauseRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(HttpMethod.Post, "/api/sessions/pause-all", request.ToJson(), cancellationToken);
    }

    /// <summary><c>POST /api/sessions/resume-all</c>: answers <c>message</c> and <c>statuses</c>.</summary>
    public Task<JsonElement> ResumeAllAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "/api/sessions/resume-all", new JsonObject(), cancellationToken);

    /// <summary><c>GET /api/recordings</c> with the query's filters.</summary>
    public Task<JsonElement> ListRecordingsAsync(RecordingQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return SendAsync(HttpMethod.Get, "/api/recordings" + query.ToQueryString(), null, cancellationToken);
    }

    /// <summary><c>GET /api/recordings/{id}</c>: the recording's sidecar.</summary>
    public Task<JsonElement> GetRecordingAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, RecordingPath(id), null, cancellationToken);

    /// <summary><c>POST</c> (<paramref name="held"/> true) or <c>DELETE /api/recordings/{id}/hold</c>: answers <c>id</c> and <c>held</c>.</summary>
    public Task<JsonElement> SetRecordingHoldAsync(string id, bool held, CancellationToken cancellationToken = default) =>
        SendAsync(held ? HttpMethod.Post : HttpMethod.Delete, RecordingPath(id) + "/hold", null, cancellationToken);

    /// <summary><c>POST /api/keys/rotate</c>: answers <c>key_id</c>, <c>rewrapped</c>, <c>already_current</c> and <c>failed</c>.</summary>
    public Task<JsonElement> RotateKeysAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "/api/keys/rotate", null, cancellationToken);

    /// <summary><c>GET /api/recordings/{id}/audio</c> copied into <paramref name="destination"/>; returns the byte count.</summary>
    public async Task<long> DownloadRecordingAsync(string id, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var request = CreateRequest(HttpMethod.Get, RecordingPath(id) + "/audio", null);
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new ApiErrorException((int)response.StatusCode, ErrorText(response, text));
        }

        var source = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                total += read;
            }

            return total;
        }
    }

    private static string SessionPath(string id) => "/api/sessions/" + EscapeId(id);

    private static string RecordingPath(string id) => "/api/recordings/" + EscapeId(id);

    private static string EscapeId(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return Uri.EscapeDataString(id);
    }

    private static string ErrorText(HttpResponseMessage response, string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
            {
                return error.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Not the API's error format (a proxy's page, say): fall back to the text itself.
        }

        var text = body.Trim();
        if (text.Length == 0)
        {
            return response.ReasonPhrase ?? "no error text";
        }

        return text.Length <= MaxErrorTextLength ? text : text[..MaxErrorTextLength] + "...";
    }

    private async Task<JsonElement> SendAsync(
        HttpMethod method, string pathAndQuery, JsonObject? body, CancellationToken cancellationToken,
        HttpStatusCode? alsoAccepted = null)
    {
        using var request = CreateRequest(method, pathAndQuery, body);
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode && response.StatusCode != alsoAccepted)
        {
            throw new ApiErrorException((int)response.StatusCode, ErrorText(response, text));
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new ApiErrorException((int)response.StatusCode, "the server's answer is not valid JSON: " + ex.Message);
        }
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, string pathAndQuery, JsonObject? body)
    {
        var request = new HttpRequestMessage(method, new Uri(Server.AbsoluteUri.TrimEnd('/') + pathAndQuery));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!string.IsNullOrEmpty(apiKey))
        {
            request.Headers.TryAddWithoutValidation("X-API-Key", apiKey);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return request;
    }

    private async Task<HttpResponseMessage> SendRawAsync(
        HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ServerUnreachableException(Server, ex.InnerException?.Message ?? ex.Message, ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServerUnreachableException(Server, $"no answer within {http.Timeout.TotalSeconds:0} s", ex);
        }
    }
}
