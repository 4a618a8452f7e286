using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.RtpSender.Sending;

namespace Siprec.EndToEnd.Tests.Scenarios;

/// <summary>Runs each SRC scenario against a SIPp stand-in SRS, so the scenarios are known to be valid SIPp and to follow the intended flow.</summary>
public sealed class ScenarioSelfTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private readonly TestDirectory _directory = new("scenarios");

    public static TheoryData<string, string, SippTransport, int, bool> Flows => new()
    {
        { SippScenarios.Call, "uas-siprec.xml", SippTransport.Udp, 1, false },
        { SippScenarios.Call, "uas-siprec.xml", SippTransport.Tcp, 1, false },
        { SippScenarios.PlainSdp, "uas-siprec.xml", SippTransport.Udp, 1, false },
        { SippScenarios.Load, "uas-siprec.xml", SippTransport.Udp, 10, false },
        { SippScenarios.PauseResume, "uas-siprec-pause-resume.xml", SippTransport.Udp, 1, false },
        { SippScenarios.PauseResume, "uas-siprec-pause-resume.xml", SippTransport.Tcp, 1, false },
        { SippScenarios.MetadataUpdate, "uas-siprec-update.xml", SippTransport.Udp, 1, false },
        { SippScenarios.Cancel, "uas-siprec-cancel.xml", SippTransport.Udp, 1, true },
        { SippScenarios.Options, "uas-options.xml", SippTransport.Udp, 1, false },
        { SippScenarios.Retransmit, "uas-siprec.xml", SippTransport.Udp, 1, true },
        { SippScenarios.MalformedInvite, "uas-malformed.xml", SippTransport.Udp, 1, false },
    };

    [Theory]
    [MemberData(nameof(Flows))]
    public async Task ScenarioCompletesAgainstStandInSrs(string uac, string uas, SippTransport transport, int calls, bool tolerant)
    {
        Assert.True(SippRunner.IsInstalled(), "sipp (sip-tester) must be installed");
        using var ports = FreePorts.Lease(16);
        var runner = new SippRunner(_directory);
        await using var server = runner.Start(StandIn(uas, ports, transport, calls));
        await WaitUntilBoundAsync(ports[0], transport);

        var client = await runner.RunAsync(new SippRun(SippRun.ScenarioPath(uac), ports[0], ports[1])
        {
            Transport = transport,
            Calls = calls,
            ConcurrentCalls = calls,
            CallRate = 50,
            CallDuration = TimeSpan.FromMilliseconds(200),
            Timeout = Bound,
            MediaPort = ports[8],
            Variables = uac == SippScenarios.PauseResume ? new Dictionary<string, string> { ["pause_ms"] = "300" } : new Dictionary<string, string>(),
            ExtraArguments = tolerant ? SippScenarios.ToleratingUnexpectedMessages : [],
        });
        var standIn = await server.WaitForExitAsync();

        Assert.True(client.AllCallsSucceeded, client.Describe());
        Assert.True(standIn.AllCallsSucceeded, standIn.Describe());
        if (uac == SippScenarios.Retransmit)
        {
            var answers = client.ReceivedResponses(200, "INVITE");
            Assert.NotEmpty(answers);
            Assert.Single(answers.Select(SippResult.ToTag).Distinct());
            Assert.Contains("a=label:2", SippResult.Body(answers[0]), StringComparison.Ordinal);
            Assert.NotEqual(string.Empty, SippResult.ToTag(answers[0]));
        }
    }

    [Fact]
    public async Task CallLogsTheAnswerPortsSoRtpCanBeSentToThem()
    {
        using var ports = FreePorts.Lease(16);
        await using var leg1 = new UdpCapture(ports[2]);
        await using var leg2 = new UdpCapture(ports[4]);
        var runner = new SippRunner(_directory);
        await using var server = runner.Start(StandIn("uas-siprec.xml", ports, SippTransport.Udp, 1));
        await WaitUntilBoundAsync(ports[0], SippTransport.Udp);

        await using var client = runner.Start(new SippRun(SippRun.ScenarioPath(SippScenarios.Call), ports[0], ports[1])
        {
            CallDuration = TimeSpan.FromSeconds(2),
            Timeout = Bound,
            MediaPort = ports[8],
        });
        var answer = (await client.WaitForLogAsync("ANSWER_PORTS", Bound)).Split(' ');
        var tone = AudioFixtures.Tone(440, TimeSpan.FromMilliseconds(400));
        var plan = new RtpSendPlan(answer.Select(p => new RtpStreamPlan(new IPEndPoint(IPAddress.Loopback, int.Parse(p, CultureInfo.InvariantCulture)), tone)).ToArray());
        await new RtpStreamSender().SendAsync(plan);

        Assert.Equal([ports[2], ports[4]], answer.Select(p => int.Parse(p, CultureInfo.InvariantCulture)));
        Assert.True(await leg1.WaitForAsync(20, Bound));
        Assert.True(await leg2.WaitForAsync(20, Bound));
        var result = await client.WaitForExitAsync();
        Assert.True(result.AllCallsSucceeded, result.Describe());
        Assert.Equal(["0"], result.Logged("ANSWER_PT"));
        Assert.Matches("^c2lwcmVjAA[0-9]{10}$", Assert.Single(result.Logged("SESSION_ID")));
        Assert.True((await server.WaitForExitAsync()).AllCallsSucceeded);
    }

    public void Dispose() => _directory.Dispose();

    private static SippRun StandIn(string uas, PortLease ports, SippTransport transport, int calls) =>
        new(SippRun.ScenarioPath(Path.Combine("dev", uas)), 0, ports[0])
        {
            Transport = transport,
            Calls = calls,
            Timeout = Bound,
            MediaPort = ports[12],
            Keys = new Dictionary<string, string>
            {
                ["rtp_port_1"] = ports[2].ToString(CultureInfo.InvariantCulture),
                ["rtp_port_2"] = ports[4].ToString(CultureInfo.InvariantCulture),
            },
        };

    // Looks at the system's listener table instead of trying to bind the port: a probe bind could take the port
    // for a moment and make the stand-in's own bind fail.
    private static async Task WaitUntilBoundAsync(int port, SippTransport transport)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Bound)
        {
            var properties = System.Net.NetworkInformation.IPGlobalProperties.GetIPGlobalProperties();
            var listeners = transport == SippTransport.Tcp ? properties.GetActiveTcpListeners() : properties.GetActiveUdpListeners();
            if (listeners.Any(l => l.Port == port))
                return;
            await Task.Delay(20);
        }
        throw new TimeoutException($"the stand-in SRS did not bind port {port}");
    }
}
