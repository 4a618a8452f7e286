using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Siprec.Recording.Index;
using Siprec.Recording.Storage;
using Siprec.Server.Tests.Support;

namespace Siprec.Server.Tests.Api;

public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    private RunningServer _server = null!;
    private JsonElement _document;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        _document = (await _server.GetAsync("/openapi.json")).Body;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void EveryApiEndpointIsDocumented()
    {
        var mapped = _server.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["(any)"])
                .Select(method => (Method: method, Path: "/" + string.Join('/', e.RoutePattern.PathSegments.Select(Documented)))))
            .ToList();

        Assert.Equal(22, mapped.Count);
        Assert.All(mapped, route => Assert.Contains(route, DocumentedOperations()));
        Assert.All(mapped.Where(route => route.Path.Contains("{id}", StringComparison.Ordinal)), route =>
        {
            var parameters = _document.GetProperty("paths").GetProperty(route.Path).GetProperty(route.Method.ToLowerInvariant()).GetProperty("parameters");
            Assert.Contains(parameters.EnumerateArray(), p => p.GetProperty("name").GetString() == "id" && p.GetProperty("in").GetString() == "path");
        });
    }

    [Fact]
    public async Task EveryDocumentedOperationIsImplemented()
    {
        foreach (var (method, path) in DocumentedOperations())
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path.Replace("{id}", "no-such-session", StringComparison.Ordinal), UriKind.Relative));
            if (method == "POST")
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            using var response = await _server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            var status = (int)response.StatusCode;
            Assert.True(status != 405, $"{method} {path} answered 405");
            if (status == 404)
            {
                // A missing session, recording or node is a 404 the route answers itself; an unknown route is "not found: <path>".
                var body = await response.Content.ReadAsStringAsync(cts.Token);
                Assert.Matches("(session|recording|node) not found", body);
            }
        }
    }

    [Fact]
    public async Task DocumentIsServedAsJson()
    {
        var (status, json, response) = await _server.GetAsync("/openapi.json");
        Assert.Equal(200, status);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("3.1.", json.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("apiKey", json.GetProperty("components").GetProperty("securitySchemes").GetProperty("apiKey").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("/api/sessions/{id}/pause", "post", "PauseRequest")]
    [InlineData("/api/sessions/{id}/resume", "post", "ResumeRequest")]
    [InlineData("/api/sessions/pause-all", "post", "PauseRequest")]
    [InlineData("/api/sessions/resume-all", "post", "ResumeRequest")]
    public async Task RequestSchemaNamesTheFieldsTheServerReads(string path, string method, string schema)
    {
        var operation = _document.GetProperty("paths").GetProperty(path).GetProperty(method);
        Assert.Equal("#/components/schemas/" + schema, operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.False(operation.GetProperty("requestBody").TryGetProperty("required", out var required) && required.GetBoolean());
        Assert.Contains(operation.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "Idempotency-Key");
        _server.AddSession("s1");
        foreach (var field in SchemaFields(schema))
        {
            // A value of the wrong type is refused by name, so the server reads every documented field.
            var (status, json, _) = await _server.PostAsync(path.Replace("{id}", "s1", StringComparison.Ordinal), $$"""{"{{field}}": 12}""");
            Assert.Equal(400, status);
            Assert.StartsWith($"invalid field '{field}'", json.GetProperty("error").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ResponseSchemasNameTheFieldsTheServerWrites()
    {
        _server.AddSession("s1");
        var (_, status, _) = await _server.PostAsync("/api/sessions/s1/pause");
        var (_, all, _) = await _server.PostAsync("/api/sessions/resume-all");
        var (_, map, _) = await _server.GetAsync("/api/sessions/pause-status");
        var (_, error, _) = await _server.GetAsync("/api/sessions/missing/pause-status");

        Assert.Equal(SchemaFields("PauseStatusAnswer"), Fields(status));
        Assert.Equal(SchemaFields("PauseStatusAnswer"), Fields(map.GetProperty("s1")));
        Assert.Equal(SchemaFields("AllSessionsPauseAnswer"), Fields(all));
        Assert.Equal(SchemaFields("PauseStatusAnswer"), Fields(all.GetProperty("statuses").GetProperty("s1")));
        Assert.Equal(SchemaFields("ApiError"), Fields(error));
        var (_, list, _) = await _server.GetAsync("/api/sessions");
        var session = list.GetProperty("sessions")[0];
        Assert.Equal(SchemaFields("SessionListAnswer"), Fields(list));
        Assert.Equal(SchemaFields("SessionAnswer"), Fields(session));
        Assert.Equal(SchemaFields("ParticipantAnswer"), Fields(session.GetProperty("participants")[0]));
        Assert.Equal(SchemaFields("StreamAnswer"), Fields(session.GetProperty("streams")[0]));
        Assert.Equal(SchemaFields("PauseStatusAnswer"), Fields(session.GetProperty("pause_status")));
        foreach (var (path, code, schema) in new[]
        {
            ("/api/sessions/{id}/pause", "200", "PauseStatusAnswer"),
            ("/api/sessions/{id}/resume", "200", "PauseStatusAnswer"),
            ("/api/sessions/{id}/pause-status", "200", "PauseStatusAnswer"),
            ("/api/sessions/pause-all", "200", "AllSessionsPauseAnswer"),
            ("/api/sessions/{id}/pause", "404", "ApiError"),
            ("/api/sessions", "200", "SessionListAnswer"),
            ("/api/sessions/{id}", "200", "SessionAnswer"),
        })
        {
            var operation = _document.GetProperty("paths").GetProperty(path).EnumerateObject().First().Value;
            var reference = operation.GetProperty("responses").GetProperty(code).GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString();
            Assert.Equal("#/components/schemas/" + schema, reference);
        }
    }

    [Fact]
    public async Task HealthSchemasNameTheFieldsTheServerWrites()
    {
        var (_, health, _) = await _server.GetAsync("/health");
        var (_, live, _) = await _server.GetAsync("/health/live");
        var (_, ready, _) = await _server.GetAsync("/health/ready");

        Assert.Equal(SchemaFields("HealthAnswer"), Fields(health));
        Assert.Equal(SchemaFields("HealthStatusAnswer"), Fields(live));
        Assert.Equal(SchemaFields("HealthStatusAnswer"), Fields(ready));
        Assert.Equal(SchemaFields("TranscriptionHealth"), Fields(health.GetProperty("transcription")));
        Assert.Equal(["detail", "enabled", "provider"], Fields(health.GetProperty("transcription")));
        Assert.All(health.GetProperty("checks").EnumerateObject(), check => Assert.Equal(SchemaFields("HealthCheckAnswer"), Fields(check.Value)));
        var checks = Schema("HealthAnswer").GetProperty("properties").GetProperty("checks");
        Assert.Equal("#/components/schemas/HealthCheckAnswer", checks.GetProperty("additionalProperties").GetProperty("$ref").GetString());
        Assert.Equal("HealthAnswer", ResponseSchema("/health", "200"));
        Assert.Equal("HealthAnswer", ResponseSchema("/health", "503"));
        Assert.Equal("HealthStatusAnswer", ResponseSchema("/health/live", "200"));
        Assert.Equal("HealthStatusAnswer", ResponseSchema("/health/ready", "503"));
    }

    [Fact]
    public async Task RecordingSchemasNameTheFieldsTheServerWrites()
    {
        var folder = Path.Combine(_server.Options.Recording.Directory, "2026", "03", "04");
        Directory.CreateDirectory(folder);
        var location = new RecordingLocation(folder, "call-r-0001");
        var sidecar = new SessionSidecar
        {
            CallId = "call-r",
            SessionId = "rs-call-r",
            RecordingFile = "call-r-0001.wav",
            TranscriptFile = "call-r-0001.transcript.jsonl",
            StartedAt = RunningServer.Start,
            EndedAt = RunningServer.Start.AddSeconds(30),
            EndReason = "bye",
            SampleRate = 8000,
            PauseBehavior = "silence",
            Participants = [new SidecarParticipant(null, "sip:alice@example.com", "Alice", [1])],
            Streams = [new SidecarStream { Channel = 1, Label = "1", Codec = "PCMA/8000" }],
            Errors = [new SidecarError("transcription", "provider unreachable")],
        };
        await File.WriteAllBytesAsync(location.AudioPath, new byte[64]);
        await SidecarFileWriter.WriteAsync(location.SidecarPath, sidecar);
        var index = _server.Service<IRecordingIndex>();
        await index.UpsertAsync(index.Folder.Describe(location.SidecarPath, sidecar));

        var (_, list, _) = await _server.GetAsync("/api/recordings?call_id=call-r");
        var (_, one, _) = await _server.GetAsync("/api/recordings/call-r");

        var recording = list.GetProperty("recordings")[0];
        Assert.Equal(SchemaFields("RecordingListAnswer"), Fields(list));
        Assert.Equal(SchemaFields("RecordingAnswer"), Fields(recording));
        Assert.Equal(SchemaFields("RecordingParticipantAnswer"), Fields(recording.GetProperty("participants")[0]));
        Assert.Equal(SchemaFields("RecordingStreamAnswer"), Fields(recording.GetProperty("streams")[0]));
        Assert.Equal(SchemaFields("SessionSidecar"), Fields(one));
        Assert.Equal("RecordingListAnswer", ResponseSchema("/api/recordings", "200"));
        Assert.Equal("SessionSidecar", ResponseSchema("/api/recordings/{id}", "200"));
    }

    [Fact]
    public async Task MetricsAreDocumentedAsPlainTextOnGet()
    {
        var metrics = _document.GetProperty("paths").GetProperty("/metrics");
        using var response = await _server.Client.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(["get"], metrics.EnumerateObject().Select(o => o.Name));
        Assert.True(metrics.GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("text/plain", out _));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task EventStreamTakesTheKeyFromTheQueryButOtherRoutesDoNot()
    {
        await using var server = await RunningServer.StartAsync(o =>
        {
            o.PauseResume.RequireAuth = true;
            o.PauseResume.ApiKeys = ["k1"];
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var events = await server.Client.GetAsync(new Uri("/api/events?api_key=k1", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(200, (int)events.StatusCode);
        using var noKey = await server.Client.GetAsync(new Uri("/api/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(401, (int)noKey.StatusCode);
        Assert.Equal(401, (await server.GetAsync("/api/sessions?api_key=k1")).Status);
        var parameters = _document.GetProperty("paths").GetProperty("/api/events").GetProperty("get").GetProperty("parameters");
        Assert.Contains(parameters.EnumerateArray(), p => p.GetProperty("name").GetString() == "api_key" && p.GetProperty("in").GetString() == "query");
    }

    private static string Documented(RoutePatternPathSegment segment) =>
        string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            _ => part.ToString(),
        }));

    private static string[] Fields(JsonElement json) => [.. json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    private List<(string Method, string Path)> DocumentedOperations() =>
        [.. _document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (operation.Name.ToUpperInvariant(), path.Name)))];

    private string[] SchemaFields(string schema) =>
        [.. Schema(schema).GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    private JsonElement Schema(string name) => _document.GetProperty("components").GetProperty("schemas").GetProperty(name);

    /// <summary>The name of the schema the GET of <paramref name="path"/> documents for <paramref name="code"/>.</summary>
    private string? ResponseSchema(string path, string code) =>
        _document.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("responses").GetProperty(code)
            .GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()?.Replace("#/components/schemas/", string.Empty, StringComparison.Ordinal);
}
