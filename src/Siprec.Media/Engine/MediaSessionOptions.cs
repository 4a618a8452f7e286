using Siprec.Media.AtRest;

namespace Siprec.Media.Engine;

/// <summary>How a session records.</summary>
/// <param name="RecordingPath">The interleaved WAV to write.</param>
public sealed record MediaSessionOptions(string RecordingPath)
{
    /// <summary>Told once, on the media thread that hit it, when the recording can no longer be written; must not block.</summary>
    public Action<Exception>? WriteFailed { get; init; }

    /// <summary>Recording sample rate: 8000 or 16000.</summary>
    public int SampleRate { get; init; } = 8000;

    /// <summary>WAV channel count; defaults to the number of initial streams. Extra channels leave room for streams added later.</summary>
    public int? ChannelCount { get; init; }

    /// <summary>When set, one mono WAV per channel is written as well, at these paths.</summary>
    public IReadOnlyList<string>? MonoFilePaths { get; init; }

    /// <summary>Master keys that encrypt the WAV files at rest; written in clear when null.</summary>
    public IRecordingKeyProvider? RecordingKeys { get; init; }

    /// <summary>Look for DTMF tones in the decoded audio of 8 kHz codecs and report them as <see cref="Dtmf.DtmfActivity"/>.</summary>
    public bool DetectInBandDtmf { get; init; }

    /// <summary>How far the writer stays behind the live edge so late legs and reordered packets can fill in.</summary>
    public TimeSpan JitterDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A stream whose RTP clock disagrees with arrival time by more than this is re-anchored.</summary>
    public TimeSpan MaxDrift { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>RTCP sender reports may shift a stream by at most this much to align it with the session's other streams.</summary>
    public TimeSpan MaxSenderClockCorrection { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Consecutive packets from a new SSRC after which the stream switches to it.</summary>
    public int SsrcSwitchPackets { get; init; } = 10;

    /// <summary>How many sequence numbers behind the newest a packet may arrive and still be used.</summary>
    public int ReorderWindowPackets { get; init; } = 5;

    /// <summary>The writer appends in batches of at least this much audio.</summary>
    public TimeSpan WriteInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often data is handed to the OS and the header sizes updated.</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How much session clock the in-memory timeline holds ahead of the writer. It must cover the jitter delay, one
    /// write interval and the largest drift tolerated ahead of the live edge; 2 s covers the defaults (0.5 + 0.1 + 1 s).
    /// </summary>
    public TimeSpan BufferCapacity { get; init; } = TimeSpan.FromSeconds(2);
}
