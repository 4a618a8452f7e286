using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Siprec.Testing;

/// <summary>
/// A webhook receiver on 127.0.0.1 (<c>POST /hook</c>): records every attempt by its <c>X-Siprec-Event-Id</c> (empty for
/// a transcript result) and the body of each accepted one, and answers
/// 500 while <see cref="Down"/> is set, as a failing receiver would, else 200.
/// </summary>
internal sealed class FakeWebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile bool _down;

    private FakeWebhookReceiver(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>While true every POST is answered 500.</summary>
    public bool Down
    {
        get => _down;
        set => _down = value;
    }

    /// <summary>Every attempt received, in arrival order: the event id, the event name and whether it was answered 2xx.</summary>
    public ConcurrentQueue<(string EventId, string Event, bool Accepted)> Attempts { get; } = new();

    /// <summary>The bodies of the attempts answered 2xx, in arrival order.</summary>
    public ConcurrentQueue<byte[]> AcceptedBodies { get; } = new();

    /// <summary>Attempts received for <paramref name="eventId"/>.</summary>
    public int AttemptsFor(string eventId) => Attempts.Count(a => a.EventId == eventId);

    /// <summary>Events answered 2xx at least once.</summary>
    public IReadOnlyList<string> Delivered => [.. Attempts.Where(a => a.Accepted).Select(a => a.EventId).Distinct()];

    public static async Task<FakeWebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new FakeWebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var accepted = !receiver._down;
            if (accepted)
            {
                receiver.AcceptedBodies.Enqueue(body.ToArray());
            }

            receiver.Attempts.Enqueue((context.Request.Headers["X-Siprec-Event-Id"].ToString(), context.Request.Headers["X-Siprec-Event"].ToString(), accepted));
            context.Response.StatusCode = accepted ? 200 : 500;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(address.TrimEnd('/') + "/hook");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
