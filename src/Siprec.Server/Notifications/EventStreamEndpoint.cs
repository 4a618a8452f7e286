using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Siprec.Recording.Control;
using Siprec.Server.Api;

namespace Siprec.Server.Notifications;

/// <summary>
/// <c>GET /api/events</c>: a Server-Sent Events stream of pause events for consoles. Each event is
/// <c>id: &lt;event id&gt;</c>, <c>event: session.paused</c> (etc.) and <c>data: &lt;JSON&gt;</c>; a comment line is sent as a keep-alive.
/// </summary>
public sealed class EventStreamEndpoint(PauseEventStream stream, TimeProvider time, IHostApplicationLifetime lifetime)
{
    /// <summary>Streams events until the client disconnects or the server stops.</summary>
    public async Task StreamAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var subscription = stream.Subscribe();
        await ServerSentEvents.StreamAsync(context, subscription.Events, Frame, time, lifetime.ApplicationStopping).ConfigureAwait(false);
    }

    private static byte[] Frame(PauseEvent pauseEvent) =>
        Encoding.UTF8.GetBytes($"id: {pauseEvent.EventId}\nevent: {pauseEvent.Name}\ndata: {Encoding.UTF8.GetString(PauseEventJson.ToUtf8(pauseEvent))}\n\n");
}
