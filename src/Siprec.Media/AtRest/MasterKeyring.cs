using System.Security.Cryptography;
using System.Text;

namespace Siprec.Media.AtRest;

/// <summary>
/// 256-bit master keys held in memory: the current one wraps new data keys (AES-256-GCM), every one unwraps. A key's id
/// is the first 8 bytes of its SHA-256, in hex, so a header names its key without revealing it. Thread-safe.
/// </summary>
public sealed class MasterKeyring : IRecordingKeyProvider
{
    private const int KeyLength = 32;
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    /// <summary>Creates a keyring whose current key is <paramref name="current"/>; <paramref name="older"/> still unwrap.</summary>
    public MasterKeyring(byte[] current, IEnumerable<byte[]>? older = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        CurrentKeyId = Add(current);
        foreach (var key in older ?? [])
            Add(key);
    }

    /// <inheritdoc />
    public string CurrentKeyId { get; }

    /// <summary>Ids of every key held, the current one included.</summary>
    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    /// <summary>The id of <paramref name="key"/>: hex of the first 8 bytes of its SHA-256.</summary>
    public static string IdOf(ReadOnlySpan<byte> key) => Convert.ToHexStringLower(SHA256.HashData(key)[..8]);

    /// <summary>
    /// Reads a master key file: exactly 32 raw bytes, or the base64 of 32 bytes as text (surrounding whitespace
    /// ignored). Throws <see cref="FormatException"/> for anything else.
    /// </summary>
    public static byte[] ReadKeyFile(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == KeyLength)
            return bytes;
        var text = Encoding.ASCII.GetString(bytes).Trim();
        var key = new byte[KeyLength];
        return Convert.TryFromBase64String(text, key, out var written) && written == KeyLength
            ? key
            : throw new FormatException($"{path} holds neither 32 raw bytes nor the base64 of 32 bytes");
    }

    /// <summary>
    /// Loads the current key from <paramref name="keyFile"/> and older ones from each <c>*.key</c> file in
    /// <paramref name="keyringDirectory"/>, when given.
    /// </summary>
    public static MasterKeyring Load(string keyFile, string? keyringDirectory)
    {
        var older = keyringDirectory is not null && Directory.Exists(keyringDirectory)
            ? Directory.EnumerateFiles(keyringDirectory, "*.key").Order(StringComparer.Ordinal).Select(ReadKeyFile).ToList()
            : [];
        return new MasterKeyring(ReadKeyFile(keyFile), older);
    }

    /// <inheritdoc />
    public string Wrap(ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> context, Span<byte> wrapped)
    {
        if (dataKey.Length != KeyLength || wrapped.Length != EncryptedFileHeader.WrappedKeyLength)
            throw new ArgumentException("a data key is 32 bytes and wraps into " + EncryptedFileHeader.WrappedKeyLength);
        var nonce = wrapped[..NonceLength];
        RandomNumberGenerator.Fill(nonce);
        using var gcm = new AesGcm(_keys[CurrentKeyId], TagLength);
        gcm.Encrypt(nonce, dataKey, wrapped.Slice(NonceLength, KeyLength), wrapped[(NonceLength + KeyLength)..], Bound(CurrentKeyId, context));
        return CurrentKeyId;
    }

    /// <inheritdoc />
    public void Unwrap(string keyId, ReadOnlySpan<byte> wrapped, ReadOnlySpan<byte> context, Span<byte> dataKey)
    {
        if (!_keys.TryGetValue(keyId, out var key))
            throw new KeyNotFoundException($"master key {keyId} is not in the keyring");
        if (dataKey.Length != KeyLength || wrapped.Length != EncryptedFileHeader.WrappedKeyLength)
            throw new ArgumentException("a data key is 32 bytes and wraps into " + EncryptedFileHeader.WrappedKeyLength);
        using var gcm = new AesGcm(key, TagLength);
        gcm.Decrypt(wrapped[..NonceLength], wrapped.Slice(NonceLength, KeyLength), wrapped[(NonceLength + KeyLength)..], dataKey, Bound(keyId, context));
    }

    private string Add(byte[] key)
    {
        if (key.Length != KeyLength)
            throw new ArgumentException("a master key is 32 bytes (256 bits)", nameof(key));
        var id = IdOf(key);
        _keys[id] = key;
        return id;
    }

    private static byte[] Bound(string keyId, ReadOnlySpan<byte> context) => [.. context, .. Encoding.ASCII.GetBytes(keyId)];
}
