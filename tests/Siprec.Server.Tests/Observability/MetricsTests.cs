using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Siprec.Recording.Control;
using Siprec.Server.Tests.Support;

namespace Siprec.Server.Tests.Observability;

public sealed class MetricsTests
{
    [Fact]
    public async Task PauseMetricsUseTheSpecNamesWithoutSessionLabelByDefault()
    {
        await using var server = await RunningServer.StartAsync();
        server.AddSession("session-123");
        server.AddSession("session-456");
        await server.PostAsync("/api/sessions/session-123/pause", """{"pause_recording": true, "pause_transcription": true}""");
        await server.PostAsync("/api/sessions/session-456/pause", """{"pause_recording": true, "pause_transcription": false}""");
        var during = await server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("siprec_sessions_currently_paused 2", during, StringComparison.Ordinal);
        server.Clock.Advance(TimeSpan.FromSeconds(90));
        await server.PostAsync("/api/sessions/session-123/resume");

        var text = await server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("siprec_sessions_paused_total{pause_type=\"both\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("siprec_sessions_paused_total{pause_type=\"recording\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("siprec_sessions_resumed_total 1", text, StringComparison.Ordinal);
        Assert.Contains("siprec_session_pause_duration_seconds_sum{pause_type=\"both\"} 90", text, StringComparison.Ordinal);
        Assert.Contains("siprec_session_pause_duration_seconds_count{pause_type=\"both\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("siprec_sessions_currently_paused 1", text, StringComparison.Ordinal);
        Assert.Contains("siprec_pause_limit_exceeded_total 0", text, StringComparison.Ordinal);
        Assert.DoesNotContain("session_id=", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DtmfPolicyPausesAreCountedByPolicyAndStatusShowsThem()
    {
        await using var server = await RunningServer.StartAsync();
        var session = server.AddSession("s1");
        var pauses = server.App.Services.GetRequiredService<PauseResumeService>();

        pauses.StartPolicyPause(session, "dtmf", true, server.Clock.GetUtcNow());
        using var status = JsonDocument.Parse(await server.Client.GetStringAsync(new Uri("/api/sessions/s1/pause-status", UriKind.Relative)));
        pauses.EndPolicyPause(session, "dtmf", 16);

        Assert.True(status.RootElement.GetProperty("is_paused").GetBoolean());
        Assert.Equal("policy", status.RootElement.GetProperty("pause_source").GetString());
        Assert.Equal("dtmf", status.RootElement.GetProperty("reason").GetString());
        var text = await server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("siprec_policy_pauses_total{policy=\"dtmf\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("siprec_sessions_currently_paused 0", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdempotentRepeatIsNotCountedTwice()
    {
        await using var server = await RunningServer.StartAsync();
        server.AddSession("s1");
        await server.PostAsync("/api/sessions/s1/pause");
        await server.PostAsync("/api/sessions/s1/pause");
        var text = await server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("siprec_sessions_paused_total{pause_type=\"both\"} 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionLabelsAreOptIn()
    {
        await using var server = await RunningServer.StartAsync(o => o.Metrics.SessionLabels = true);
        server.AddSession("session-123");
        await server.PostAsync("/api/sessions/session-123/pause", """{"pause_recording": true, "pause_transcription": false}""");
        await server.PostAsync("/api/sessions/session-123/resume");
        var text = await server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("siprec_sessions_paused_total{session_id=\"session-123\",pause_type=\"recording\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("siprec_sessions_resumed_total{session_id=\"session-123\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("siprec_session_pause_duration_seconds_count{session_id=\"session-123\",pause_type=\"recording\"} 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sip_backlog_is_visible_and_idle_at_rest()
    {
        await using var server = await RunningServer.StartAsync();

        var text = await server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Contains("siprec_sip_queued_requests{queue=\"new\"} 0", text, StringComparison.Ordinal);
        Assert.Contains("siprec_sip_queued_requests{queue=\"in_dialog\"} 0", text, StringComparison.Ordinal);
        Assert.Contains("siprec_sip_queued_invites 0", text, StringComparison.Ordinal);
        Assert.Contains("siprec_sip_queue_oldest_seconds 0", text, StringComparison.Ordinal);
        Assert.Contains("siprec_sip_overloaded 0", text, StringComparison.Ordinal);
    }
}
