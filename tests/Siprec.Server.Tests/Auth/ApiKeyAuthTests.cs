using Siprec.Server.Auth;
using Siprec.Server.Tests.Support;

namespace Siprec.Server.Tests.Auth;

public sealed class ApiKeyAuthTests
{
    [Theory]
    [InlineData(null, 401, "missing API key (X-API-Key header)")]
    [InlineData("wrong-key", 401, "invalid API key")]
    [InlineData("old-key", 200, null)]
    [InlineData("new-key", 200, null)]
    public async Task RequiredKeyIsChecked(string? key, int expected, string? error)
    {
        await using var server = await RunningServer.StartAsync(o =>
        {
            o.PauseResume.RequireAuth = true;
            o.PauseResume.ApiKeys = ["old-key", "new-key"];
        });
        var session = server.AddSession("s1");
        foreach (var (method, path) in new[] { ("GET", "/api/sessions/s1/pause-status"), ("GET", "/api/sessions/pause-status"), ("GET", "/api/sessions"), ("POST", "/api/sessions/s1/pause") })
        {
            var (status, json, _) = await server.SendAsync(new HttpMethod(method), path, apiKey: key);
            Assert.Equal(expected, status);
            if (error is not null)
            {
                Assert.Equal(error, json.GetProperty("error").GetString());
                Assert.Equal(401, json.GetProperty("code").GetInt32());
            }
        }

        Assert.Equal(expected == 200, session.Pause.Snapshot.IsPaused);
        Assert.DoesNotContain(server.Logs.Lines, l => l.Contains("old-key", StringComparison.Ordinal) || l.Contains("new-key", StringComparison.Ordinal) || l.Contains("wrong-key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AuthOffAcceptsAnyOrNoKey()
    {
        await using var server = await RunningServer.StartAsync();
        server.AddSession("s1");
        Assert.Equal(200, (await server.PostAsync("/api/sessions/s1/pause")).Status);
        Assert.Equal(200, (await server.SendAsync(HttpMethod.Get, "/api/sessions/s1/pause-status", apiKey: "anything")).Status);
    }

    [Fact]
    public async Task HealthAndMetricsNeedNoKey()
    {
        await using var server = await RunningServer.StartAsync(o =>
        {
            o.PauseResume.RequireAuth = true;
            o.PauseResume.ApiKeys = ["k"];
        });
        Assert.Equal(200, (await server.GetAsync("/health/live")).Status);
        var metrics = await server.Client.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, metrics.StatusCode);
    }

    [Fact]
    public void KeyIdIsShortStableHashAndNeverTheKey()
    {
        var auth = new ApiKeyAuthenticator(true, ["secret-one", "secret-two"]);
        Assert.True(auth.TryAuthenticate("secret-two", out var id));
        Assert.Equal(ApiKeyAuthenticator.KeyIdOf("secret-two"), id);
        Assert.Matches("^key-[0-9a-f]{8}$", id);
        Assert.NotEqual(ApiKeyAuthenticator.KeyIdOf("secret-one"), id);
        Assert.False(auth.TryAuthenticate("secret-on", out var none));
        Assert.Equal(ApiKeyAuthenticator.AnonymousKeyId, none);
    }

    [Fact]
    public void RequiredAuthWithoutKeyRefusesToBuild()
    {
        var options = new Siprec.Server.Configuration.SiprecOptions();
        options.PauseResume.RequireAuth = true;
        var ex = Assert.Throws<Siprec.Server.Configuration.ConfigurationException>(() => Siprec.Server.Hosting.SiprecServerHost.Build(options, TimeProvider.System));
        Assert.Contains("PAUSE_RESUME_API_KEY", ex.Message, StringComparison.Ordinal);
    }
}
