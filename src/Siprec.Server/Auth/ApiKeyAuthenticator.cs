using System.Security.Cryptography;
using System.Text;

namespace Siprec.Server.Auth;

/// <summary>
/// Checks <c>X-API-Key</c> values against the configured keys in constant time. Keys of <c>PAUSE_RESUME_API_KEY</c>
/// hold every scope and are named by a short hash (their key id); keys of <c>API_KEYS_FILE</c> carry their own id
/// and scopes. Audit records say who acted without revealing the key.
/// </summary>
public sealed class ApiKeyAuthenticator
{
    /// <summary>Key id recorded when authentication is off.</summary>
    public const string AnonymousKeyId = "anonymous";

    private readonly ApiKey[] _keys;

    /// <summary>Creates the authenticator over plain keys, each holding every scope.</summary>
    /// <param name="required">Whether a valid key is required.</param>
    /// <param name="keys">Accepted keys.</param>
    public ApiKeyAuthenticator(bool required, IReadOnlyList<string> keys)
        : this(required, keys, [])
    {
    }

    /// <summary>Creates the authenticator over plain keys (every scope) and scoped keys.</summary>
    public ApiKeyAuthenticator(bool required, IReadOnlyList<string> keys, IReadOnlyList<ApiKey> scopedKeys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(scopedKeys);
        Required = required;
        _keys =
        [
            .. keys.Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k))).Select(h => new ApiKey(IdOf(h), h, ApiKey.AllScopes)),
            .. scopedKeys,
        ];
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
        var admitted = TryAdmit(presentedKey, out var key);
        keyId = key?.Id ?? AnonymousKeyId;
        return admitted;
    }

    /// <summary>
    /// True when the request may proceed; <paramref name="key"/> is the matching key, or null when no valid key was
    /// given (admitted only while authentication is off).
    /// </summary>
    public bool TryAdmit(string? presentedKey, out ApiKey? key)
    {
        key = null;
        if (string.IsNullOrEmpty(presentedKey))
        {
            return !Required;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(presentedKey));
        foreach (var candidate in _keys)
        {
            // Every key is compared, so timing says nothing about which one (if any) matched.
            if (CryptographicOperations.FixedTimeEquals(presented, candidate.Sha256))
            {
                key = candidate;
            }
        }

        return key is not null || !Required;
    }

    private static string IdOf(byte[] hash) => "key-" + Convert.ToHexStringLower(hash.AsSpan(0, 4));
}
