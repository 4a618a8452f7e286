using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace Siprec.Server.Api;

/// <summary>
/// Writes a Server-Sent Events response from a channel: a <c>: connected</c> comment first, one frame per item, a
/// <c>: keep-alive</c> comment after 15 s without items, until the channel completes, the client leaves or
/// <paramref name="stopping"/> fires.
/// </summary>
internal static class ServerSentEvents
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static async Task StreamAsync<T>(HttpContext context, ChannelReader<T> reader, Func<T, byte[]> frame, TimeProvider time, CancellationToken stopping)
    {
        using var lifetimeOrClient = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var ct = lifetimeOrClient.Token;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        var body = context.Response.Body;
        await body.WriteAsync(": connected\n\n"u8.ToArray(), ct).ConfigureAwait(false);
        await body.FlushAsync(ct).ConfigureAwait(false);
        try
        {
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
                    await body.WriteAsync(": keep-alive\n\n"u8.ToArray(), ct).ConfigureAwait(false);
                    await body.FlushAsync(ct).ConfigureAwait(false);
                    continue;
                }

                if (!more)
                {
                    break;
                }

                while (reader.TryRead(out var item))
                {
                    await body.WriteAsync(frame(item), ct).ConfigureAwait(false);
                }

                await body.FlushAsync(ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client left or the server is stopping.
        }
    }
}
