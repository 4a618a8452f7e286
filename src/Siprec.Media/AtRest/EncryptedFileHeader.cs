using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Siprec.Media.AtRest;

/// <summary>
/// The fixed 100-byte header of an encrypted recording file (layout in docs/recordings.md). Bytes 0-23 (magic, kind,
/// format, chunk nonce prefix) never change and are the associated data of every chunk; bytes 24-99 (key id and
/// wrapped data key) are rewritten in place by key rotation without touching the chunks.
/// </summary>
public sealed class EncryptedFileHeader
{
    /// <summary>Header length in bytes.</summary>
    public const int Length = 100;

    /// <summary>Bytes of a wrapped data key: 12-byte nonce, 32-byte ciphertext, 16-byte tag.</summary>
    public const int WrappedKeyLength = 60;

    /// <summary>Length of the part every chunk authenticates.</summary>
    public const int FixedLength = 24;

    private const int KeyIdOffset = 24;
    private const int KeyIdLength = 16;
    private const int WrappedKeyOffset = 40;
    private const int NoncePrefixOffset = 16;

    private readonly byte[] _bytes;

    private EncryptedFileHeader(byte[] bytes) => _bytes = bytes;

    /// <summary>The magic that starts every encrypted file.</summary>
    public static ReadOnlySpan<byte> Magic => "SRE1"u8;

    /// <summary>What the plaintext is.</summary>
    public EncryptedContentKind Kind => (EncryptedContentKind)_bytes[4];

    /// <summary>Channels of PCM content (0 for bytes).</summary>
    public int Channels => BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan(6));

    /// <summary>Sample rate of PCM content (0 for bytes).</summary>
    public int SampleRate => (int)BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan(8));

    /// <summary>Id of the master key the data key is wrapped with.</summary>
    public string KeyId => Encoding.ASCII.GetString(_bytes.AsSpan(KeyIdOffset, KeyIdLength)).TrimEnd('\0');

    /// <summary>The unchanging part, authenticated by every chunk.</summary>
    public ReadOnlySpan<byte> Fixed => _bytes.AsSpan(0, FixedLength);

    /// <summary>The 7-byte prefix of every chunk nonce.</summary>
    public ReadOnlySpan<byte> NoncePrefix => _bytes.AsSpan(NoncePrefixOffset, 7);

    /// <summary>The whole header as stored.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>A new header with a random nonce prefix and <paramref name="dataKey"/> wrapped by <paramref name="keys"/>.</summary>
    public static EncryptedFileHeader Create(EncryptedContentKind kind, int channels, int sampleRate, ReadOnlySpan<byte> dataKey, IRecordingKeyProvider keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var bytes = new byte[Length];
        Magic.CopyTo(bytes);
        bytes[4] = (byte)kind;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)sampleRate);
        RandomNumberGenerator.Fill(bytes.AsSpan(NoncePrefixOffset, 7));
        var header = new EncryptedFileHeader(bytes);
        header.WrapWith(dataKey, keys);
        return header;
    }

    /// <summary>Parses a header; throws <see cref="InvalidDataException"/> when <paramref name="bytes"/> is not one.</summary>
    public static EncryptedFileHeader Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < Length || !bytes.StartsWith(Magic))
            throw new InvalidDataException("not an encrypted recording file (no SRE1 header)");
        if (bytes[4] is not ((byte)EncryptedContentKind.Pcm16Wav or (byte)EncryptedContentKind.Bytes))
            throw new InvalidDataException($"unknown content kind {bytes[4]}");
        return new EncryptedFileHeader(bytes[..Length].ToArray());
    }

    /// <summary>True when <paramref name="path"/> starts with the encrypted-file magic.</summary>
    public static bool IsEncrypted(string path)
    {
        Span<byte> start = stackalloc byte[4];
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return RandomAccess.Read(file, start, 0) == 4 && start.SequenceEqual(Magic);
    }

    /// <summary>Unwraps the data key into <paramref name="dataKey"/> (32 bytes).</summary>
    public void UnwrapInto(IRecordingKeyProvider keys, Span<byte> dataKey)
    {
        ArgumentNullException.ThrowIfNull(keys);
        keys.Unwrap(KeyId, _bytes.AsSpan(WrappedKeyOffset, WrappedKeyLength), Fixed, dataKey);
    }

    /// <summary>
    /// Re-wraps the data key of the file at <paramref name="path"/> under the current master key, rewriting only the
    /// header's key part in place; the chunks are never re-encrypted. False when it already uses the current key.
    /// </summary>
    public static bool Rewrap(string path, IRecordingKeyProvider keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        var bytes = new byte[Length];
        if (RandomAccess.Read(file, bytes, 0) != Length)
            throw new InvalidDataException($"{path} is shorter than an encrypted file header");
        var header = Parse(bytes);
        if (header.KeyId == keys.CurrentKeyId)
            return false;
        Span<byte> dataKey = stackalloc byte[32];
        try
        {
            header.UnwrapInto(keys, dataKey);
            header.WrapWith(dataKey, keys);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }

        RandomAccess.Write(file, header._bytes.AsSpan(KeyIdOffset), KeyIdOffset);
        RandomAccess.FlushToDisk(file);
        return true;
    }

    private void WrapWith(ReadOnlySpan<byte> dataKey, IRecordingKeyProvider keys)
    {
        var keyId = keys.Wrap(dataKey, Fixed, _bytes.AsSpan(WrappedKeyOffset, WrappedKeyLength));
        var id = _bytes.AsSpan(KeyIdOffset, KeyIdLength);
        id.Clear();
        if (Encoding.ASCII.GetBytes(keyId, id) != keyId.Length)
            throw new ArgumentException("a key id is at most 16 ASCII characters");
    }
}
