using Siprec.Recording.Admission;
using Siprec.Recording.Srs;
using Siprec.Server.Configuration;
using Siprec.Server.Health;
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
    public async Task WithoutASpeechProviderTranscriptionIsOffAndNamesTheSettingThatTurnsItOn()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, json, _) = await server.GetAsync("/health");
        var transcription = json.GetProperty("transcription");
        Assert.False(transcription.GetProperty("enabled").GetBoolean());
        Assert.Equal("none", transcription.GetProperty("provider").GetString());
        var detail = transcription.GetProperty("detail").GetString();
        Assert.StartsWith("transcription is off: set STT_PROVIDER to one of deepgram, openai", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void WithASpeechProviderTranscriptionIsOnAndNamesIt()
    {
        var health = TranscriptionHealth.Of(new SttOptions { Provider = "deepgram" });
        Assert.True(health.Enabled);
        Assert.Equal("calls are transcribed by deepgram (STT_PROVIDER)", health.Detail);
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

    [Fact]
    public async Task SummaryReportsListenersPortsDiskSpeechAndSessions()
    {
        await using var server = await RunningServer.StartAsync(o => o.Rtp.PortMax = o.Rtp.PortMin + 99);
        var (status, json, _) = await server.GetAsync("/health");
        Assert.Equal(200, status);
        var checks = json.GetProperty("checks");
        foreach (var name in (string[])["sip", "draining", "rtp_ports", "recording_dir", "disk", "speech", "sessions"])
        {
            Assert.Equal("ok", checks.GetProperty(name).GetProperty("status").GetString());
        }

        Assert.StartsWith("udp 127.0.0.1:", checks.GetProperty("sip").GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("0 of 50 port pairs leased", checks.GetProperty("rtp_ports").GetProperty("detail").GetString());
        Assert.StartsWith("transcription is off", checks.GetProperty("speech").GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("bytes free of", checks.GetProperty("disk").GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DiskBelowThresholdFailsReadiness()
    {
        await using var server = await RunningServer.StartAsync(o => o.Health.MinFreeDisk = new DiskSpaceThreshold(null, 100));
        Assert.Equal(503, (await server.GetAsync("/health/ready")).Status);
        var (status, json, _) = await server.GetAsync("/health");
        Assert.Equal(503, status);
        Assert.Equal("degraded", json.GetProperty("status").GetString());
        Assert.Equal("failed", json.GetProperty("checks").GetProperty("disk").GetProperty("status").GetString());
    }

    [Fact]
    public async Task AFailedRecordingWriteFailsReadinessNamingWhyUntilTheDiskTakesWritesAgain()
    {
        await using var server = await RunningServer.StartAsync();
        server.Service<RecordingDiskGuard>().ReportWriteFailure("call-disk@src", new IOException("No space left on device"));

        Assert.Equal(503, (await server.GetAsync("/health/ready")).Status);
        var (_, json, _) = await server.GetAsync("/health");
        var disk = json.GetProperty("checks").GetProperty("disk");
        Assert.Equal("failed", disk.GetProperty("status").GetString());
        Assert.StartsWith("Recording Disk Write Failed: new calls are refused", disk.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var metrics = await server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("siprec_recording_write_failures_total 1", metrics, StringComparison.Ordinal);
        Assert.Contains("siprec_disk_refusing_calls 1", metrics, StringComparison.Ordinal);

        server.Clock.Advance(RecordingDiskGuard.RecheckInterval);
        Assert.Equal(200, (await server.GetAsync("/health/ready")).Status);
        metrics = await server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("siprec_disk_refusing_calls 0", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DrainingMakesReadyFailButLiveStaysUp()
    {
        await using var server = await RunningServer.StartAsync();
        server.Service<SrsUserAgent>().StartDraining();
        Assert.Equal(503, (await server.GetAsync("/health/ready")).Status);
        Assert.Equal(200, (await server.GetAsync("/health/live")).Status);
        var (_, json, _) = await server.GetAsync("/health");
        Assert.Equal("failed", json.GetProperty("checks").GetProperty("draining").GetProperty("status").GetString());
    }
}
