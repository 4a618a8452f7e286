namespace Siprec.Media.Codecs;

/// <summary>
/// Decodes one Opus stream (rtpmap <c>opus/48000/2</c>) to mono PCM16 at 48000 Hz, the codec's native rate, so nothing
/// is lost before the recorder resamples; libopus downmixes stereo packets. Created by <see cref="OpusCodec.CreateDecoder"/>; one per stream, one thread at a time.
/// </summary>
public sealed class OpusDecoder : IAudioDecoder
{
    /// <summary>The rate decoded PCM comes out at.</summary>
    public const int DecodedSampleRate = 48000;

    // The longest Opus packet lasts 120 ms.
    private const int MaxFrameSamples = DecodedSampleRate * 120 / 1000;

    private readonly OpusCodec _codec;
    private nint _state;

    internal OpusDecoder(OpusCodec codec, nint state)
    {
        _codec = codec;
        _state = state;
    }

    /// <summary>Releases the native decoder if <see cref="Dispose"/> was not called.</summary>
    ~OpusDecoder() => Release();

    /// <inheritdoc />
    public int SampleRate => DecodedSampleRate;

    /// <inheritdoc />
    public int MaxSamplesFor(int payloadLength) => MaxFrameSamples;

    /// <summary>
    /// Decodes one packet; an empty payload gives no samples; a corrupt one throws <see cref="InvalidDataException"/>, and a
    /// <paramref name="pcm"/> buffer too short for the packet's duration throws <see cref="ArgumentException"/>.
    /// </summary>
    public int Decode(ReadOnlySpan<byte> payload, Span<short> pcm)
    {
        const int BufferTooSmall = -2;
        ObjectDisposedException.ThrowIf(_state == 0, this);
        if (payload.IsEmpty)
        {
            return 0;
        }

        var result = _codec.Decode(_state, payload, pcm[..Math.Min(pcm.Length, MaxFrameSamples)]);
        return result switch
        {
            >= 0 => result,
            BufferTooSmall => throw new ArgumentException($"The PCM buffer of {pcm.Length} samples is too short for this Opus packet.", nameof(pcm)),
            _ => throw new InvalidDataException($"Opus payload of {payload.Length} bytes rejected: {_codec.ErrorText(result)}."),
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    private void Release()
    {
        var state = Interlocked.Exchange(ref _state, 0);
        if (state != 0)
        {
            _codec.DestroyDecoder(state);
        }
    }
}
