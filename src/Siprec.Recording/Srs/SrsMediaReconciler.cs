using Microsoft.Extensions.Logging;
using Siprec.Media.Rtp;
using Siprec.Recording.Control;
using Siprec.Recording.Signalling;

namespace Siprec.Recording.Srs;

/// <summary>
/// Brings a call's media in line with a new answer: streams added, removed or re-keyed per m-line, and the SRC pause
/// (a=inactive on every recorded stream) applied to the session.
/// </summary>
internal sealed partial class SrsMediaReconciler(MediaStreamFactory streams, PauseResumeService pauses, ILogger logger)
{
    /// <summary>Applies <paramref name="answer"/>, whose ports are in <paramref name="leases"/>, to the call's media.</summary>
    public async Task ReconcileAsync(SrsCall call, SdpAnswer answer, RtpPortLeases leases)
    {
        foreach (var stream in answer.Streams)
        {
            var index = stream.Index;
            var lease = leases.Of(index);
            var recorded = stream.State != SdpStreamState.Rejected && stream.Codec is not null && lease is not null;
            if (index >= call.MLines.Count)
            {
                call.MLines.Add(recorded ? AddStream(call, stream, lease!) : new SrsMLine(stream, -1, null));
                continue;
            }

            var before = call.MLines[index];
            if (!before.IsRecorded)
            {
                call.MLines[index] = before with { Answered = stream };
                continue;
            }

            if (!recorded)
            {
                // The channel stays in the file (silent from now on), so the sidecar still lists it.
                await call.Media.RemoveStreamAsync(before.Channel).ConfigureAwait(false);
                call.MLines[index] = before with { Answered = stream, Lease = null };
                continue;
            }

            call.MLines[index] = before with { Answered = stream, Lease = lease };
            if (MediaStreamFactory.NeedsNewReceiver(before.Answered, stream))
                await call.Media.ReplaceStreamAsync(before.Channel, streams.Create(stream, lease!)).ConfigureAwait(false);
            else
                call.Media.RelockSsrc(before.Channel);
        }

        ApplySourcePause(call);
    }

    /// <summary>a=inactive (or c=0.0.0.0) on a stream silences its channel; on every recorded stream it is an SRC pause of the session.</summary>
    public void ApplySourcePause(SrsCall call)
    {
        var recorded = call.MLines.Where(m => m.IsRecorded).ToList();
        var sourcePaused = recorded.Count > 0 && recorded.All(m => m.Answered.State == SdpStreamState.PausedBySource);
        var changed = call.Session.Pause.Snapshot.SourcePaused != sourcePaused;

        // A pause of the whole session is the gate's alone: the receivers go on taking what the SRC still sends, so the
        // gate sees the audio around either edge and places the splice on it, and a skipped SRC pause leaves no zeros.
        if (changed && sourcePaused)
            pauses.SetSourcePaused(call.Session.Id, true);
        foreach (var mline in recorded)
            call.Media.MarkStreamInactive(mline.Channel, !sourcePaused && mline.Answered.State == SdpStreamState.PausedBySource);
        if (changed && !sourcePaused)
            pauses.SetSourcePaused(call.Session.Id, false);
    }

    private SrsMLine AddStream(SrsCall call, AnsweredStream stream, RtpPortLease lease)
    {
        try
        {
            var channel = call.Media.AddStream(streams.Create(stream, lease));
            call.Session.Transcription?.MapStream(channel, stream.Label);
            return new SrsMLine(stream, channel, lease);
        }
        catch (InvalidOperationException ex)
        {
            Log.StreamNotRecorded(logger, call.Session.Id, stream.Label ?? "", ex.Message);
            lease.Dispose();
            return new SrsMLine(stream, -1, null);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Stream {Label} of {SessionId} added by re-INVITE is not recorded: {Reason}")]
        public static partial void StreamNotRecorded(ILogger logger, string sessionId, string label, string reason);
    }
}
