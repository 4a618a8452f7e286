namespace Siprec.Media.Codecs;

/// <summary>
/// Encodes mono PCM16 at 48000 Hz to Opus packets (VoIP mode). Each call takes one frame of 2.5, 5, 10, 20, 40 or 60 ms.
/// Created by <see cref="OpusCodec.CreateEncoder"/>; one per stream, one thread at a time.
/// </summary>
public sealed class OpusEncoder : IAudioEncoder
{
    private readonly OpusCodec _codec;
    private nint _state;

    internal OpusEncoder(OpusCodec codec, nint state)
    {
        _codec = codec;
        _state = state;
    }

    /// <summary>Releases the native encoder if <see cref="Dispose"/> was not called.</summary>
    ~OpusEncoder() => Release();

    /// <inheritdoc />
    public int SampleRate => OpusDecoder.DecodedSampleRate;

    /// <summary>Encodes one frame; throws <see cref="ArgumentException"/> with libopus's reason for a bad frame size or buffer.</summary>
    public int Encode(ReadOnlySpan<short> pcm, Span<byte> payload)
    {
        ObjectDisposedException.ThrowIf(_state == 0, this);
        var result = _codec.Encode(_state, pcm, payload);
        return result >= 0
            ? result
            : throw new ArgumentException($"Opus cannot encode {pcm.Length} samples into {payload.Length} bytes: {_codec.ErrorText(result)}.", nameof(pcm));
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
            _codec.DestroyEncoder(state);
        }
    }
}
