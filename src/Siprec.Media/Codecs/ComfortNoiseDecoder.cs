namespace Siprec.Media.Codecs;

/// <summary>
/// RFC 3389 comfort noise: recognized and decoded as silence. A CN payload carries a noise level, not a duration,
/// so <see cref="Decode"/> writes no samples: the interval up to the next packet's timestamp becomes silence on the timeline.
/// </summary>
public sealed class ComfortNoiseDecoder : IAudioDecoder
{
    /// <summary>Creates a decoder for a CN stream whose RTP clock (and silence) runs at <paramref name="sampleRate"/>.</summary>
    public ComfortNoiseDecoder(int sampleRate = 8000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        SampleRate = sampleRate;
    }

    /// <inheritdoc />
    public int SampleRate { get; }

    /// <summary>The noise level of the last payload in -dBov (0 to 127), or -1 before any payload.</summary>
    public int LastNoiseLevel { get; private set; } = -1;

    /// <inheritdoc />
    public int MaxSamplesFor(int payloadLength) => 0;

    /// <inheritdoc />
    public int Decode(ReadOnlySpan<byte> payload, Span<short> pcm)
    {
        if (!payload.IsEmpty)
        {
            LastNoiseLevel = payload[0] & 0x7F;
        }

        return 0;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
