using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Siprec.Recording.Control;

namespace Siprec.Server.Notifications;

/// <summary>
/// <c>GET /api/events</c>: a Server-Sent Events stream of pause events for consoles. Each event is
/// <c>id: &lt;event id&gt;</c>, <c>event: session.paused</c> (etc.) and <c>data: &lt;JSON&gt;</c>; a comment line is sent as a keep-alive.
/// </summary>
public sealed class EventStreamEndpoint(PauseEventStream stream, TimeProvider time, IHostApplicationLifetime lifetime)
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    /// <summary>Streams events until the client disconnects or the server stops.</summary>
    public async Task StreamAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var lifetimeOrClient = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var ct = lifetimeOrClient.Token;
        using var subscription = stream.Subscribe();
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        await context.Response.Body.WriteAsync(": connected\n\n"u8.ToArray(), ct).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
        try
        {
            var reader = subscription.Events;
            while (!ct.IsCancellationRequested)
            {
                using var keepAlive = new CancellationTokenSource(KeepAlive, time);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct, keepAlive.Token);
                bool more;
                try
                {
                    more = await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await context.Response.Body.WriteAsync(": keep-alive\n\n"u8.ToArray(), ct).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
                    continue;
                }

                if (!more)
                {
                    break;
                }

                while (reader.TryRead(out var pauseEvent))
                {
                    await context.Response.Body.WriteAsync(Frame(pauseEvent), ct).ConfigureAwait(false);
                }

                await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client left or the server is stopping.
        }
    }

    private static byte[] Frame(PauseEvent pauseEvent) =>
        Encoding.UTF8.GetBytes($"id: {pauseEvent.EventId}\nevent: {pauseEvent.Name}\ndata: {Encoding.UTF8.GetString(PauseEventJson.ToUtf8(pauseEvent))}\n\n");
}
