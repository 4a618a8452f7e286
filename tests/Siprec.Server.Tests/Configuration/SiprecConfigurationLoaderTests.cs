using Microsoft.Extensions.Logging;
using Siprec.Media.Pipeline;
using Siprec.Server.Configuration;

namespace Siprec.Server.Tests.Configuration;

public sealed class SiprecConfigurationLoaderTests : IDisposable
{
    private const string SpecJson = """
        {
          "pause_resume": {
            "enabled": true,
            "require_auth": true,
            "api_key": "your-secure-api-key",
            "per_session": true,
            "pause_recording": true,
            "pause_transcription": true,
            "send_notifications": true,
            "max_pause_duration": "1h",
            "auto_resume": false
          }
        }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("siprec-config-tests").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ConfigurationResult Load(Dictionary<string, string>? env = null) =>
        SiprecConfigurationLoader.Load(env ?? [], _dir, Path.Combine(_dir, "no-system-config.json"));

    [Fact]
    public void DefaultsWithoutAnyFile()
    {
        var result = Load();
        var o = result.Options;
        Assert.Null(result.ConfigFile);
        Assert.Equal(8080, o.Http.Port);
        Assert.Equal("0.0.0.0", o.Http.Host);
        Assert.Equal(5060, o.Sip.Port);
        Assert.Equal(TimeSpan.FromSeconds(30), o.Rtp.Timeout);
        Assert.True(o.PauseResume.Enabled);
        Assert.False(o.PauseResume.RequireAuth);
        Assert.True(o.PauseResume.PerSession);
        Assert.Equal(TimeSpan.Zero, o.PauseResume.MaxPauseDuration);
        Assert.Equal(PausedAudioBehavior.Skip, o.PauseResume.Behavior);
        Assert.Equal(LogLevel.Information, o.Logging.Level);
        Assert.Equal(LogFormat.Json, o.Logging.Format);
        Assert.Equal(Path.Combine(_dir, "recordings"), o.Recording.Directory);
    }

    [Fact]
    public void RelativePathsFromEverySourceAreTakenFromTheWorkingDirectory()
    {
        File.WriteAllText(Path.Combine(_dir, "config.json"), """{"sip": {"tls_cert": "tls/cert.pem"}, "recording": {"index_path": "../index.db"}}""");
        File.WriteAllText(Path.Combine(_dir, ".env"), "RECORDING_DIR=calls\n");

        var o = Load(new() { ["SIP_TLS_KEY"] = "./tls/key.pem", ["POCKETSPHINX_MODEL_DIR"] = "/usr/share/model" }).Options;

        Assert.Equal(Path.Combine(_dir, "calls"), o.Recording.Directory);
        Assert.Equal(Path.GetFullPath(Path.Combine(_dir, "..", "index.db")), o.Recording.IndexPath);
        Assert.Equal(Path.Combine(_dir, "tls", "cert.pem"), o.Sip.TlsCert);
        Assert.Equal(Path.Combine(_dir, "tls", "key.pem"), o.Sip.TlsKey);
        Assert.Equal("/usr/share/model", o.Stt.PocketSphinxModelDir);
    }

    [Fact]
    public void EveryDocumentedDefaultParsesToTheBuiltInDefault()
    {
        var fromTable = new SiprecOptions();
        foreach (var key in ConfigurationKeys.All)
        {
            key.Apply(fromTable, key.Default);
        }

        var builtIn = new SiprecOptions();
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(builtIn), System.Text.Json.JsonSerializer.Serialize(fromTable));
    }

    [Fact]
    public void SpecJsonSectionLoads()
    {
        File.WriteAllText(Path.Combine(_dir, "config.json"), SpecJson);
        var result = Load();
        var p = result.Options.PauseResume;
        Assert.True(p.RequireAuth);
        Assert.Equal(["your-secure-api-key"], p.ApiKeys);
        Assert.True(p.Notifications);
        Assert.Equal(TimeSpan.FromHours(1), p.MaxPauseDuration);
        Assert.False(p.AutoResume);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void PrecedenceIsEnvThenDotEnvThenJson()
    {
        File.WriteAllText(Path.Combine(_dir, "config.json"), """{"http": {"port": 1111, "host": "10.0.0.1"}, "rtp": {"timeout": "45s"}, "logging": {"level": "debug"}}""");
        File.WriteAllText(Path.Combine(_dir, ".env"), "# comment\nHTTP_PORT=2222\nexport RTP_TIMEOUT=\"1m\"\n");
        var result = Load(new() { ["HTTP_PORT"] = "3333" });
        Assert.Equal(3333, result.Options.Http.Port);
        Assert.Equal("10.0.0.1", result.Options.Http.Host);
        Assert.Equal(TimeSpan.FromMinutes(1), result.Options.Rtp.Timeout);
        Assert.Equal(LogLevel.Debug, result.Options.Logging.Level);
    }

    [Fact]
    public void ConfigFileVariableWinsOverLocalFile()
    {
        File.WriteAllText(Path.Combine(_dir, "config.json"), """{"http": {"port": 1111}}""");
        File.WriteAllText(Path.Combine(_dir, "other.json"), """{"http": {"port": 4444}}""");
        var result = Load(new() { ["CONFIG_FILE"] = Path.Combine(_dir, "other.json") });
        Assert.Equal(4444, result.Options.Http.Port);
        Assert.Equal(Path.Combine(_dir, "other.json"), result.ConfigFile);
    }

    [Fact]
    public void SystemFileIsTheLastResort()
    {
        var system = Path.Combine(_dir, "system.json");
        File.WriteAllText(system, """{"sip": {"port": 5070}}""");
        var result = SiprecConfigurationLoader.Load(new Dictionary<string, string>(), _dir, system);
        Assert.Equal(5070, result.Options.Sip.Port);
    }

    [Fact]
    public void MissingConfigFileIsAnError()
    {
        var ex = Assert.Throws<ConfigurationException>(() => Load(new() { ["CONFIG_FILE"] = "nope.json" }));
        Assert.Contains("CONFIG_FILE", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownJsonKeysWarn()
    {
        File.WriteAllText(Path.Combine(_dir, "config.json"), """{"pause_resume": {"enabled": true, "enabeld": false}, "mystery": {"x": 1}}""");
        var result = Load();
        Assert.Contains("unknown configuration key 'pause_resume.enabeld' in config.json", result.Warnings);
        Assert.Contains("unknown configuration key 'mystery.x' in config.json", result.Warnings);
    }

    [Theory]
    [InlineData("PAUSE_AUTO_RESUME", "maybe", "invalid value for environment variable PAUSE_AUTO_RESUME: 'maybe' is not a boolean")]
    [InlineData("MAX_PAUSE_DURATION", "1 hour", "invalid value for environment variable MAX_PAUSE_DURATION: '1 hour' is not a duration")]
    [InlineData("HTTP_PORT", "70000", "invalid value for environment variable HTTP_PORT: '70000' is not a port")]
    [InlineData("SRTP_POLICY", "maybe", "invalid value for environment variable SRTP_POLICY")]
    [InlineData("LOG_FORMAT", "xml", "invalid value for environment variable LOG_FORMAT")]
    [InlineData("PAUSE_BEHAVIOR", "mute", "invalid value for environment variable PAUSE_BEHAVIOR")]
    [InlineData("PAUSE_RESUME_WEBHOOK_URLS", "ftp://x", "invalid value for environment variable PAUSE_RESUME_WEBHOOK_URLS")]
    [InlineData("MAX_SESSIONS", "0", "invalid value for environment variable MAX_SESSIONS")]
    [InlineData("PAUSE_RESUME_WEBHOOK_MAX_ATTEMPTS", "0", "invalid value for environment variable PAUSE_RESUME_WEBHOOK_MAX_ATTEMPTS")]
    [InlineData("PAUSE_RESUME_WEBHOOK_MAX_ATTEMPTS", "11", "invalid value for environment variable PAUSE_RESUME_WEBHOOK_MAX_ATTEMPTS")]
    [InlineData("PAUSE_RESUME_WEBHOOK_MAX_ATTEMPTS", "five", "invalid value for environment variable PAUSE_RESUME_WEBHOOK_MAX_ATTEMPTS")]
    [InlineData("STT_WEBHOOK_QUEUE_RESULTS", "0", "invalid value for environment variable STT_WEBHOOK_QUEUE_RESULTS")]
    [InlineData("STT_WEBHOOK_QUEUE_RESULTS", "-5", "invalid value for environment variable STT_WEBHOOK_QUEUE_RESULTS")]
    [InlineData("RECORDING_SAMPLE_RATE", "44100", "invalid value for environment variable RECORDING_SAMPLE_RATE")]
    public void InvalidEnvValueNamesTheKey(string key, string value, string message)
    {
        var ex = Assert.Throws<ConfigurationException>(() => Load(new() { [key] = value }));
        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidJsonValueNamesThePath()
    {
        File.WriteAllText(Path.Combine(_dir, "config.json"), """{"pause_resume": {"max_pause_duration": "forever"}}""");
        var ex = Assert.Throws<ConfigurationException>(() => Load());
        Assert.StartsWith("invalid value for pause_resume.max_pause_duration in config.json", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"pause_resume": {"webhook_max_attempts": 0}}""", "pause_resume.webhook_max_attempts")]
    [InlineData("""{"stt": {"webhook_queue_results": "many"}}""", "stt.webhook_queue_results")]
    public void InvalidWebhookSizeInJsonNamesThePath(string json, string path)
    {
        File.WriteAllText(Path.Combine(_dir, "config.json"), json);
        var ex = Assert.Throws<ConfigurationException>(() => Load());
        Assert.StartsWith($"invalid value for {path} in config.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PauseWebhookAttemptsAreReadFromJsonAndTheEnvironmentWins()
    {
        Assert.Equal(5, Load().Options.PauseResume.WebhookMaxAttempts);
        File.WriteAllText(Path.Combine(_dir, "config.json"), """{"pause_resume": {"webhook_max_attempts": 3}}""");
        Assert.Equal(3, Load().Options.PauseResume.WebhookMaxAttempts);
        Assert.Equal(8, Load(new() { ["PAUSE_RESUME_WEBHOOK_MAX_ATTEMPTS"] = "8" }).Options.PauseResume.WebhookMaxAttempts);
    }

    [Fact]
    public void MalformedJsonFileIsAnError()
    {
        File.WriteAllText(Path.Combine(_dir, "config.json"), "{ nope");
        var ex = Assert.Throws<ConfigurationException>(() => Load());
        Assert.StartsWith("config.json: malformed JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AuthWithoutKeyRefusesToStart()
    {
        var ex = Assert.Throws<ConfigurationException>(() => Load(new() { ["PAUSE_RESUME_REQUIRE_AUTH"] = "true" }));
        Assert.Contains("PAUSE_RESUME_API_KEY", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ListsSplitOnCommas()
    {
        var result = Load(new()
        {
            ["PAUSE_RESUME_API_KEY"] = "a, b,c",
            ["PAUSE_RESUME_WEBHOOK_URLS"] = "http://127.0.0.1:9/x,https://example.com/hook",
        });
        Assert.Equal(["a", "b", "c"], result.Options.PauseResume.ApiKeys);
        Assert.Equal(2, result.Options.PauseResume.WebhookUrls.Count);
    }

    [Fact]
    public void JsonListsAreAccepted()
    {
        File.WriteAllText(Path.Combine(_dir, "config.json"), """{"pause_resume": {"api_key": ["k1", "k2"], "webhook_urls": ["http://127.0.0.1:1/h"]}}""");
        var p = Load().Options.PauseResume;
        Assert.Equal(["k1", "k2"], p.ApiKeys);
        Assert.Single(p.WebhookUrls);
    }

    [Fact]
    public void RtpRangeMustBeOrdered()
    {
        var ex = Assert.Throws<ConfigurationException>(() => Load(new() { ["RTP_PORT_MIN"] = "30000" }));
        Assert.Contains("RTP_PORT_MIN", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DotEnvParsingHandlesQuotesCommentsAndErrors()
    {
        var values = DotEnvFile.Parse("A=1\n# c\n\nB='two words'\nC=x # trailing\n", ".env");
        Assert.Equal("1", values["A"]);
        Assert.Equal("two words", values["B"]);
        Assert.Equal("x", values["C"]);
        var ex = Assert.Throws<ConfigurationException>(() => DotEnvFile.Parse("A=1\nbroken\n", ".env"));
        Assert.Equal(".env line 2: expected KEY=VALUE", ex.Message);
    }
}
