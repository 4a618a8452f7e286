using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Siprec.Transcription.Output;
using Siprec.Transcription.Tests.Fakes;

namespace Siprec.Transcription.Tests.Output;

public sealed class TranscriptWebhookSinkTests
{
    private static readonly TranscriptWebhookOptions Fast = TranscriptWebhookOptions.Default with
    {
        RetryDelay = TimeSpan.FromMilliseconds(20),
        MaxRetryDelay = TimeSpan.FromMilliseconds(100),
        ShutdownDrainTimeout = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public async Task Finals_are_posted_as_json_and_a_4xx_is_not_retried()
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

            return Interlocked.Increment(ref calls) == 2 ? Results.StatusCode(400) : Results.Ok();
        }));
        using var http = new HttpClient();
        var sink = new TranscriptWebhookSink(http, new Uri(server.BaseUri, "hook"), Fast);
        var final = Final("call-8", "one");
        await sink.WriteAsync(final, CancellationToken.None);
        await sink.WriteAsync(final with { IsFinal = false }, CancellationToken.None);
        await sink.WriteAsync(final with { Text = "two" }, CancellationToken.None);
        await sink.WriteAsync(final with { Text = "three" }, CancellationToken.None);
        await sink.DisposeAsync();

        Assert.Equal(2, sink.Delivered);
        Assert.Equal(1, sink.Rejected);
        Assert.Equal(0, sink.FailedAttempts);
        Assert.Equal(0, sink.UnsentAtShutdown);
        Assert.Equal(["one", "two", "three"], received.Select(r => r.GetProperty("text").GetString()));
        Assert.Equal("call-8", received[0].GetProperty("session_id").GetString());
        Assert.Equal(2.0, received[0].GetProperty("end").GetDouble());
    }

    [Fact]
    public async Task A_receiver_down_then_back_gets_every_result_in_order()
    {
        var port = FreeLoopbackPort();
        var logger = new CollectingLogger();
        using var http = new HttpClient();
        var sink = new TranscriptWebhookSink(http, new Uri($"http://127.0.0.1:{port}/hook"), Fast with { MaxAttempts = 1000 }, logger: logger);
        await sink.WriteAsync(Final("call-1", "one"), CancellationToken.None);
        await sink.WriteAsync(Final("call-1", "two"), CancellationToken.None);
        await WaitUntilAsync(() => sink.FailedAttempts >= 2);
        Assert.Equal(0, sink.Delivered);
        Assert.Equal(1, sink.Backlog);

        var texts = new ConcurrentQueue<string>();
        await using var server = await LoopbackServer.StartAsync(app => app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            texts.Enqueue(body.RootElement.GetProperty("text").GetString()!);
            return Results.Ok();
        }), port: port);
        await WaitUntilAsync(() => sink.Delivered == 2);
        await sink.DisposeAsync();

        Assert.Equal(["one", "two"], texts);
        Assert.Equal(0, sink.Abandoned);
        Assert.Equal(0, sink.Backlog);
        Assert.Contains(logger.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("attempt 1 failed", StringComparison.Ordinal) && l.Message.Contains("call-1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Server_errors_and_429_are_retried_until_the_receiver_answers()
    {
        var receiver = await ScriptedReceiver.StartAsync(503, 404, 429, 500, 200);
        await using var _ = receiver;
        using var http = new HttpClient();
        var sink = new TranscriptWebhookSink(http, receiver.Url, Fast);
        await sink.WriteAsync(Final("call-2", "refused"), CancellationToken.None);
        await WaitUntilAsync(() => sink.Rejected == 1);
        await sink.WriteAsync(Final("call-2", "kept"), CancellationToken.None);
        await WaitUntilAsync(() => sink.Delivered == 1);
        await sink.DisposeAsync();

        // The 503 before the 404 is one retry of "refused"; the 404 ends it; "kept" goes through 429 and 500 to the 200.
        Assert.Equal(["refused", "refused", "kept", "kept", "kept"], receiver.Texts);
        Assert.Equal(3, sink.FailedAttempts);
        Assert.Equal(0, sink.Abandoned);
    }

    [Fact]
    public async Task A_result_is_given_up_after_its_attempts_with_one_line_naming_the_session()
    {
        var receiver = await ScriptedReceiver.StartAsync(500, 500, 500, 200);
        await using var _ = receiver;
        var logger = new CollectingLogger();
        using var http = new HttpClient();
        var sink = new TranscriptWebhookSink(http, receiver.Url, Fast with { MaxAttempts = 3 }, logger: logger);
        await sink.WriteAsync(Final("call-9", "lost"), CancellationToken.None);
        await WaitUntilAsync(() => sink.Abandoned == 1);
        await sink.WriteAsync(Final("call-9", "next"), CancellationToken.None);
        await WaitUntilAsync(() => sink.Delivered == 1);
        await sink.DisposeAsync();

        Assert.Equal(["lost", "lost", "lost", "next"], receiver.Texts);
        Assert.Equal(3, sink.FailedAttempts);
        var error = Assert.Single(logger.Lines, l => l.Level == LogLevel.Error);
        Assert.Contains("session call-9 abandoned after 3 attempts: HTTP 500", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stuck_receiver_drops_the_oldest_results_and_never_holds_up_the_writer()
    {
        var firstArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var texts = new ConcurrentQueue<string>();
        await using var server = await LoopbackServer.StartAsync(app => app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            texts.Enqueue(body.RootElement.GetProperty("text").GetString()!);
            firstArrived.TrySetResult();
            await release.Task;
            return Results.Ok();
        }));
        using var http = new HttpClient();
        var sink = new TranscriptWebhookSink(http, new Uri(server.BaseUri, "hook"), Fast with { QueueCapacity = 2 });
        await sink.WriteAsync(Final("call-3", "r1"), CancellationToken.None);
        await firstArrived.Task.WaitAsync(TimeSpan.FromSeconds(15));
        foreach (var text in new[] { "r2", "r3", "r4", "r5" })
        {
            Assert.True(sink.WriteAsync(Final("call-3", text), CancellationToken.None).IsCompletedSuccessfully);
        }

        Assert.Equal(2, sink.Backlog);
        Assert.Equal(2, sink.Dropped);
        release.SetResult();
        await WaitUntilAsync(() => sink.Delivered == 3);
        await sink.DisposeAsync();
        Assert.Equal(["r1", "r4", "r5"], texts);
    }

    [Fact]
    public async Task Disposal_drains_for_a_bounded_time_then_counts_and_logs_what_is_left()
    {
        var firstArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(app => app.MapPost("/hook", async () =>
        {
            firstArrived.TrySetResult();
            await release.Task;
            return Results.Ok();
        }));
        try
        {
            var logger = new CollectingLogger();
            using var http = new HttpClient();
            var sink = new TranscriptWebhookSink(
                http, new Uri(server.BaseUri, "hook"), Fast with { ShutdownDrainTimeout = TimeSpan.FromMilliseconds(300) }, logger: logger);
            foreach (var text in new[] { "a", "b", "c" })
            {
                await sink.WriteAsync(Final("call-4", text), CancellationToken.None);
            }

            await firstArrived.Task.WaitAsync(TimeSpan.FromSeconds(15));
            await sink.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));

            Assert.Equal(3, sink.UnsentAtShutdown);
            Assert.Equal(0, sink.Delivered);
            var line = Assert.Single(logger.Lines, l => l.Message.Contains("still unsent", StringComparison.Ordinal));
            Assert.Contains("3 results", line.Message, StringComparison.Ordinal);
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [Fact]
    public async Task An_unreachable_receiver_is_counted_not_thrown()
    {
        using var http = new HttpClient();
        var sink = new TranscriptWebhookSink(http, new Uri($"http://127.0.0.1:{FreeLoopbackPort()}/hook"), Fast with { MaxAttempts = 2 });
        await sink.WriteAsync(Final("s", "x"), CancellationToken.None);
        await sink.DisposeAsync();
        Assert.Equal(1, sink.Abandoned);
        Assert.Equal(2, sink.FailedAttempts);
    }

    private static TranscriptResult Final(string sessionId, string text) =>
        new(sessionId, 1, "sip:x@example.com", null, true, text, 0.5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), "p", DateTimeOffset.UnixEpoch);

    // A port nobody listens on: taken from the system, then released.
    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not met within 20 s");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Answers each POST with the next status of a script (200 once it runs out) and keeps each result's text.</summary>
    private sealed class ScriptedReceiver : IAsyncDisposable
    {
        private readonly ConcurrentQueue<int> _statuses;
        private LoopbackServer _server = null!;

        private ScriptedReceiver(int[] statuses) => _statuses = new ConcurrentQueue<int>(statuses);

        public ConcurrentQueue<string> Texts { get; } = new();

        public Uri Url => new(_server.BaseUri, "hook");

        public static async Task<ScriptedReceiver> StartAsync(params int[] statuses)
        {
            var receiver = new ScriptedReceiver(statuses);
            receiver._server = await LoopbackServer.StartAsync(app => app.MapPost("/hook", async (HttpRequest request) =>
            {
                using var body = await JsonDocument.ParseAsync(request.Body);
                receiver.Texts.Enqueue(body.RootElement.GetProperty("text").GetString()!);
                return Results.StatusCode(receiver._statuses.TryDequeue(out var status) ? status : 200);
            }));
            return receiver;
        }

        public ValueTask DisposeAsync() => _server.DisposeAsync();
    }
}
