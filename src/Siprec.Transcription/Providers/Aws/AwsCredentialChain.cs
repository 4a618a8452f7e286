namespace Siprec.Transcription.Providers.Aws;

/// <summary>
/// The usual AWS credential sources, in order: <c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c>(/<c>AWS_SESSION_TOKEN</c>)
/// from the environment, then the profile (<c>AWS_PROFILE</c>, else <c>default</c>) of the shared credentials file
/// (<c>AWS_SHARED_CREDENTIALS_FILE</c>, else <c>~/.aws/credentials</c>).
/// </summary>
public static class AwsCredentialChain
{
    /// <summary>Resolves credentials from <paramref name="environment"/>; <paramref name="profile"/> overrides <c>AWS_PROFILE</c>. Null when no source has them.</summary>
    public static AwsCredentials? Resolve(Func<string, string?> environment, string? profile = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? Value(string name) => string.IsNullOrWhiteSpace(environment(name)) ? null : environment(name)!.Trim();

        if (Value("AWS_ACCESS_KEY_ID") is { } keyId && Value("AWS_SECRET_ACCESS_KEY") is { } secret)
        {
            return new AwsCredentials(keyId, secret, Value("AWS_SESSION_TOKEN"));
        }

        var file = Value("AWS_SHARED_CREDENTIALS_FILE")
            ?? (Value("HOME") is { } home ? Path.Combine(home, ".aws", "credentials") : null);
        if (file is null || !File.Exists(file))
        {
            return null;
        }

        return FromSharedFile(File.ReadAllLines(file), profile ?? Value("AWS_PROFILE") ?? "default");
    }

    /// <summary>Reads <paramref name="profile"/> from the lines of a shared credentials file (INI: <c>[profile]</c>, <c>key = value</c>).</summary>
    public static AwsCredentials? FromSharedFile(IEnumerable<string> lines, string profile)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var inProfile = false;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[' && line[^1] == ']')
            {
                inProfile = string.Equals(line[1..^1].Trim(), profile, StringComparison.Ordinal);
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (inProfile && equals > 0)
            {
                values[line[..equals].Trim()] = line[(equals + 1)..].Trim();
            }
        }

        return values.TryGetValue("aws_access_key_id", out var keyId) && values.TryGetValue("aws_secret_access_key", out var secret)
            ? new AwsCredentials(keyId, secret, values.GetValueOrDefault("aws_session_token"))
            : null;
    }
}
