using System.Globalization;
using System.Net;
using System.Text;
using Siprec.Recording.Signalling;
using Siprec.Sip;
using Siprec.Sip.Headers;
using Siprec.Sip.Messages;
using Siprec.Sip.Transactions;

namespace Siprec.Recording.Srs;

/// <summary>
/// Every response the recording user agent builds itself: the 200 OK of an INVITE or UPDATE (the one place a 2xx is
/// made, so a header every 2xx carries belongs here), 503 with Retry-After, 422 with Min-SE, and the refusals.
/// </summary>
internal sealed class SrsResponseFactory(int retryAfterSeconds)
{
    /// <summary>The smallest Session-Expires we accept (RFC 4028 §4); smaller ones get 422.</summary>
    public const int MinSessionExpires = 90;

    private static readonly string[] AllowedMethods = [SipMethods.Invite, SipMethods.Ack, SipMethods.Bye, SipMethods.Cancel, SipMethods.Options, SipMethods.Update, SipMethods.Info];
    private static readonly string[] AcceptedBodies = ["application/sdp", "application/rs-metadata+xml", "application/rs-metadata", "multipart/mixed"];

    /// <summary>The refusal of a recording INVITE without an SDP offer; the stack adds the Warning with our host.</summary>
    public static SignallingRejection SdpOfferRequired { get; } = new(488, "SDP Offer Required", "a recording INVITE must carry an SDP offer", []);

    /// <summary>
    /// The 200 OK to an INVITE or UPDATE: our Contact at <paramref name="localAddress"/>, the option tags, the accepted
    /// session interval, and <paramref name="sdp"/> as the body when given.
    /// </summary>
    public static SipResponse Success(SipServerTransaction transaction, IPAddress localAddress, string? sdp)
    {
        var request = transaction.Request;
        var response = SipResponse.CreateFor(request, 200, "OK");
        var contact = SipLocalUri.Create(localAddress, transaction.Channel.LocalEndPoint.Port, transaction.Transport, "srs", sipsOverTls: true);
        response.Headers.Add(SipHeaderNames.Contact, new SipNameAddress { Uri = contact, Parameters = SipParameters.Empty.With("+sip.srs", null) }.ToString());
        if (request.Require.Contains(SiprecOptionTags.Siprec, StringComparer.OrdinalIgnoreCase))
            response.Headers.Add(SipHeaderNames.Require, SiprecOptionTags.Siprec);
        response.Headers.Add(SipHeaderNames.Supported, string.Join(", ", SiprecOptionTags.Supported));
        response.Headers.Add(SipHeaderNames.Allow, string.Join(", ", AllowedMethods));
        if (SessionInterval(request) is { } interval)
        {
            // RFC 4028 as UAS: accept the interval and let the SRC refresh; we never end a call for a missing refresh.
            response.Headers.Add(SipHeaderNames.SessionExpires, interval + ";refresher=uac");
            if (request.Supported.Contains(SiprecOptionTags.Timer, StringComparer.OrdinalIgnoreCase))
                response.Headers.Add(SipHeaderNames.Require, SiprecOptionTags.Timer);
        }

        if (sdp is not null)
        {
            response.Headers.Set(SipHeaderNames.ContentType, "application/sdp");
            response.Body = Encoding.UTF8.GetBytes(sdp);
        }

        return response;
    }

    /// <summary>503 with Retry-After and <paramref name="reason"/> as its phrase: at capacity, draining, or out of RTP ports.</summary>
    public SipResponse Busy(SipRequest request, string reason)
    {
        var busy = SipResponse.CreateFor(request, 503, reason);
        busy.Headers.Add(SipHeaderNames.RetryAfter, retryAfterSeconds.ToString(CultureInfo.InvariantCulture));
        return busy;
    }

    /// <summary>422 with Min-SE when the request's Session-Expires is below <see cref="MinSessionExpires"/>; otherwise null.</summary>
    public static SipResponse? SessionIntervalTooSmall(SipRequest request)
    {
        if (SessionInterval(request) is not { } interval
            || !int.TryParse(interval, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds >= MinSessionExpires)
            return null;
        var tooSmall = SipResponse.CreateFor(request, 422, "Session Interval Too Small");
        tooSmall.Headers.Add(SipHeaderNames.MinSE, MinSessionExpires.ToString(CultureInfo.InvariantCulture));
        return tooSmall;
    }

    /// <summary>The final response a signalling refusal calls for, with its explaining headers in order.</summary>
    public static SipResponse Refusal(SipRequest request, SignallingRejection rejection)
    {
        var response = SipResponse.CreateFor(request, rejection.StatusCode, rejection.ReasonPhrase);
        foreach (var header in rejection.Headers)
            response.Headers.Add(header.Key, header.Value);
        return response;
    }

    /// <summary>
    /// The answer to an offer that arrives while another offer/answer of the call is in progress (RFC 3261 §14.2):
    /// 491 to a re-INVITE, 500 with Retry-After to an UPDATE.
    /// </summary>
    public static SipResponse OfferPending(SipRequest request)
    {
        if (request.Method == SipMethods.Invite)
            return SipResponse.CreateFor(request, 491, "Request Pending");
        var pending = SipResponse.CreateFor(request, 500, "Another Offer In Progress");
        pending.Headers.Add(SipHeaderNames.RetryAfter, "1");
        return pending;
    }

    /// <summary>The 200 OK to OPTIONS: the methods, option tags and bodies we take.</summary>
    public static SipResponse Options(SipRequest request) =>
        SipStack.CreateOptionsResponse(request, AllowedMethods, SiprecOptionTags.Supported, AcceptedBodies);

    /// <summary>405 with Allow.</summary>
    public static SipResponse MethodNotAllowed(SipRequest request)
    {
        var refusal = SipResponse.CreateFor(request, 405, "Method Not Allowed");
        refusal.Headers.Add(SipHeaderNames.Allow, string.Join(", ", AllowedMethods));
        return refusal;
    }

    /// <summary>The delta-seconds of the request's Session-Expires (its parameters dropped), or null without one.</summary>
    private static string? SessionInterval(SipRequest request) =>
        request.Headers.Get(SipHeaderNames.SessionExpires) is { } value ? value.Split(';')[0].Trim() : null;
}
