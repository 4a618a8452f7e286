using Microsoft.Extensions.Logging;
using Siprec.Media.Rtp;
using Siprec.Recording.Metadata;
using Siprec.Recording.Signalling;
using Siprec.Sip.Messages;
using Siprec.Sip.Transactions;

namespace Siprec.Recording.Srs;

/// <summary>
/// Answers a re-INVITE or UPDATE of a recorded call: merges its metadata, answers its SDP offer (or re-sends the last
/// answer as our offer), brings the media in line, and writes the updated sidecar.
/// </summary>
internal sealed partial class SrsSessionUpdateHandler(
    SrsOptions options,
    SrsCallTable calls,
    RecordingOfferParser offers,
    RtpPortAllocator ports,
    SrsMediaReconciler reconciler,
    SrsSidecarWriter sidecars,
    ILogger logger)
{
    private static readonly TimeSpan OfferInProgressWait = TimeSpan.FromSeconds(2);

    /// <summary>Sends the final response to <paramref name="transaction"/>: 481 for an unknown or ending call, 491/500 while another offer is in progress.</summary>
    public async Task HandleAsync(SipServerTransaction transaction)
    {
        var request = transaction.Request;
        if (!calls.TryGet(request.CallId ?? string.Empty, out var call) || call.IsCompleting)
        {
            await transaction.RespondAsync(481, call is null ? "Call Not Being Recorded" : "Call Is Ending").ConfigureAwait(false);
            return;
        }

        if (!await call.Signalling.WaitAsync(OfferInProgressWait).ConfigureAwait(false))
        {
            await transaction.SendResponseAsync(SrsResponseFactory.OfferPending(request)).ConfigureAwait(false);
            return;
        }

        try
        {
            var outcome = offers.Parse(request);
            if (!outcome.IsAccepted)
            {
                await transaction.SendResponseAsync(SrsResponseFactory.Refusal(request, outcome.Rejection)).ConfigureAwait(false);
                return;
            }

            var leniencies = outcome.Offer.Leniencies;
            if (outcome.Offer.Metadata is { } metadata)
            {
                var merged = call.Metadata.Merge(metadata);
                // With an SDP offer the parser has compared the metadata with its m-lines already.
                if (outcome.Offer.Sdp is null && merged.DisagreesWithLabels(call.MLines.Select(m => m.Answered.Label)))
                {
                    if (options.Strict)
                    {
                        await transaction.SendResponseAsync(SrsResponseFactory.Refusal(request, RecordingOfferParser.StreamsDisagreeWithSdp)).ConfigureAwait(false);
                        return;
                    }

                    leniencies |= MetadataLeniency.StreamsDisagreeWithSdp;
                }

                UpdateMetadata(call, merged);
            }

            SrsLeniencies.Note(call, leniencies, logger);
            if (await AnswerAsync(transaction, call, outcome.Offer).ConfigureAwait(false) is not { } ok)
                return;
            await transaction.SendResponseAsync(ok).ConfigureAwait(false);
        }
        finally
        {
            call.Signalling.Release();
        }

        await sidecars.WriteAsync(call).ConfigureAwait(false);
    }

    private void UpdateMetadata(SrsCall call, RecordingMetadataSnapshot merged)
    {
        call.Metadata = merged;
        call.Session.RecordingSessionId = SessionParticipants.SessionIdOf(call.Metadata) ?? call.Session.RecordingSessionId;
        call.Session.Participants = SessionParticipants.From(call.Metadata, call.MLines.Select(m => m.Answered.Label).ToList());
        call.Session.Transcription?.UpdateSpeakers();
        Log.MetadataUpdated(logger, call.Session.Id, call.Session.Participants.Count);
    }

    /// <summary>The 200 OK for the offer, with the media already reconciled; null when a refusal was sent instead.</summary>
    private async Task<SipResponse?> AnswerAsync(SipServerTransaction transaction, SrsCall call, RecordingOffer offer)
    {
        var request = transaction.Request;
        string? body = null;
        if (offer.Sdp is not null)
        {
            var leases = new RtpPortLeases(ports, options.RtpBindAddress, call.MLines);
            var answerOutcome = call.Answers.Build(offer.Sdp, leases.PortFor);
            if (!answerOutcome.IsAccepted)
            {
                leases.ReleaseNew();
                await transaction.SendResponseAsync(SrsResponseFactory.Refusal(request, answerOutcome.Rejection)).ConfigureAwait(false);
                return null;
            }

            await reconciler.ReconcileAsync(call, answerOutcome.Answer, leases).ConfigureAwait(false);
            call.LastAnswer = answerOutcome.Answer;
            body = answerOutcome.Answer.Text;
        }
        else if (request.Method == SipMethods.Invite && call.LastAnswer is not null)
        {
            // A re-INVITE without an offer asks us to offer (RFC 3261 §14.2); the unchanged session is our offer.
            body = call.LastAnswer.Text;
        }

        return SrsResponseFactory.Success(transaction, LocalAddressProbe.For(transaction, options.AdvertisedAddress), body);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Metadata of {SessionId} updated: {Participants} participant(s)")]
        public static partial void MetadataUpdated(ILogger logger, string sessionId, int participants);
    }
}
