using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Siprec.Media.Rtp;
using Siprec.Recording.Admission;
using Siprec.Recording.Metadata;
using Siprec.Recording.Sessions;
using Siprec.Recording.Signalling;
using Siprec.Sip.Messages;
using Siprec.Sip.Transactions;

namespace Siprec.Recording.Srs;

/// <summary>
/// Answers an initial recording INVITE: admission (503 with the reason of <see cref="NodeAdmission"/>, 422 for a short session interval, 482
/// for a known Call-ID), the offer and its SDP answer with fresh RTP ports, then the recording and the 200 OK.
/// </summary>
internal sealed partial class SrsInviteHandler(
    SrsOptions options,
    SrsCallTable calls,
    ISessionRegistry registry,
    NodeAdmission admission,
    RecordingOfferParser offers,
    IReadOnlyList<LocalAudioCodec> localCodecs,
    RtpPortAllocator ports,
    SrsResponseFactory responses,
    SrsRecordingStarter starter,
    SrsMediaReconciler reconciler,
    SrsSidecarWriter sidecars,
    SrsCallFinaliser finaliser,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>Sends the final response to <paramref name="transaction"/>; on 200 OK the call is being recorded.</summary>
    public async Task HandleAsync(SipInviteServerTransaction transaction)
    {
        var request = transaction.Request;
        var callId = request.CallId ?? string.Empty;
        if (Admission(request) is { } refused)
        {
            await transaction.SendResponseAsync(refused).ConfigureAwait(false);
            return;
        }

        var outcome = offers.Parse(request);
        if (!outcome.IsAccepted || outcome.Offer.Sdp is null)
        {
            var rejection = outcome.IsAccepted ? SrsResponseFactory.SdpOfferRequired : outcome.Rejection;
            await transaction.SendResponseAsync(SrsResponseFactory.Refusal(request, rejection)).ConfigureAwait(false);
            return;
        }

        if (calls.Contains(callId) || registry.TryGet(callId, out _))
        {
            await transaction.RespondAsync(482, "Call-ID Already Recorded").ConfigureAwait(false);
            return;
        }

        var localAddress = LocalAddressProbe.For(transaction, options.AdvertisedAddress);
        var call = await StartCallAsync(transaction, outcome.Offer, localAddress).ConfigureAwait(false);
        if (call is not null)
        {
            SrsLeniencies.Note(call, outcome.Offer.Leniencies, logger);
            await AnswerAsync(transaction, call, localAddress).ConfigureAwait(false);
        }
    }

    /// <summary>503 when the node's admission refuses new calls, 422 when the session interval is too small; null to go on.</summary>
    private SipResponse? Admission(SipRequest request)
    {
        // The SIP stack logs every refusal with its reason phrase, once.
        return admission.RefusalReason() is { } reason ? responses.Busy(request, reason) : SrsResponseFactory.SessionIntervalTooSmall(request);
    }

    /// <summary>Answers the offer and starts recording it; null when a final error response was sent instead.</summary>
    private async Task<SrsCall?> StartCallAsync(SipInviteServerTransaction transaction, RecordingOffer offer, IPAddress localAddress)
    {
        var request = transaction.Request;
        var callId = request.CallId ?? string.Empty;
        var builder = new SdpAnswerBuilder(AnswerOptions(localAddress), (ulong)RandomNumberGenerator.GetInt32(1, int.MaxValue));
        var leases = new RtpPortLeases(ports, options.RtpBindAddress);
        SdpAnswerOutcome answerOutcome;
        try
        {
            answerOutcome = builder.Build(offer.Sdp!, leases.PortFor);
        }
        catch (InvalidOperationException ex)
        {
            leases.ReleaseNew();
            Log.NoRtpPorts(logger, callId, ex.Message);
            await transaction.SendResponseAsync(responses.Busy(request, "No RTP Port Free")).ConfigureAwait(false);
            return null;
        }

        if (!answerOutcome.IsAccepted)
        {
            leases.ReleaseNew();
            await transaction.SendResponseAsync(SrsResponseFactory.Refusal(request, answerOutcome.Rejection)).ConfigureAwait(false);
            return null;
        }

        var answer = answerOutcome.Answer;
        var metadata = offer.Metadata is null ? RecordingMetadataSnapshot.Empty : RecordingMetadataSnapshot.From(offer.Metadata);
        var session = NewSession(callId, metadata, answer);
        SrsCall call;
        try
        {
            call = starter.Start(session, metadata, builder, answer, leases);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            leases.ReleaseNew();
            Log.RecordingFailed(logger, callId, ex);
            await transaction.RespondAsync(500, "Recording Could Not Start").ConfigureAwait(false);
            return null;
        }

        if (!calls.TryAdd(call) || !registry.TryAdd(session))
        {
            calls.Remove(call);
            await finaliser.DiscardAsync(call).ConfigureAwait(false);
            await transaction.RespondAsync(482, "Call-ID Already Recorded").ConfigureAwait(false);
            return null;
        }

        return call;
    }

    /// <summary>Sends the 200 OK of a started call, or gives the call up when CANCEL won.</summary>
    private async Task AnswerAsync(SipInviteServerTransaction transaction, SrsCall call, IPAddress localAddress)
    {
        reconciler.ApplySourcePause(call);
        var ok = SrsResponseFactory.Success(transaction, localAddress, call.LastAnswer!.Text);
        if (transaction.CancellationRequested.IsCancellationRequested)
        {
            await finaliser.AbandonAsync(call).ConfigureAwait(false);
            return;
        }

        try
        {
            await transaction.SendResponseAsync(ok).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // CANCEL won the race: the stack already answered 487.
            await finaliser.AbandonAsync(call).ConfigureAwait(false);
            return;
        }

        call.Dialog = transaction.Dialog;
        Log.SessionStarted(logger, call.Session.Id, call.Session.RecordingSessionId ?? "", call.MLines.Count(m => m.IsRecorded), call.Location.AudioPath);
        await sidecars.WriteAsync(call).ConfigureAwait(false);
    }

    private RecordingSession NewSession(string callId, RecordingMetadataSnapshot metadata, SdpAnswer answer) =>
        new(callId, time.GetUtcNow(), time, SessionParticipants.SessionIdOf(metadata),
            SessionParticipants.From(metadata, answer.Streams.Select(s => s.Label).ToList()),
            answer.Streams.Select(s => new StreamDescription(s.Index, s.Label ?? (s.Index + 1).ToString(CultureInfo.InvariantCulture), s.Media)).ToList());

    private SdpAnswerOptions AnswerOptions(IPAddress localAddress) => new()
    {
        LocalAddress = localAddress,
        Codecs = localCodecs,
        SrtpPolicy = options.SrtpPolicy,
        KeyFactory = NewSdesKey,
    };

    private static string NewSdesKey(string suite) =>
        "inline:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(30));

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Recording session started {SessionId} (RFC 7865 session {RecordingSessionId}) with {Channels} channel(s) to {Path}")]
        public static partial void SessionStarted(ILogger logger, string sessionId, string recordingSessionId, int channels, string path);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "No RTP port for {SessionId}: {Reason}")]
        public static partial void NoRtpPorts(ILogger logger, string sessionId, string reason);

        [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "Could not start recording {SessionId}")]
        public static partial void RecordingFailed(ILogger logger, string sessionId, Exception exception);
    }
}
