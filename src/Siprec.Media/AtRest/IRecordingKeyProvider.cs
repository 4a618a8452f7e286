namespace Siprec.Media.AtRest;

/// <summary>
/// Wraps and unwraps the per-file data keys of encrypted recordings under master keys it names by id. A key file
/// (<see cref="MasterKeyring"/>) implements it; a KMS could, wrapping remotely without ever exposing its keys.
/// </summary>
public interface IRecordingKeyProvider
{
    /// <summary>Id of the master key new files are wrapped with (at most 16 ASCII characters).</summary>
    string CurrentKeyId { get; }

    /// <summary>
    /// Wraps <paramref name="dataKey"/> (32 bytes) under the current master key, bound to <paramref name="context"/>;
    /// writes <see cref="EncryptedFileHeader.WrappedKeyLength"/> bytes to <paramref name="wrapped"/> and returns the key id used.
    /// </summary>
    string Wrap(ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> context, Span<byte> wrapped);

    /// <summary>
    /// Unwraps a data key wrapped under <paramref name="keyId"/> with the same <paramref name="context"/>; throws
    /// <see cref="KeyNotFoundException"/> for an unknown key and <see cref="System.Security.Cryptography.CryptographicException"/>
    /// when the wrapped key or its context were altered.
    /// </summary>
    void Unwrap(string keyId, ReadOnlySpan<byte> wrapped, ReadOnlySpan<byte> context, Span<byte> dataKey);
}
