namespace Siprec.Media.Codecs;

/// <summary>Encodes mono PCM16 into RTP payloads (used by the RTP test sender and tests).</summary>
public interface IAudioEncoder : IDisposable
{
    /// <summary>Sample rate of the PCM this encoder takes.</summary>
    int SampleRate { get; }

    /// <summary>Encodes <paramref name="pcm"/> (one packet's worth) into <paramref name="payload"/> and returns the bytes written.</summary>
    int Encode(ReadOnlySpan<short> pcm, Span<byte> payload);
}
