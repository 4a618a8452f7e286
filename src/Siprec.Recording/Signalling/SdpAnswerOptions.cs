using System.Net;

namespace Siprec.Recording.Signalling;

/// <summary>What the recorder offers in its SDP answers: its address, its codecs, and its SRTP stance.</summary>
public sealed record SdpAnswerOptions
{
    /// <summary>The address written in <c>o=</c> and the session-level <c>c=</c> (IPv4 or IPv6).</summary>
    public required IPAddress LocalAddress { get; init; }

    /// <summary>Codecs we can decode, most preferred first; the first one the offer carries is chosen for each stream.</summary>
    public required IReadOnlyList<LocalAudioCodec> Codecs { get; init; }

    /// <summary>Whether SRTP is allowed, required or refused.</summary>
    public SrtpPolicy SrtpPolicy { get; init; } = SrtpPolicy.Allow;

    /// <summary>SDES crypto suites we accept, most preferred first.</summary>
    public IReadOnlyList<string> CryptoSuites { get; init; } = ["AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32"];

    /// <summary>Makes our own SRTP key for a chosen suite; required when <see cref="SrtpPolicy"/> is not <see cref="SrtpPolicy.Off"/> and an SRTP offer arrives.</summary>
    public SrtpKeyFactory? KeyFactory { get; init; }

    /// <summary>
    /// Echo <c>a=rtcp-mux</c> when offered (default true). The recorder only receives, so multiplexing costs nothing and
    /// spares a port; we never add it to an answer when the offer lacks it (RFC 5761 §5.1.1).
    /// </summary>
    public bool RtcpMux { get; init; } = true;

    /// <summary>The host written in <c>Warning</c> headers; defaults to <see cref="LocalAddress"/>.</summary>
    public string? WarningAgent { get; init; }
}
