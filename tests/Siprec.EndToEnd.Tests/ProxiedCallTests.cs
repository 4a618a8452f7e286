using System.Globalization;
using System.Text.Json;
using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.RtpSender.Sending;

namespace Siprec.EndToEnd.Tests;

/// <summary>
/// Calls through a real Kamailio that record-routes, in front of the built server: SIPp sends to the proxy, every
/// in-dialog request from either side must follow the route set through it, and the recording must be whole.
/// </summary>
public sealed class ProxiedCallTests : IDisposable
{
    private const int Rate = AudioFixtures.SampleRate;
    private const string PauseResumeScenario = "uac-siprec-proxied-pause-resume.xml";
    private const string RecorderByeScenario = "uac-siprec-proxied-server-bye.xml";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(20);

    // Longer than a busy host takes to pass a packet or a SIP round trip, far shorter than the pause or the audio.
    private static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(250);

    private readonly TestDirectory _directory = new("proxied");

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task SrcPauseReInviteAndByeFollowTheRouteSetThroughKamailioAndTheRecordingIsWhole()
    {
        var options = new ServerProcessOptions { Environment = new Dictionary<string, string> { ["PAUSE_BEHAVIOR"] = "silence" } };
        await using var server = await ServerProcess.StartAsync(_directory, options);
        await using var proxy = await KamailioProxy.StartAsync(_directory, server.SipPort);
        var active = TimeSpan.FromSeconds(2);
        var pause = TimeSpan.FromSeconds(3);
        var run = new SippRun(SippRun.ScenarioPath(PauseResumeScenario), proxy.Port, server.SippPort)
        {
            CallDuration = active,
            Timeout = Bound,
            MediaPort = server.SippMediaPort,
            Variables = new Dictionary<string, string> { ["pause_ms"] = ((int)pause.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) },
        };
        // The SRC sends through the pause until its BYE, so any gap but the pause is the recorder's.
        var sending = active + pause + active;

        var call = await RecordedCall.RunAsync(server, new SippRunner(_directory), run, ports =>
            new RtpSendPlan([
                new RtpStreamPlan(ports[0], AudioFixtures.Tone(440, sending)) { StopAfter = sending },
                new RtpStreamPlan(ports[1], AudioFixtures.Tone(620, sending)) { StopAfter = sending },
            ]));

        Assert.Contains($"<sip:127.0.0.1:{proxy.Port};lr", Assert.Single(call.Sipp.Logged("RECORD_ROUTE")), StringComparison.Ordinal);
        Assert.Equal(["INVITE", "ACK", "INVITE", "ACK", "INVITE", "ACK", "BYE"], RoutedFrom(proxy, server.SippPort));
        Assert.Equal("bye", EndReason(call));
        var callDuration = call.Between("ANSWERED_AT", "ENDED_AT");
        // Nothing of the call is missing; the pause's silence is measured on the server's clock, so the file may run a little long.
        Assert.InRange(call.Recording.Duration, callDuration - TimeSpan.FromMilliseconds(40), callDuration + Gap);
        var pausedAt = call.Between("ANSWERED_AT", "PAUSED_AT");
        var pausedFor = call.Between("PAUSED_AT", "RESUMED_AT");
        for (var channel = 0; channel < 2; channel++)
        {
            var spans = WavAnalysis.SilentSpans(call.Channel(channel), Rate, Window, Gap);
            Assert.True(spans.Count == 1, $"channel {channel}: silent spans {string.Join(", ", spans)}; pause {pausedAt} for {pausedFor}");
            // Each edge of the pause lies where its re-INVITE passed, give or take two more hops on a busy host.
            var span = spans[0];
            Assert.InRange(span.Start, pausedAt - Gap, pausedAt + Gap);
            Assert.InRange(span.Duration, pausedFor - Gap, pausedFor + Gap);
        }
    }

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task RecorderByeOnRtpTimeoutReachesTheSrcThroughKamailioAndTheRecordingIsWhole()
    {
        var options = new ServerProcessOptions { Environment = new Dictionary<string, string> { ["RTP_TIMEOUT"] = "2s" } };
        await using var server = await ServerProcess.StartAsync(_directory, options);
        await using var proxy = await KamailioProxy.StartAsync(_directory, server.SipPort);
        var sending = TimeSpan.FromSeconds(3);
        var run = new SippRun(SippRun.ScenarioPath(RecorderByeScenario), proxy.Port, server.SippPort)
        {
            Timeout = Bound,
            MediaPort = server.SippMediaPort,
        };

        var call = await RecordedCall.RunAsync(server, new SippRunner(_directory), run, ports =>
            new RtpSendPlan([
                new RtpStreamPlan(ports[0], AudioFixtures.Tone(440, sending)),
                new RtpStreamPlan(ports[1], AudioFixtures.Tone(620, sending)),
            ]));

        Assert.Contains($"<sip:127.0.0.1:{proxy.Port};lr", Assert.Single(call.Sipp.Logged("RECORD_ROUTE")), StringComparison.Ordinal);
        Assert.Equal(["INVITE", "ACK"], RoutedFrom(proxy, server.SippPort));
        Assert.Equal(["BYE"], RoutedFrom(proxy, server.SipPort));
        // The SRC's answer finds its way back by the Via the recorder put on its BYE.
        Assert.Contains($"200 BYE from 127.0.0.1:{server.SippPort.ToString(CultureInfo.InvariantCulture)}", proxy.RelayedReplies());
        Assert.Equal("rtp_timeout", EndReason(call));
        for (var channel = 0; channel < 2; channel++)
        {
            var samples = call.Channel(channel);
            var heard = WavAnalysis.WindowRms(samples, Rate, Window).Count(rms => rms > 1000) * Window;
            Assert.InRange(heard, sending - Gap, sending + Window);
            var first = Array.FindIndex(samples, s => s != 0);
            var toneEnd = Math.Min(samples.Length, first + (int)(sending.TotalSeconds * Rate) - (int)(Gap.TotalSeconds * Rate));
            var gaps = WavAnalysis.SilentSpans(samples.AsSpan(first, toneEnd - first), Rate, Window, Window * 3);
            Assert.True(gaps.Count == 0, $"channel {channel}: silent gaps in the tone: {string.Join(", ", gaps)}");
        }
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>The methods the proxy routed from 127.0.0.1:<paramref name="port"/>, a retransmission counted once.</summary>
    private static string[] RoutedFrom(KamailioProxy proxy, int port)
    {
        var from = $" from 127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        var methods = proxy.RoutedRequests().Where(r => r.EndsWith(from, StringComparison.Ordinal)).Select(r => r[..r.IndexOf(' ', StringComparison.Ordinal)]).ToList();
        return methods.Where((method, i) => i == 0 || method != methods[i - 1]).ToArray();
    }

    private static string? EndReason(RecordedCall call)
    {
        using var sidecar = JsonDocument.Parse(File.ReadAllText(call.SidecarPath));
        return sidecar.RootElement.GetProperty("end_reason").GetString();
    }
}
