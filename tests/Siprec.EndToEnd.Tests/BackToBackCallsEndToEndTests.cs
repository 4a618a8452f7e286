using System.Net;
using System.Text.Json;
using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.RtpSender.Sending;

namespace Siprec.EndToEnd.Tests;

/// <summary>
/// Calls placed one right after another on one server, each INVITE sent as soon as the previous call's BYE is answered:
/// every call is recorded with its own audio on both streams, sent to the ports its own answer named.
/// </summary>
public sealed class BackToBackCallsEndToEndTests : IDisposable
{
    private const int Rate = AudioFixtures.SampleRate;
    private const int Calls = 3;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Audio = TimeSpan.FromSeconds(2);

    private readonly TestDirectory _directory = new("back-to-back");

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task EachOfThreeBackToBackCallsIsRecordedWithItsOwnAudioOnBothStreams()
    {
        await using var server = await ServerProcess.StartAsync(_directory);

        long recorded = 0;
        for (var i = 0; i < Calls; i++)
        {
            // A runner per call, as a test placing calls one by one writes it: the runs share the test directory.
            IReadOnlyList<IPEndPoint> sentTo = [];
            var call = await RecordedCall.RunAsync(server, new SippRunner(_directory), CallRun(server), ports =>
            {
                sentTo = ports;
                return new RtpSendPlan([new RtpStreamPlan(ports[0], AudioFixtures.Tone(440, Audio)), new RtpStreamPlan(ports[1], AudioFixtures.Tone(620, Audio))]);
            });

            var sidecar = File.ReadAllText(call.SidecarPath);
            Assert.Equal(call.Sipp.Logged("ANSWER_PORTS").Single(), string.Join(' ', sentTo.Select(p => p.Port)));
            using var document = JsonDocument.Parse(sidecar);
            var streams = document.RootElement.GetProperty("streams").EnumerateArray().ToArray();
            Assert.Equal(2, streams.Length);
            Assert.All(streams, s => Assert.True(s.GetProperty("packets_received").GetInt64() >= Audio.TotalMilliseconds / 20 * 0.9, $"call {i + 1}: {sidecar}"));
            recorded += streams.Sum(s => s.GetProperty("packets_received").GetInt64());
            for (var channel = 0; channel < 2; channel++)
            {
                var samples = call.Channel(channel);
                var silent = WavAnalysis.SilentSpans(samples, Rate, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20)).Sum(s => s.Duration.TotalSeconds);
                var sounding = ((double)samples.Length / Rate) - silent;
                Assert.True(sounding >= Audio.TotalSeconds * 0.9, $"call {i + 1}, channel {channel}: {sounding:F2} s of tone recorded of {Audio.TotalSeconds} s sent\n{sidecar}");
            }
        }

        // Every packet the server accepted belongs to one of these calls' recordings: none went to a stale receiver.
        await ServerProbe.WaitForMetricAsync(server, "siprec_rtp_packets_total", v => v == recorded, Bound, "the packets counted in /metrics are the ones recorded");
    }

    public void Dispose() => _directory.Dispose();

    private static SippRun CallRun(ServerProcess server) =>
        new(SippRun.ScenarioPath(SippScenarios.Call), server.SipPort, server.SippPort)
        {
            CallDuration = Audio + TimeSpan.FromSeconds(1),
            Timeout = Bound,
            MediaPort = server.SippMediaPort,
        };
}
