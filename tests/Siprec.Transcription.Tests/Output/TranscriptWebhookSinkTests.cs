using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Siprec.Transcription.Output;
using Siprec.Transcription.Tests.Fakes;

namespace Siprec.Transcription.Tests.Output;

public sealed class TranscriptWebhookSinkTests
{
    [Fact]
    public async Task Finals_are_posted_as_json_and_failures_are_counted()
    {
        var received = new List<JsonElement>();
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync(app => app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            lock (received)
            {
                received.Add(body.RootElement.Clone());
            }

            return Interlocked.Increment(ref calls) == 2 ? Results.StatusCode(500) : Results.Ok();
        }));
        using var http = new HttpClient();
        var sink = new TranscriptWebhookSink(http, new Uri(server.BaseUri, "hook"));
        var final = new TranscriptResult("call-8", 1, "sip:x@example.com", null, true, "one", 0.5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), "p", DateTimeOffset.UnixEpoch);
        await sink.WriteAsync(final, CancellationToken.None);
        await sink.WriteAsync(final with { IsFinal = false }, CancellationToken.None);
        await sink.WriteAsync(final with { Text = "two" }, CancellationToken.None);
        await sink.WriteAsync(final with { Text = "three" }, CancellationToken.None);
        await sink.DisposeAsync();

        Assert.Equal(2, sink.Delivered);
        Assert.Equal(1, sink.Failed);
        Assert.Equal(["one", "two", "three"], received.Select(r => r.GetProperty("text").GetString()));
        Assert.Equal("call-8", received[0].GetProperty("session_id").GetString());
        Assert.Equal(2.0, received[0].GetProperty("end").GetDouble());
    }

    [Fact]
    public async Task An_unreachable_receiver_is_counted_not_thrown()
    {
        using var http = new HttpClient();
        var sink = new TranscriptWebhookSink(http, new Uri("http://127.0.0.1:1/hook"));
        await sink.WriteAsync(new TranscriptResult("s", 0, null, null, true, "x", null, TimeSpan.Zero, TimeSpan.Zero, "p", DateTimeOffset.UnixEpoch), CancellationToken.None);
        await sink.DisposeAsync();
        Assert.Equal(1, sink.Failed);
    }
}
