using System.Buffers.Binary;

namespace Siprec.Media.AtRest;

/// <summary>
/// The framing of one chunk: a 4-byte little-endian plaintext length, the ciphertext, a 16-byte AES-GCM tag. Its
/// 12-byte nonce is the file's 7-byte prefix, the chunk counter (4 bytes, big-endian) and a final flag (1 on the
/// last chunk), so chunks cannot be reordered, and a file cut after a complete chunk is told from a complete file.
/// </summary>
public static class EncryptedChunk
{
    /// <summary>Length prefix bytes.</summary>
    public const int PrefixLength = 4;

    /// <summary>Tag bytes.</summary>
    public const int TagLength = 16;

    /// <summary>Most plaintext bytes in one chunk.</summary>
    public const int MaxPlaintext = 1024 * 1024;

    /// <summary>Writes the nonce of chunk <paramref name="counter"/> into <paramref name="nonce"/> (12 bytes).</summary>
    public static void Nonce(ReadOnlySpan<byte> prefix, uint counter, bool final, Span<byte> nonce)
    {
        prefix.CopyTo(nonce);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[7..], counter);
        nonce[11] = final ? (byte)1 : (byte)0;
    }
}
