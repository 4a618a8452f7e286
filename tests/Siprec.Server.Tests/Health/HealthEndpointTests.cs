using Siprec.Server.Tests.Support;

namespace Siprec.Server.Tests.Health;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task LiveReadyAndSummary()
    {
        await using var server = await RunningServer.StartAsync();
        Assert.Equal(200, (await server.GetAsync("/health/live")).Status);
        Assert.Equal(200, (await server.GetAsync("/health/ready")).Status);
        server.Clock.Advance(TimeSpan.FromSeconds(65));
        var (status, json, _) = await server.GetAsync("/health");
        Assert.Equal(200, status);
        Assert.Equal("ok", json.GetProperty("status").GetString());
        Assert.Equal("1m5s", json.GetProperty("uptime").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("version").GetString()));
        Assert.Equal("ok", json.GetProperty("checks").GetProperty("recording_dir").GetProperty("status").GetString());
        Assert.Equal("ok", json.GetProperty("checks").GetProperty("sessions").GetProperty("status").GetString());
    }

    [Fact]
    public async Task FullSessionTableMakesReadyFail()
    {
        await using var server = await RunningServer.StartAsync(o => o.Recording.MaxSessions = 1);
        server.AddSession("s1");
        Assert.Equal(503, (await server.GetAsync("/health/ready")).Status);
        var (_, json, _) = await server.GetAsync("/health");
        Assert.Equal("failed", json.GetProperty("checks").GetProperty("sessions").GetProperty("status").GetString());
    }
}
