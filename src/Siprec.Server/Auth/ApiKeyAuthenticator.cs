using System.Security.Cryptography;
using System.Text;

namespace Siprec.Server.Auth;

/// <summary>
/// Checks <c>X-API-Key</c> values against the configured keys in constant time, and names each key by a short
/// hash (its key id) so audit records say who acted without revealing the key.
/// </summary>
public sealed class ApiKeyAuthenticator
{
    /// <summary>Key id recorded when authentication is off.</summary>
    public const string AnonymousKeyId = "anonymous";

    private readonly byte[][] _keyHashes;
    private readonly string[] _keyIds;

    /// <summary>Creates the authenticator.</summary>
    /// <param name="required">Whether a valid key is required.</param>
    /// <param name="keys">Accepted keys.</param>
    public ApiKeyAuthenticator(bool required, IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        Required = required;
        _keyHashes = [.. keys.Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k)))];
        _keyIds = [.. _keyHashes.Select(IdOf)];
    }

    /// <summary>Whether a valid key is required.</summary>
    public bool Required { get; }

    /// <summary>The key id of a key: <c>key-</c> and the first 8 hex digits of its SHA-256.</summary>
    public static string KeyIdOf(string key) => IdOf(SHA256.HashData(Encoding.UTF8.GetBytes(key ?? string.Empty)));

    /// <summary>
    /// True when the request may proceed; <paramref name="keyId"/> is the matching key's id, or
    /// <see cref="AnonymousKeyId"/> when authentication is off and no valid key was given.
    /// </summary>
    public bool TryAuthenticate(string? presentedKey, out string keyId)
    {
        keyId = AnonymousKeyId;
        if (string.IsNullOrEmpty(presentedKey))
        {
            return !Required;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(presentedKey));
        var match = -1;
        for (var i = 0; i < _keyHashes.Length; i++)
        {
            // Every key is compared, so timing says nothing about which one (if any) matched.
            if (CryptographicOperations.FixedTimeEquals(presented, _keyHashes[i]))
            {
                match = i;
            }
        }

        if (match >= 0)
        {
            keyId = _keyIds[match];
            return true;
        }

        return !Required;
    }

    private static string IdOf(byte[] hash) => "key-" + Convert.ToHexStringLower(hash.AsSpan(0, 4));
}
