using System.Security.Cryptography;
using System.Text.Json;
using Siprec.Cluster;
using Siprec.Media.AtRest;
using Siprec.Recording.Index;
using Siprec.Transcription;
using Siprec.Transcription.Configuration;

using Siprec.Server.Auth;
using Siprec.Server.Hosting;

namespace Siprec.Server.Configuration;

/// <summary>
/// Loads <see cref="SiprecOptions"/> from, in rising precedence: defaults, the JSON file (<c>CONFIG_FILE</c>, else
/// <c>./config.json</c>, else the system file), the <c>.env</c> file of the working directory, the environment.
/// Relative paths in any of them are taken from the working directory of the command that started the server.
/// </summary>
public static class SiprecConfigurationLoader
{
    /// <summary>The system-wide configuration file tried last.</summary>
    public const string SystemConfigFile = "/etc/siprec/config.json";

    /// <summary>Loads and validates; throws <see cref="ConfigurationException"/> naming the offending key.</summary>
    /// <param name="environment">Environment variables.</param>
    /// <param name="workingDirectory">Where <c>.env</c> and <c>config.json</c> are looked for, and the base of relative paths.</param>
    /// <param name="systemConfigFile">The last-resort JSON file.</param>
    public static ConfigurationResult Load(
        IReadOnlyDictionary<string, string> environment, string workingDirectory, string systemConfigFile = SystemConfigFile)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var warnings = new List<string>();
        var dotEnvPath = Path.Combine(workingDirectory, ".env");
        var dotEnv = File.Exists(dotEnvPath) ? DotEnvFile.Parse(File.ReadAllText(dotEnvPath), ".env") : new Dictionary<string, string>();

        var configFile = FindConfigFile(environment, dotEnv, workingDirectory, systemConfigFile);
        var values = new Dictionary<string, (string Value, string Origin)>(StringComparer.Ordinal);
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        if (configFile is not null)
        {
            ReadJson(configFile, values, warnings);
            foreach (var name in values.Keys)
            {
                sources[name] = "json";
            }
        }

        foreach (var key in ConfigurationKeys.All)
        {
            if (dotEnv.TryGetValue(key.EnvName, out var fromDotEnv))
            {
                values[key.EnvName] = (fromDotEnv, $"{key.EnvName} in .env");
                sources[key.EnvName] = ".env";
            }

            if (environment.TryGetValue(key.EnvName, out var fromEnv))
            {
                values[key.EnvName] = (fromEnv, $"environment variable {key.EnvName}");
                sources[key.EnvName] = "env";
            }
        }

        var options = new SiprecOptions();
        foreach (var key in ConfigurationKeys.All)
        {
            if (!values.TryGetValue(key.EnvName, out var entry))
            {
                continue;
            }

            try
            {
                key.Apply(options, entry.Value);
            }
            catch (FormatException ex)
            {
                throw new ConfigurationException($"invalid value for {entry.Origin}: {ex.Message}", ex);
            }
        }

        ResolvePaths(options, workingDirectory);
        Validate(options);
        var settings = ConfigurationKeys.All
            .Select(k => values.TryGetValue(k.EnvName, out var v) ? new EffectiveSetting(k, v.Value, sources[k.EnvName]) : new EffectiveSetting(k, k.Default, "default"))
            .ToList();
        return new ConfigurationResult(options, warnings, configFile) { Settings = settings };
    }

    /// <summary>Checks rules that involve several keys; throws <see cref="ConfigurationException"/> naming them.</summary>
    public static void Validate(SiprecOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var scopedKeys = options.PauseResume.ApiKeysFile is { } keysFile ? ApiKeysFile.Load(keysFile) : [];
        if (options.PauseResume.RequireAuth && options.PauseResume.ApiKeys.Count == 0 && scopedKeys.Count == 0)
        {
            throw new ConfigurationException(
                "PAUSE_RESUME_REQUIRE_AUTH is true but PAUSE_RESUME_API_KEY (pause_resume.api_key) is empty and API_KEYS_FILE holds no key: set at least one API key");
        }

        if (options.Rtp.PortMin > options.Rtp.PortMax)
        {
            throw new ConfigurationException(
                $"RTP_PORT_MIN ({options.Rtp.PortMin}) must not be greater than RTP_PORT_MAX ({options.Rtp.PortMax})");
        }

        if ((options.S3.AccessKey is null) != (options.S3.SecretKey is null))
        {
            throw new ConfigurationException("S3_ACCESS_KEY and S3_SECRET_KEY (s3.access_key, s3.secret_key) must be set together");
        }

        if (options.Recording.VconExport && options.Recording.EncryptionKeyFile is not null)
        {
            // A vCon file holds the parties and the transcript in clear, beside recordings that are meant to be unreadable.
            throw new ConfigurationException(
                "VCON_EXPORT (recording.vcon_export) cannot be used with RECORDING_ENCRYPTION_KEY_FILE: vCon files would hold the parties and transcript in clear");
        }

        ValidateHttp(options.Http);
        ValidateCluster(options.Cluster);
        ValidateIndex(options.Recording);
        ValidateTranscription(options.Stt);
        ValidateEncryption(options.Recording);
    }

    // Loading the keys here makes --check-config and start-up fail on a bad key file rather than the first call;
    // messages name the files, never their content.
    private static void ValidateEncryption(RecordingOptions recording)
    {
        if (recording.EncryptionKeyFile is null)
        {
            if (recording.EncryptionKeyringDirectory is not null)
                throw new ConfigurationException("RECORDING_ENCRYPTION_KEYRING_DIR (recording.encryption_keyring_dir) is set but RECORDING_ENCRYPTION_KEY_FILE is empty");
            return;
        }

        try
        {
            MasterKeyring.Load(recording.EncryptionKeyFile, recording.EncryptionKeyringDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
        {
            throw new ConfigurationException($"RECORDING_ENCRYPTION_KEY_FILE (recording.encryption_key_file) or RECORDING_ENCRYPTION_KEYRING_DIR: {ex.Message}", ex);
        }
    }

    private static void ValidateHttp(HttpOptions http)
    {
        if ((http.TlsCert is null) != (http.TlsKey is null))
        {
            throw new ConfigurationException("HTTP_TLS_CERT and HTTP_TLS_KEY (http.tls_cert, http.tls_key) must be set together");
        }

        if (!http.Plaintext && http.TlsCert is null)
        {
            throw new ConfigurationException("HTTP_PLAINTEXT is false but HTTP_TLS_CERT (http.tls_cert) is empty: the server would not listen for HTTP at all");
        }

        if (http.TlsCert is not null)
        {
            try
            {
                using var certificate = HttpsCertificate.Load(http.TlsCert, http.TlsKey!);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                throw new ConfigurationException($"HTTP_TLS_CERT / HTTP_TLS_KEY (http.tls_cert, http.tls_key): cannot load {http.TlsCert} with {http.TlsKey}: {ex.Message}", ex);
            }
        }
    }

    private static void ValidateIndex(RecordingOptions recording)
    {
        if (recording.IndexUrl is not { } url)
        {
            return;
        }

        try
        {
            PostgresIndexAddress.Parse(url);
        }
        catch (FormatException ex)
        {
            throw new ConfigurationException("RECORDING_INDEX_URL (recording.index_url): " + ex.Message);
        }
    }

    private static void ValidateCluster(ClusterOptions cluster)
    {
        if (cluster.RedisUrl is { } redis)
        {
            try
            {
                RedisConnectionString.Normalize(redis);
            }
            catch (FormatException ex)
            {
                throw new ConfigurationException("CLUSTER_REDIS_URL (cluster.redis_url): " + ex.Message);
            }
        }

        if (cluster.LeaseTime < TimeSpan.FromSeconds(3) || cluster.CommandTimeout <= TimeSpan.Zero)
        {
            throw new ConfigurationException(
                "CLUSTER_LEASE_TIME must be at least 3s and CLUSTER_COMMAND_TIMEOUT more than 0 (cluster.lease_time, cluster.command_timeout)");
        }
    }

    /// <summary>
    /// Makes every file and directory setting absolute against the one documented base, so that what the server opens
    /// never depends on a later change of directory or on the host's content root.
    /// </summary>
    private static void ResolvePaths(SiprecOptions options, string workingDirectory)
    {
        options.Recording.Directory = Path.GetFullPath(options.Recording.Directory, workingDirectory);
        options.Recording.IndexPath = Absolute(options.Recording.IndexPath, workingDirectory);
        options.Recording.EncryptionKeyFile = Absolute(options.Recording.EncryptionKeyFile, workingDirectory);
        options.Recording.EncryptionKeyringDirectory = Absolute(options.Recording.EncryptionKeyringDirectory, workingDirectory);
        options.Sip.TlsCert = Absolute(options.Sip.TlsCert, workingDirectory);
        options.Http.TlsCert = Absolute(options.Http.TlsCert, workingDirectory);
        options.Http.TlsKey = Absolute(options.Http.TlsKey, workingDirectory);
        options.PauseResume.ApiKeysFile = Absolute(options.PauseResume.ApiKeysFile, workingDirectory);
        options.Sip.TlsKey = Absolute(options.Sip.TlsKey, workingDirectory);
        options.Stt.PocketSphinxModelDir = Absolute(options.Stt.PocketSphinxModelDir, workingDirectory);
    }

    private static string? Absolute(string? path, string workingDirectory) =>
        path is null ? null : Path.GetFullPath(path, workingDirectory);

    /// <summary>Builds the configured speech recognizer once, so that a missing key or an absent local provider stops start-up.</summary>
    private static void ValidateTranscription(SttOptions stt)
    {
        if (stt.ReconnectMaxDelay < stt.ReconnectDelay)
        {
            throw new ConfigurationException(
                $"STT_RECONNECT_MAX_DELAY ({stt.ReconnectMaxDelay}) must not be shorter than STT_RECONNECT_DELAY ({stt.ReconnectDelay}) (stt.reconnect_max_delay, stt.reconnect_delay)");
        }

        if (!stt.Enabled)
        {
            return;
        }

        try
        {
            using var http = new HttpClient();
            _ = new SpeechRecognizerFactory(TimeProvider.System, http).Create(stt.ToTranscriptionOptions());
        }
        catch (TranscriptionConfigurationException ex)
        {
            throw new ConfigurationException(ex.Message, ex);
        }
        catch (SpeechProviderException ex)
        {
            throw new ConfigurationException($"STT_PROVIDER={stt.Provider}: {ex.Message}", ex);
        }
    }

    private static string? FindConfigFile(
        IReadOnlyDictionary<string, string> environment, IReadOnlyDictionary<string, string> dotEnv, string workingDirectory, string systemConfigFile)
    {
        var explicitFile = environment.TryGetValue("CONFIG_FILE", out var e) && !string.IsNullOrWhiteSpace(e) ? e
            : dotEnv.TryGetValue("CONFIG_FILE", out var d) && !string.IsNullOrWhiteSpace(d) ? d
            : null;
        if (explicitFile is not null)
        {
            var path = Path.IsPathRooted(explicitFile) ? explicitFile : Path.Combine(workingDirectory, explicitFile);
            return File.Exists(path) ? path : throw new ConfigurationException($"CONFIG_FILE: file '{explicitFile}' does not exist");
        }

        var local = Path.Combine(workingDirectory, "config.json");
        return File.Exists(local) ? local : File.Exists(systemConfigFile) ? systemConfigFile : null;
    }

    private static void ReadJson(string path, Dictionary<string, (string Value, string Origin)> values, List<string> warnings)
    {
        var fileName = Path.GetFileName(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new ConfigurationException($"{fileName}: malformed JSON ({ex.Message})", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ConfigurationException($"{fileName}: the top level must be a JSON object");
            }

            var byPath = ConfigurationKeys.All.ToDictionary(k => k.JsonPath, StringComparer.Ordinal);
            foreach (var section in document.RootElement.EnumerateObject())
            {
                if (section.Value.ValueKind != JsonValueKind.Object)
                {
                    warnings.Add($"unknown configuration key '{section.Name}' in {fileName} (expected a section object)");
                    continue;
                }

                foreach (var entry in section.Value.EnumerateObject())
                {
                    var jsonPath = section.Name + "." + entry.Name;
                    if (!byPath.TryGetValue(jsonPath, out var key))
                    {
                        warnings.Add($"unknown configuration key '{jsonPath}' in {fileName}");
                        continue;
                    }

                    if (entry.Value.ValueKind == JsonValueKind.Null)
                    {
                        continue;
                    }

                    values[key.EnvName] = (JsonText(entry.Value, jsonPath, fileName), $"{jsonPath} in {fileName}");
                }
            }
        }
    }

    private static string JsonText(JsonElement value, string jsonPath, string fileName) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.Array => string.Join(',', value.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String
            ? item.GetString()!
            : throw new ConfigurationException($"invalid value for {jsonPath} in {fileName}: list items must be strings"))),
        _ => throw new ConfigurationException($"invalid value for {jsonPath} in {fileName}: expected a string, number, boolean or list"),
    };
}
