namespace Siprec.Media.Codecs;

/// <summary>Decodes one stream's RTP payloads to mono PCM16. Stateful codecs keep their state per instance (one per stream).</summary>
public interface IAudioDecoder : IDisposable
{
    /// <summary>Sample rate of the decoded PCM (16000 for G.722 even though its RTP clock is 8000).</summary>
    int SampleRate { get; }

    /// <summary>Upper bound of samples one payload of <paramref name="payloadLength"/> bytes decodes to.</summary>
    int MaxSamplesFor(int payloadLength);

    /// <summary>Decodes one payload into <paramref name="pcm"/> and returns the number of samples written.</summary>
    int Decode(ReadOnlySpan<byte> payload, Span<short> pcm);
}
