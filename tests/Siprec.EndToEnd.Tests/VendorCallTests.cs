using System.Text.Json;
using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.RtpSender.Sending;

namespace Siprec.EndToEnd.Tests;

/// <summary>
/// Each vendor's recording call as its SRC sends it (one SIPp scenario per vendor under Scenarios/vendors), recorded by
/// the default (lenient) server: two different voices played as RTP must land on their channels, and the sidecar must
/// name both participants the metadata ends up with.
/// </summary>
public sealed class VendorCallTests : IDisposable
{
    private const int Rate = AudioFixtures.SampleRate;
    private static readonly TimeSpan Voice = TimeSpan.FromSeconds(3);

    private readonly TestDirectory _directory = new("vendors");
    private readonly AudioFixtures _audio = new();

    public static TheoryData<string, string, string> Vendors => new()
    {
        { "avaya-sbce.xml", "sip:4001@sbce.example.com", "sip:+442071234567@carrier.example.net" },
        { "cisco-cube.xml", "sip:1001@cube.example.com", "sip:2002@pstn.example.com" },
        { "broadworks.xml", "sip:alice@as.example.com", "tel:+13125550123" },
        { "metaswitch.xml", "sip:+16175550100@ms.example.com", "sip:+16175550199@ms.example.com" },
        { "audiocodes.xml", "tel:+15551230001", "tel:+15559870002" },
        { "oracle-acme.xml", "sip:caller@oracle.example.com", "sip:callee@oracle.example.com" },
        { "ribbon-sonus.xml", "sip:2125550100@ribbon.example.com", "sip:2125550199@ribbon.example.com" },
        { "freeswitch.xml", "sip:1000@fs.example.org", "sip:1001@fs.example.org" },
        { "opensips.xml", "sip:caller@opensips.example.org", "sip:callee@opensips.example.org" },
    };

    [IntegrationTheory]
    [Trait("Requires", "Integration")]
    [MemberData(nameof(Vendors))]
    public async Task VendorCallIsRecordedWithEachVoiceOnItsChannelAndBothParticipants(string scenario, string firstAor, string secondAor)
    {
        await using var server = await ServerProcess.StartAsync(_directory);
        var first = _audio.Speech(SpeechSample.First)[..(int)(Rate * Voice.TotalSeconds)];
        var second = _audio.Speech(SpeechSample.Second)[..(int)(Rate * Voice.TotalSeconds)];
        var mixed = first.Zip(second, (a, b) => (short)((a + b) / 2)).ToArray();
        var run = new SippRun(SippRun.ScenarioPath(Path.Combine(SippScenarios.VendorsFolder, scenario)), server.SipPort, server.SippPort)
        {
            CallDuration = Voice + TimeSpan.FromSeconds(1),
            Timeout = TimeSpan.FromSeconds(60),
            MediaPort = server.SippMediaPort,
        };

        // One m-line carries the mixed call (Metaswitch); otherwise each voice has its own labelled stream.
        short[][] sent = [];
        var call = await RecordedCall.RunAsync(server, new SippRunner(_directory), run, ports =>
        {
            sent = ports.Count == 1 ? [mixed] : [first, second];
            return new RtpSendPlan(ports.Select((port, i) => new RtpStreamPlan(port, sent[i])).ToList());
        });

        Assert.Equal(sent.Length, call.Recording.Channels.Count);
        for (var channel = 0; channel < sent.Length; channel++)
        {
            var own = WavAnalysis.BestAlignment(call.Channel(channel), RoundTrip(sent[channel]), 0, Rate * 2);
            Assert.True(own.Correlation > 0.8, $"channel {channel + 1} vs what was sent to it: {own}");
            if (sent.Length == 2)
            {
                var other = WavAnalysis.BestAlignment(call.Channel(channel), RoundTrip(sent[1 - channel]), 0, Rate * 2);
                Assert.True(own.Correlation > other.Correlation + 0.3, $"channel {channel + 1} matches the other voice too well: {other}");
            }
        }

        using var sidecar = JsonDocument.Parse(await File.ReadAllTextAsync(call.SidecarPath));
        var participants = sidecar.RootElement.GetProperty("participants").EnumerateArray()
            .Select(p => (Aor: p.GetProperty("aor").GetString(), Channels: p.GetProperty("channels").EnumerateArray().Select(c => c.GetInt32()).ToList()))
            .ToList();
        Assert.Equal([firstAor, secondAor], participants.Select(p => p.Aor));
        var expectedChannels = sent.Length == 1 ? new[] { 1, 1 } : [1, 2];
        Assert.Equal(expectedChannels, participants.Select(p => Assert.Single(p.Channels)));
    }

    public void Dispose() => _directory.Dispose();

    private static short[] RoundTrip(short[] source) => WavAnalysis.G711RoundTrip(source, RtpPayloadCodec.Pcmu);
}
