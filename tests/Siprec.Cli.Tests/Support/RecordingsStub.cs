using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Siprec.Cli.Tests.Support;

/// <summary>
/// A small HTTP server on 127.0.0.1 answering the recordings endpoints with fixed documents of the agreed shapes,
/// for the client side while the server's own recordings endpoints are not there; it keeps every request target.
/// </summary>
public sealed class RecordingsStub : IAsyncDisposable
{
    public const string ApiKey = "stub-key";

    public const string ListJson = """
        {"count": 2, "recordings": [
          {"id": "call-1", "call_id": "call-1", "session_id": "rs-1", "started_at": "2023-12-01T10:30:00Z",
           "ended_at": "2023-12-01T10:32:30Z", "duration_seconds": 150.5,
           "participants": [{"aor": "sip:alice@example.com", "name": "Alice"}, {"aor": "sip:bob@example.com", "name": null}]},
          {"id": "a/b+c", "call_id": "a/b+c", "session_id": null, "started_at": "2023-12-01T11:00:00Z",
           "ended_at": null, "duration_seconds": null, "participants": []}
        ]}
        """;

    public const string SidecarJson = """
        {"call_id": "a/b+c", "session_id": null, "recording_file": "a_b_c.wav", "started_at": "2023-12-01T11:00:00Z",
         "ended_at": "2023-12-01T11:01:00Z", "end_reason": "bye", "sample_rate": 8000,
         "participants": [{"id": "p1", "aor": "sip:alice@example.com", "name": "Alice", "channels": [1]}],
         "streams": [], "pauses": [{"source": "api", "reason": "card number", "started_at": "2023-12-01T11:00:10Z"}]}
        """;

    public static byte[] Audio() => [.. "RIFF"u8, .. Enumerable.Range(0, 70_000).Select(i => (byte)i)];

    private readonly WebApplication _app;

    private RecordingsStub(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public ConcurrentQueue<string> Targets { get; } = new();

    public ConcurrentQueue<string> Methods { get; } = new();

    public static async Task<RecordingsStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        RecordingsStub? stub = null;
        app.Run(context => stub!.AnswerAsync(context));
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        stub = new RecordingsStub(app, address.TrimEnd('/'));
        return stub;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
    }

    private Task AnswerAsync(HttpContext context)
    {
        var target = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        Targets.Enqueue(target);
        Methods.Enqueue(context.Request.Method);
        if (context.Request.Headers["X-API-Key"] != ApiKey)
        {
            return JsonAsync(context, 401, """{"error": "invalid API key", "code": 401}""");
        }

        var path = target.Split('?')[0];
        return path switch
        {
            "/api/recordings" => JsonAsync(context, 200, ListJson),
            "/api/recordings/a%2Fb%2Bc" => JsonAsync(context, 200, SidecarJson),
            "/api/recordings/a%2Fb%2Bc/audio" => AudioAsync(context),
            "/api/recordings/a%2Fb%2Bc/hold" when context.Request.Method is "POST" or "DELETE" =>
                JsonAsync(context, 200, $$"""{"id": "a/b+c", "held": {{(context.Request.Method == "POST" ? "true" : "false")}}}"""),
            "/api/keys/rotate" when context.Request.Method is "POST" =>
                JsonAsync(context, 200, """{"key_id": "0123456789abcdef", "rewrapped": 4, "already_current": 2, "failed": 0}"""),
            _ => JsonAsync(context, 404, $$"""{"error": "recording not found: {{Uri.UnescapeDataString(path.Split('/')[3])}}", "code": 404}"""),
        };
    }

    private static Task JsonAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json, Encoding.UTF8);
    }

    private static Task AudioAsync(HttpContext context)
    {
        context.Response.ContentType = "audio/wav";
        return context.Response.Body.WriteAsync(Audio()).AsTask();
    }
}
