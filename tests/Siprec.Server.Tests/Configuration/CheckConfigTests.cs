using Siprec.Server.Tests.Support;

namespace Siprec.Server.Tests.Configuration;

public sealed class CheckConfigTests
{
    private static readonly string ServerDll = Path.Combine(AppContext.BaseDirectory, "siprec.dll");

    [Fact]
    public async Task PrintsEverySettingWithSourceAndRedactsSecrets()
    {
        var dir = Directory.CreateTempSubdirectory("siprec-check-").FullName;
        await File.WriteAllTextAsync(Path.Combine(dir, "config.json"), """{"sip": {"port": 5070, "colour": "blue"}, "http": {"port": 9090}}""");
        await File.WriteAllTextAsync(Path.Combine(dir, ".env"), "HTTP_PORT=9191\n");
        var env = new Dictionary<string, string>
        {
            ["PAUSE_RESUME_API_KEY"] = "super-secret-key-1",
            ["PAUSE_RESUME_REQUIRE_AUTH"] = "true",
            ["LOG_LEVEL"] = "debug",
        };

        var (exit, stdout, stderr) = await ExternalCommand.RunAsync("dotnet", [ServerDll, "--check-config"], env, dir);

        Assert.True(exit == 0, stderr);
        Assert.DoesNotContain("super-secret-key-1", stdout, StringComparison.Ordinal);
        var lines = stdout.Split('\n');
        Assert.Matches(@"^PAUSE_RESUME_API_KEY\s+pause_resume\.api_key\s+env\s+\(redacted\)", Line(lines, "PAUSE_RESUME_API_KEY"));
        Assert.Matches(@"^SIP_PORT\s+sip\.port\s+json\s+5070", Line(lines, "SIP_PORT"));
        Assert.Matches(@"^HTTP_PORT\s+http\.port\s+\.env\s+9191", Line(lines, "HTTP_PORT"));
        Assert.Matches(@"^LOG_LEVEL\s+logging\.level\s+env\s+debug", Line(lines, "LOG_LEVEL"));
        Assert.Matches(@"^SHUTDOWN_DRAIN_TIMEOUT\s+shutdown\.drain_timeout\s+default\s+30s", Line(lines, "SHUTDOWN_DRAIN_TIMEOUT"));
        Assert.Matches(@"^DEEPGRAM_API_KEY\s+\S+\s+default\s+\(empty\)", Line(lines, "DEEPGRAM_API_KEY"));
        Assert.Contains("warning: unknown configuration key 'sip.colour' in config.json", stdout, StringComparison.Ordinal);
        Assert.Contains("configuration OK", stdout, StringComparison.Ordinal);
        Assert.Equal("recording directory: " + Path.Combine(dir, "recordings"), Line(lines, "recording directory:").TrimEnd());
        foreach (var key in Siprec.Server.Configuration.ConfigurationKeys.All)
        {
            Line(lines, key.EnvName);
        }
    }

    [Theory]
    [InlineData("SIP_PORT", "70000")]
    [InlineData("HEALTH_MIN_FREE_DISK", "a lot")]
    [InlineData("SHUTDOWN_DRAIN_TIMEOUT", "soon")]
    public async Task InvalidValueExitsTwoNamingTheKey(string key, string value)
    {
        var dir = Directory.CreateTempSubdirectory("siprec-check-").FullName;
        var (exit, _, stderr) = await ExternalCommand.RunAsync("dotnet", [ServerDll, "--check-config"], new Dictionary<string, string> { [key] = value }, dir);
        Assert.Equal(2, exit);
        Assert.Contains(key, stderr, StringComparison.Ordinal);
    }

    private static string Line(string[] lines, string env) =>
        Assert.Single(lines, l => l.StartsWith(env + " ", StringComparison.Ordinal));
}
