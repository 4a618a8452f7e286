using System.Diagnostics;
using System.Text.Json;
using Siprec.EndToEnd.Tests.Infrastructure;

namespace Siprec.EndToEnd.Tests;

/// <summary>Pause and resume sent to another node of a cluster than the one recording the call.</summary>
public sealed partial class PauseResumeEndToEndTests
{
    private static readonly TimeSpan ClusterPauseAt = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ClusterResumeAt = TimeSpan.FromSeconds(7);
    private static readonly TimeSpan ClusterByeAt = TimeSpan.FromSeconds(9);

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task PauseAndResumeSentToAnotherNodeLeaveTheGapInTheOwnersRecordingWhereTheyWereSent()
    {
        var environment = new Dictionary<string, string>
        {
            ["PAUSE_BEHAVIOR"] = "silence",
            ["PAUSE_RESUME_REQUIRE_AUTH"] = "true",
            ["PAUSE_RESUME_API_KEY"] = ApiKey,
        };
        await using var cluster = await TestCluster.StartAsync("cluster-pause", environment, "a", "c");
        var owner = cluster["a"];
        var pause = new Interval(TimeSpan.Zero, TimeSpan.Zero);
        var resume = pause;
        var call = await RecordedCall.RunAsync(owner, _runner, CallRun(owner, ClusterByeAt), ports => Plan(ports, Tones), async callId =>
        {
            var clock = Stopwatch.StartNew();
            await DelayUntilAsync(clock, ClusterPauseAt);
            var from = clock.Elapsed;
            var (pausedStatus, paused) = await cluster.CallAsync("c", HttpMethod.Post, $"/api/sessions/{Uri.EscapeDataString(callId)}/pause", ApiKey);
            pause = new Interval(from, clock.Elapsed);
            Assert.True(pausedStatus == 200, paused.RootElement.ToString());
            Assert.Equal("a", paused.RootElement.GetProperty("node").GetString());
            Assert.Equal("silence", paused.RootElement.GetProperty("pause_behavior").GetString());

            var (_, listed) = await cluster.CallAsync("c", HttpMethod.Get, "/api/sessions", ApiKey);
            var session = Assert.Single(listed.RootElement.GetProperty("sessions").EnumerateArray());
            Assert.Equal("a", session.GetProperty("node").GetString());
            Assert.True(session.GetProperty("pause_status").GetProperty("is_paused").GetBoolean());

            await DelayUntilAsync(clock, ClusterResumeAt);
            from = clock.Elapsed;
            var (resumedStatus, resumed) = await cluster.CallAsync("c", HttpMethod.Post, $"/api/sessions/{Uri.EscapeDataString(callId)}/resume", ApiKey);
            resume = new Interval(from, clock.Elapsed);
            Assert.True(resumedStatus == 200, resumed.RootElement.ToString());
            Assert.False(resumed.RootElement.GetProperty("is_paused").GetBoolean());
        });

        for (var channel = 0; channel < 2; channel++)
        {
            var samples = call.Channel(channel);
            var seconds = Tones[channel].ReadSeconds(samples, Window);
            var sound = FirstSound(seconds, channel);
            var offset = SourceOffset(seconds, channel);
            var run = Assert.Single(WavAnalysis.ZeroRuns(samples.AsSpan(Samples(sound)), Rate, Window));
            var (start, end) = (sound + run.Start, sound + run.End);
            AssertWithin(start - offset, pause.From - EdgeTolerance, pause.To + EdgeTolerance, $"channel {channel}: source time where digital silence starts");
            AssertWithin(end - offset, resume.From - EdgeTolerance, resume.To + EdgeTolerance, $"channel {channel}: source time where digital silence ends");
        }
    }
}
