namespace Siprec.Media.AtRest;

/// <summary>What the plaintext of an encrypted file is.</summary>
public enum EncryptedContentKind : byte
{
    /// <summary>PCM16 little-endian samples; the reader rebuilds the WAV header from the header's format and the data length.</summary>
    Pcm16Wav = 1,

    /// <summary>Bytes as written (a JSON sidecar, a JSONL transcript).</summary>
    Bytes = 2,
}
