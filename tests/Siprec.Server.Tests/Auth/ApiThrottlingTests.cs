using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Siprec.Server.Tests.Support;

namespace Siprec.Server.Tests.Auth;

public sealed class ApiThrottlingTests
{
    [Fact]
    public async Task ElevenWrongKeysBlockTheAddressEvenForTheRightKeyUntilTheWindowPasses()
    {
        await using var server = await RunningServer.StartAsync(o =>
        {
            o.PauseResume.RequireAuth = true;
            o.PauseResume.ApiKeys = ["right-key"];
        });
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(401, (await server.GetAsync("/api/sessions", "wrong-key-" + i)).Status);
        }

        var (status, body, response) = await server.GetAsync("/api/sessions", "wrong-key-10");
        Assert.Equal(429, status);
        Assert.Equal(429, body.GetProperty("code").GetInt32());
        Assert.Equal(TimeSpan.FromMinutes(1), response.Headers.RetryAfter!.Delta);

        server.Clock.Advance(TimeSpan.FromSeconds(45));
        (status, _, response) = await server.GetAsync("/api/sessions", "right-key");
        Assert.Equal(429, status);
        Assert.Equal(TimeSpan.FromSeconds(15), response.Headers.RetryAfter!.Delta);
        Assert.Equal(200, (await server.GetAsync("/health/live")).Status);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await server.Client.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);

        server.Clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(200, (await server.GetAsync("/api/sessions", "right-key")).Status);
        Assert.Equal(401, (await server.GetAsync("/api/sessions", "wrong-key-11")).Status);

        var warnings = server.Logs.Lines.Where(l => l.Contains("API requests throttled", StringComparison.Ordinal)).ToList();
        Assert.Single(warnings);
        Assert.Contains("127.0.0.1", warnings[0], StringComparison.Ordinal);

        var metrics = await server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("siprec_api_auth_failures_total{reason=\"invalid_key\"} 11", metrics, StringComparison.Ordinal);
        Assert.Contains("siprec_api_throttled_total{reason=\"auth_failures\"} 2", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DenialsReachTheAuditTrailWithoutTheKey()
    {
        var keysFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(keysFile, """[{"id": "ops-reader", "key": "reader-secret", "scopes": ["read"]}]""");
        await using var server = await RunningServer.StartAsync(o =>
        {
            o.PauseResume.RequireAuth = true;
            o.PauseResume.ApiKeysFile = keysFile;
            o.PauseResume.AuthFailureLimit = 2;
        });
        File.Delete(keysFile);
        Assert.Equal(401, (await server.GetAsync("/api/sessions")).Status);
        Assert.Equal(403, (await server.PostAsync("/api/sessions/pause-all", "{}", "reader-secret")).Status);
        Assert.Equal(401, (await server.GetAsync("/api/sessions?api_key=guessed-secret", "guessed-secret")).Status);
        Assert.Equal(429, (await server.GetAsync("/api/sessions", "reader-secret")).Status);

        var path = Path.Combine(server.Options.Recording.Directory, "audit", "pause-audit.jsonl");
        var lines = await WaitForLinesAsync(path, 4);
        var denials = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(denials, d => Assert.Equal("api.denied", d.GetProperty("event").GetString()));
        Assert.All(denials, d => Assert.Equal("127.0.0.1", d.GetProperty("source_address").GetString()));
        Assert.All(denials, d => Assert.Equal("/api/sessions" + (d.GetProperty("method").GetString() == "POST" ? "/pause-all" : string.Empty), d.GetProperty("route").GetString()));
        Assert.Equal([401, 403, 401, 429], denials.Select(d => d.GetProperty("status").GetInt32()));
        Assert.Equal(["missing_key", "missing_scope", "invalid_key", "auth_failures"], denials.Select(d => d.GetProperty("reason").GetString()));
        Assert.Equal("ops-reader", denials[1].GetProperty("who").GetString());
        Assert.Equal(RunningServer.Start, denials[0].GetProperty("timestamp").GetDateTimeOffset());
        var text = string.Join('\n', lines);
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HashedKeyIsAcceptedAndTheFileHoldsNoSecret()
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("hashed-secret")));
        var keysFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(keysFile, $$"""[{"id": "pauser", "key_sha256": "{{hash}}", "scopes": ["pause", "read"]}]""");
        await using var server = await RunningServer.StartAsync(o =>
        {
            o.PauseResume.RequireAuth = true;
            o.PauseResume.ApiKeysFile = keysFile;
        });
        File.Delete(keysFile);
        var session = server.AddSession("s1");
        Assert.Equal(401, (await server.PostAsync("/api/sessions/s1/pause", "{}", hash)).Status);
        Assert.Equal(200, (await server.PostAsync("/api/sessions/s1/pause", "{}", "hashed-secret")).Status);
        Assert.True(session.Pause.Snapshot.IsPaused);
        Assert.Equal(403, (await server.PostAsync("/api/sessions/pause-all", "{}", "hashed-secret")).Status);
    }

    [Fact]
    public async Task PerKeyRateLimitAnswers429WithRetryAfter()
    {
        await using var server = await RunningServer.StartAsync(o =>
        {
            o.PauseResume.RequireAuth = true;
            o.PauseResume.ApiKeys = ["busy-key", "quiet-key"];
            o.PauseResume.RateLimit = 2;
        });
        var statuses = new List<int>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 10 && limited is null; i++)
        {
            var (status, _, response) = await server.GetAsync("/api/sessions", "busy-key");
            statuses.Add(status);
            limited = status == 429 ? response : null;
        }

        Assert.NotNull(limited);
        Assert.True(limited.Headers.RetryAfter!.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal(200, (await server.GetAsync("/api/sessions", "quiet-key")).Status);
        Assert.Equal(200, (await server.GetAsync("/health/live")).Status);

        // The bucket refills on the real clock (the framework's limiter has no injectable one): the key recovers.
        var recovered = false;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!recovered && DateTime.UtcNow < deadline)
        {
            await Task.Delay(limited.Headers.RetryAfter.Delta!.Value);
            recovered = (await server.GetAsync("/api/sessions", "busy-key")).Status == 200;
        }

        Assert.True(recovered);
        Assert.Contains(server.Logs.Lines, l => l.Contains("API requests throttled (rate_limit) for key key-", StringComparison.Ordinal));
        var metrics = await server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("siprec_api_throttled_total{reason=\"rate_limit\"}", metrics, StringComparison.Ordinal);
    }

    private static async Task<List<string>> WaitForLinesAsync(string path, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var lines = File.Exists(path) ? (await File.ReadAllLinesAsync(path)).Where(l => l.Length > 0).ToList() : [];
            if (lines.Count >= count || DateTime.UtcNow > deadline)
            {
                return lines;
            }

            await Task.Delay(50);
        }
    }
}
