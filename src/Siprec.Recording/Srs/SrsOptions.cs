using System.Net;
using Siprec.Media.AtRest;
using Siprec.Media.Pipeline;
using Siprec.Recording.Policies;
using Siprec.Recording.Signalling;

namespace Siprec.Recording.Srs;

/// <summary>How the recording user agent answers and records.</summary>
public sealed record SrsOptions
{
    /// <summary>Root folder of recordings.</summary>
    public required string RecordingDirectory { get; init; }

    /// <summary>Sample rate of the WAV files (8000 or 16000).</summary>
    public int SampleRate { get; init; } = 8000;

    /// <summary>Also write one mono file per stream.</summary>
    public bool PerStreamFiles { get; init; }

    /// <summary>Master keys that encrypt recordings, sidecars and transcripts at rest; written in clear when null.</summary>
    public IRecordingKeyProvider? RecordingKeys { get; init; }

    /// <summary>The most concurrent sessions; further INVITEs get 503 with Retry-After.</summary>
    public int MaxSessions { get; init; } = 1000;

    /// <summary>A session with no RTP on any active stream for this long is ended with our BYE.</summary>
    public TimeSpan RtpTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Address the RTP sockets bind to.</summary>
    public IPAddress RtpBindAddress { get; init; } = IPAddress.Any;

    /// <summary>Address written in SDP answers and Contact; null picks the local address that routes to each SRC.</summary>
    public IPAddress? AdvertisedAddress { get; init; }

    /// <summary>SRTP stance for offers.</summary>
    public SrtpPolicy SrtpPolicy { get; init; } = SrtpPolicy.Allow;

    /// <summary>Strict SIPREC checks (see <see cref="RecordingSignallingOptions.Strict"/>).</summary>
    public bool Strict { get; init; }

    /// <summary>How API pauses appear in the file by default (written to the sidecar as pause_behavior).</summary>
    public PausedAudioBehavior PauseBehavior { get; init; } = PausedAudioBehavior.Skip;

    /// <summary>
    /// Keep the values of keyed DTMF digits in the sidecar; when false, or while <see cref="DtmfPause"/> is set, each
    /// digit is written as <c>*</c>.
    /// </summary>
    public bool StoreDtmfDigits { get; init; }

    /// <summary>The DTMF pause policy (keyed digits pause the recording); off when null.</summary>
    public DtmfPauseSettings? DtmfPause { get; init; }

    /// <summary>Seconds a refused caller is asked to wait (Retry-After) when at capacity or draining.</summary>
    public int RetryAfterSeconds { get; init; } = 5;
}
