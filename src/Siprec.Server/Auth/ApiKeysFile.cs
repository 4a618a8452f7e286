using System.Collections.Frozen;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Siprec.Server.Configuration;

namespace Siprec.Server.Auth;

/// <summary>
/// Reads the scoped keys of <c>API_KEYS_FILE</c>: a JSON list of <c>{"id", "key_sha256" | "key", "scopes"}</c>.
/// A key given as its SHA-256 keeps the file free of secrets.
/// </summary>
public static class ApiKeysFile
{
    /// <summary>The keys of the file at <paramref name="path"/>; throws <see cref="ConfigurationException"/> naming what is wrong.</summary>
    public static IReadOnlyList<ApiKey> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"API_KEYS_FILE (pause_resume.api_keys_file): cannot read {path}: {ex.Message}", ex);
        }

        try
        {
            return Parse(text);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            throw new ConfigurationException($"API_KEYS_FILE (pause_resume.api_keys_file) {path}: {ex.Message}", ex);
        }
    }

    /// <summary>The keys of a keys file's text; throws <see cref="FormatException"/> or <see cref="JsonException"/>.</summary>
    public static IReadOnlyList<ApiKey> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("must be a JSON list of keys");
        }

        var keys = new List<ApiKey>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            var key = ParseEntry(entry, index++);
            if (!ids.Add(key.Id))
            {
                throw new FormatException($"key id '{key.Id}' appears twice");
            }

            keys.Add(key);
        }

        return keys;
    }

    private static ApiKey ParseEntry(JsonElement entry, int index)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"entry {index} is not an object");
        }

        var id = StringOf(entry, "id");
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new FormatException($"entry {index} has no id");
        }

        var secret = StringOf(entry, "key");
        var hashText = StringOf(entry, "key_sha256");
        if ((secret is null) == (hashText is null))
        {
            throw new FormatException($"key '{id}' needs exactly one of key and key_sha256");
        }

        byte[] hash;
        if (secret is not null)
        {
            hash = secret.Length > 0 ? SHA256.HashData(Encoding.UTF8.GetBytes(secret)) : throw new FormatException($"key '{id}' has an empty key");
        }
        else if (hashText!.Length != 64 || !hashText.All(Uri.IsHexDigit))
        {
            throw new FormatException($"key '{id}': key_sha256 must be 64 hex digits");
        }
        else
        {
            hash = Convert.FromHexString(hashText);
        }

        if (!entry.TryGetProperty("scopes", out var scopes) || scopes.ValueKind != JsonValueKind.Array || scopes.GetArrayLength() == 0)
        {
            throw new FormatException($"key '{id}' needs a non-empty list of scopes");
        }

        var set = new HashSet<ApiScope>();
        foreach (var scope in scopes.EnumerateArray())
        {
            var name = scope.ValueKind == JsonValueKind.String ? scope.GetString() : scope.ToString();
            set.Add(ApiScopeText.TryParse(name, out var parsed)
                ? parsed.Value
                : throw new FormatException(string.Create(CultureInfo.InvariantCulture,
                    $"key '{id}': unknown scope '{name}' (one of {string.Join(", ", ApiScopeText.All.Select(ApiScopeText.Name))})")));
        }

        return new ApiKey(id, hash, set.ToFrozenSet());
    }

    private static string? StringOf(JsonElement entry, string name) =>
        !entry.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new FormatException($"'{name}' must be a string");
}
