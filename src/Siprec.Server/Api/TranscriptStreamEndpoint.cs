using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Siprec.Transcription;
using Siprec.Transcription.Output;

namespace Siprec.Server.Api;

/// <summary>
/// <c>GET /api/sessions/{id}/transcript/stream</c> and <c>GET /api/transcripts/stream</c>: Server-Sent Events with one
/// <c>event: transcript</c> per result (interim and final), its data the shared transcript JSON; a comment line keeps the connection alive.
/// </summary>
public sealed class TranscriptStreamEndpoint(TranscriptLiveFeed feed, TimeProvider time, IHostApplicationLifetime lifetime)
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    /// <summary>Streams the results of session <paramref name="sessionId"/> (its Call-ID), or of every session when null, until the client leaves or the server stops.</summary>
    public async Task StreamAsync(HttpContext context, string? sessionId)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var lifetimeOrClient = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var ct = lifetimeOrClient.Token;
        using var subscription = feed.Subscribe(sessionId);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        var body = context.Response.Body;
        await body.WriteAsync(": connected\n\n"u8.ToArray(), ct).ConfigureAwait(false);
        await body.FlushAsync(ct).ConfigureAwait(false);
        try
        {
            var reader = subscription.Results;
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

                while (reader.TryRead(out var result))
                {
                    await body.WriteAsync(Frame(result), ct).ConfigureAwait(false);
                }

                await body.FlushAsync(ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client left or the server is stopping.
        }
    }

    private static byte[] Frame(TranscriptResult result)
    {
        var json = TranscriptJson.ToUtf8Bytes(result);
        var prefix = "event: transcript\ndata: "u8;
        var frame = new byte[prefix.Length + json.Length + 2];
        prefix.CopyTo(frame);
        json.CopyTo(frame.AsSpan(prefix.Length));
        frame[^2] = (byte)'\n';
        frame[^1] = (byte)'\n';
        return frame;
    }
}
