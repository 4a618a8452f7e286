using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Siprec.Server.Hosting;

namespace Siprec.Server.Tests.Support;

/// <summary>A local HTTP receiver on 127.0.0.1 that records each webhook POST and fails the first ones (with <c>failStatus</c>) on request.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly int _failStatus;
    private int _failuresLeft;

    private WebhookReceiver(WebApplication app, int failFirst, int failStatus)
    {
        _app = app;
        _failuresLeft = failFirst;
        _failStatus = failStatus;
    }

    public Channel<ReceivedWebhook> Received { get; } = Channel.CreateUnbounded<ReceivedWebhook>();

    public Uri Url { get; private set; } = null!;

    public static async Task<WebhookReceiver> StartAsync(int failFirst = 0, int failStatus = 500)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, failFirst, failStatus);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var fail = Interlocked.Decrement(ref receiver._failuresLeft) >= 0;
            await receiver.Received.Writer.WriteAsync(new ReceivedWebhook(buffer.ToArray(), headers, fail));
            context.Response.StatusCode = fail ? receiver._failStatus : 200;
        });
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        receiver.Url = new Uri(SiprecServerHost.ListeningAddress(app), "/hook");
        return receiver;
    }

    public async Task<ReceivedWebhook> NextAsync() =>
        await Received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
    }
}
