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
    /// <summary>Streams the results of session <paramref name="sessionId"/> (its Call-ID), or of every session when null, until the client leaves or the server stops.</summary>
    public async Task StreamAsync(HttpContext context, string? sessionId)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var subscription = feed.Subscribe(sessionId);
        await ServerSentEvents.StreamAsync(context, subscription.Results, Frame, time, lifetime.ApplicationStopping).ConfigureAwait(false);
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
