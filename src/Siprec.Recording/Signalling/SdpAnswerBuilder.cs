using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Siprec.Sip.Headers;
using Siprec.Sip.Sdp;

namespace Siprec.Recording.Signalling;

/// <summary>
/// Answers a recording SRC's SDP offers for one recording session: every offered m-line is mirrored in order, receive-only,
/// with one chosen codec each. Keeps the <c>o=</c> version across re-offers; not thread-safe (one per session, called in dialog order).
/// </summary>
public sealed class SdpAnswerBuilder
{
    private const string TelephoneEvent = "telephone-event";

    private readonly SdpAnswerOptions _options;
    private readonly string _sessionId;
    private readonly string _addressType;
    private ulong _version;

    /// <summary>Creates a builder for one session; <paramref name="initialVersion"/> is the version before the first answer.</summary>
    public SdpAnswerBuilder(SdpAnswerOptions options, ulong sessionId, ulong initialVersion = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _sessionId = sessionId.ToString(CultureInfo.InvariantCulture);
        _addressType = options.LocalAddress.AddressFamily == AddressFamily.InterNetworkV6 ? "IP6" : "IP4";
        _version = initialVersion;
    }

    /// <summary>The <c>o=</c> version of the last answer built (the initial version before any).</summary>
    public ulong Version => _version;

    /// <summary>
    /// Answers <paramref name="offer"/>. <paramref name="allocatePort"/> gives our RTP port for an accepted m-line index and must
    /// return the same port for the same index on re-offers. A refused offer leaves the version unchanged.
    /// </summary>
    public SdpAnswerOutcome Build(SdpSessionDescription offer, Func<int, int> allocatePort)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(allocatePort);

        if (offer.Media.Count == 0)
            return SdpAnswerOutcome.Rejected(Reject(StreamPlan.Unacceptable(304, "Media type not available", "No Media To Record", "the offer has no m-line to record")));

        var plans = new StreamPlan[offer.Media.Count];
        for (var i = 0; i < plans.Length; i++)
            plans[i] = Plan(i, offer.Media[i]);

        if (!plans.Any(p => p.IsAcceptable) && plans.FirstOrDefault(p => p.WarningCode != 0) is { WarningCode: not 0 } refused)
            return SdpAnswerOutcome.Rejected(Reject(refused));

        var answer = new SdpSessionDescription(new SdpOrigin("-", _sessionId, _version + 1, _options.LocalAddress.ToString(), _addressType))
        {
            Connection = new SdpConnection(_options.LocalAddress.ToString(), _addressType),
        };
        answer.Timings.Add(new SdpTiming());

        var streams = new List<AnsweredStream>(plans.Length);
        for (var i = 0; i < plans.Length; i++)
        {
            var (media, stream) = Answer(i, offer.Media[i], plans[i], allocatePort);
            answer.Media.Add(media);
            streams.Add(stream);
        }

        _version++;
        return SdpAnswerOutcome.Accepted(new SdpAnswer(answer, streams));
    }

    private StreamPlan Plan(int index, SdpMediaDescription offered)
    {
        if (offered.Port == 0)
            return StreamPlan.RejectedByOffer("the offer disabled the stream (port 0)");
        if (!string.Equals(offered.Media, "audio", StringComparison.OrdinalIgnoreCase))
            return StreamPlan.Unacceptable(304, "Media type not available", "Media Type Not Recorded", $"m-line {index}: media type '{offered.Media}' is not recorded");

        var protocol = offered.Protocol.ToUpperInvariant();
        var isSrtp = protocol is "RTP/SAVP" or "RTP/SAVPF";
        if (!isSrtp && protocol is not ("RTP/AVP" or "RTP/AVPF"))
            return StreamPlan.Unacceptable(302, "Incompatible transport protocol", "Unsupported Transport", $"m-line {index}: transport '{offered.Protocol}' is not supported");
        if (isSrtp && _options.SrtpPolicy == SrtpPolicy.Off)
            return StreamPlan.Unacceptable(302, "Incompatible transport protocol", "SRTP Disabled", $"m-line {index}: SRTP is disabled on this recorder");
        if (!isSrtp && _options.SrtpPolicy == SrtpPolicy.Require)
            return StreamPlan.Unacceptable(302, "Incompatible transport protocol", "SRTP Required", $"m-line {index}: this recorder requires SRTP (RTP/SAVP)");

        SdpCrypto? remoteCrypto = null;
        if (isSrtp)
        {
            var cryptos = offered.Cryptos;
            remoteCrypto = _options.CryptoSuites
                .Select(suite => cryptos.FirstOrDefault(c => string.Equals(c.Suite, suite, StringComparison.OrdinalIgnoreCase) && c.InlineKey is not null))
                .FirstOrDefault(c => c is not null);
            if (remoteCrypto is null)
                return StreamPlan.Unacceptable(306, "Attribute not understood", "No Supported Crypto Suite", $"m-line {index}: no supported SDES crypto suite offered");
            if (_options.KeyFactory is null)
                return StreamPlan.Unacceptable(302, "Incompatible transport protocol", "No SRTP Key Source", $"m-line {index}: no SRTP key source is configured");
        }

        var offeredMaps = OfferedRtpMaps(offered);
        var codec = _options.Codecs
            .Where(local => local.Available)
            .Select(local => offeredMaps.FirstOrDefault(map => Matches(local, map)))
            .FirstOrDefault(map => map is not null);
        if (codec is null)
        {
            var offeredNames = string.Join(", ", offeredMaps.Select(m => $"{m.EncodingName}/{m.ClockRate.ToString(CultureInfo.InvariantCulture)}"));
            return StreamPlan.Unacceptable(305, "Incompatible media format", "No Usable Audio Codec", $"m-line {index}: none of the offered codecs ({offeredNames}) is supported");
        }

        var telephoneEvent = offeredMaps.FirstOrDefault(m =>
            string.Equals(m.EncodingName, TelephoneEvent, StringComparison.OrdinalIgnoreCase) && m.ClockRate == codec.ClockRate);
        return StreamPlan.Acceptable(codec, telephoneEvent, remoteCrypto);
    }

    private (SdpMediaDescription Media, AnsweredStream Stream) Answer(int index, SdpMediaDescription offered, StreamPlan plan, Func<int, int> allocatePort)
    {
        var direction = offered.Direction;
        if (!plan.IsAcceptable)
        {
            var rejected = new SdpMediaDescription(offered.Media, 0, offered.Protocol, offered.Formats.Count == 0 ? ["0"] : offered.Formats);
            return (rejected, new AnsweredStream(
                index, offered.Media, offered.Label, SdpStreamState.Rejected, 0, offered.Protocol,
                null, null, null, null, null, null, direction, offered.Ptime, plan.Reason));
        }

        var port = allocatePort(index);
        if (port is <= 0 or > 65535)
            throw new InvalidOperationException($"The port allocator returned {port} for m-line {index}.");

        var codec = plan.Codec!;
        var telephoneEvent = plan.TelephoneEvent;
        List<string> formats = telephoneEvent is null
            ? [Format(codec.PayloadType)]
            : [Format(codec.PayloadType), Format(telephoneEvent.PayloadType)];
        var media = new SdpMediaDescription(offered.Media, port, offered.Protocol, formats);

        media.Attributes.Add(new SdpAttribute("rtpmap", codec.ToString()));
        var codecFmtp = FmtpFor(offered, codec.PayloadType);
        if (codecFmtp is not null)
            media.Attributes.Add(new SdpAttribute("fmtp", codecFmtp.ToString()));
        if (telephoneEvent is not null)
        {
            media.Attributes.Add(new SdpAttribute("rtpmap", telephoneEvent.ToString()));
            if (FmtpFor(offered, telephoneEvent.PayloadType) is { } eventFmtp)
                media.Attributes.Add(new SdpAttribute("fmtp", eventFmtp.ToString()));
        }

        if (offered.Label is { } label)
            media.Attributes.Add(new SdpAttribute("label", label));
        if (offered.Ptime is { } ptime)
            media.Attributes.Add(new SdpAttribute("ptime", ptime.ToString(CultureInfo.InvariantCulture)));
        if (_options.RtcpMux && offered.GetAttribute("rtcp-mux") is not null)
            media.Attributes.Add(new SdpAttribute("rtcp-mux"));

        SdpCrypto? localCrypto = null;
        if (plan.RemoteCrypto is { } remote)
        {
            localCrypto = new SdpCrypto(remote.Tag, remote.Suite, _options.KeyFactory!(remote.Suite));
            media.Attributes.Add(new SdpAttribute("crypto", localCrypto.ToString()));
        }

        var connection = offered.EffectiveConnection;
        var held = connection?.IsUnspecified == true || direction is SdpDirection.Inactive or SdpDirection.RecvOnly;
        media.Direction = held ? SdpDirection.Inactive : SdpDirection.RecvOnly;

        IPEndPoint? remoteEndpoint = connection is not null && !connection.IsUnspecified && IPAddress.TryParse(connection.Host, out var address)
            ? new IPEndPoint(address, offered.Port)
            : null;

        return (media, new AnsweredStream(
            index, offered.Media, offered.Label, held ? SdpStreamState.PausedBySource : SdpStreamState.Recording, port, offered.Protocol,
            codec, codecFmtp?.Parameters, telephoneEvent?.PayloadType, remoteEndpoint, plan.RemoteCrypto, localCrypto,
            direction, offered.Ptime, null));
    }

    private SignallingRejection Reject(StreamPlan refused)
    {
        var agent = _options.WarningAgent ?? SipLocalUri.FormatHost(_options.LocalAddress);
        var warning = string.Create(CultureInfo.InvariantCulture, $"{refused.WarningCode} {agent} \"{refused.WarningText}\"");
        return new SignallingRejection(488, refused.Phrase!, refused.Reason!, [new(SipHeaderNames.Warning, warning)]);
    }

    private static List<SdpRtpMap> OfferedRtpMaps(SdpMediaDescription offered)
    {
        var maps = new List<SdpRtpMap>(offered.Formats.Count);
        foreach (var format in offered.Formats)
        {
            if (!int.TryParse(format, NumberStyles.None, CultureInfo.InvariantCulture, out var payloadType) || payloadType > 127)
                continue;
            if ((offered.FindRtpMap(payloadType) ?? StaticPayloadTypes.Find(payloadType)) is { } map)
                maps.Add(map);
        }

        return maps;
    }

    // telephone-event and comfort noise ride along with a codec; they are never the stream's codec.
    private static bool Matches(LocalAudioCodec local, SdpRtpMap offered) =>
        !string.Equals(offered.EncodingName, TelephoneEvent, StringComparison.OrdinalIgnoreCase)
        && !string.Equals(offered.EncodingName, "CN", StringComparison.OrdinalIgnoreCase)
        && string.Equals(local.EncodingName, offered.EncodingName, StringComparison.OrdinalIgnoreCase)
        && local.ClockRate == offered.ClockRate
        && local.Channels == (offered.Channels ?? 1);

    private static SdpFmtp? FmtpFor(SdpMediaDescription offered, int payloadType)
    {
        var format = Format(payloadType);
        return offered.Fmtps.FirstOrDefault(f => f.Format == format);
    }

    private static string Format(int payloadType) => payloadType.ToString(CultureInfo.InvariantCulture);

    private readonly record struct StreamPlan(
        bool IsAcceptable,
        SdpRtpMap? Codec,
        SdpRtpMap? TelephoneEvent,
        SdpCrypto? RemoteCrypto,
        int WarningCode,
        string? WarningText,
        string? Phrase,
        string? Reason)
    {
        public static StreamPlan Acceptable(SdpRtpMap codec, SdpRtpMap? telephoneEvent, SdpCrypto? remoteCrypto) =>
            new(true, codec, telephoneEvent, remoteCrypto, 0, null, null, null);

        public static StreamPlan RejectedByOffer(string reason) => new(false, null, null, null, 0, null, null, reason);

        /// <summary>A stream we cannot record: the RFC 3261 warning code and text, the reason phrase of the 488, and the detail for logs.</summary>
        public static StreamPlan Unacceptable(int warningCode, string warningText, string phrase, string reason) =>
            new(false, null, null, null, warningCode, warningText, phrase, reason);
    }
}
