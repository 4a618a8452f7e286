using System.Globalization;
using Siprec.EndToEnd.Tests.Infrastructure;

namespace Siprec.EndToEnd.Tests;

/// <summary>SIP behaviour of the built server, driven by SIPp over UDP and TCP on 127.0.0.1.</summary>
public sealed class SipSignallingTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly TestDirectory _directory = new("sip");

    [IntegrationTheory]
    [Trait("Requires", "Integration")]
    [InlineData(SippTransport.Udp)]
    [InlineData(SippTransport.Tcp)]
    public async Task RecordingSessionWithTwoLabelledStreamsIsAnsweredAndEnded(SippTransport transport)
    {
        await using var server = await ServerProcess.StartAsync(_directory);

        var result = await Run(server, SippScenarios.Call, transport);

        Assert.True(result.AllCallsSucceeded, Failure(result, server));
        var ports = result.Logged("ANSWER_PORTS").Single().Split(' ').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(2, ports.Distinct().Count());
        Assert.All(ports, p => Assert.InRange(p, server.RtpPortMin, server.RtpPortMax));
    }

    [IntegrationTheory]
    [Trait("Requires", "Integration")]
    [InlineData(SippTransport.Udp)]
    [InlineData(SippTransport.Tcp)]
    public async Task ReInviteInactiveThenSendonlyIsAccepted(SippTransport transport)
    {
        await using var server = await ServerProcess.StartAsync(_directory);

        var result = await Run(server, SippScenarios.PauseResume, transport, variables: new() { ["pause_ms"] = "1000" });

        Assert.True(result.AllCallsSucceeded, Failure(result, server));
    }

    [IntegrationTheory]
    [Trait("Requires", "Integration")]
    [InlineData(SippTransport.Udp)]
    [InlineData(SippTransport.Tcp)]
    public async Task MetadataOnlyUpdateIsAccepted(SippTransport transport)
    {
        await using var server = await ServerProcess.StartAsync(_directory);

        var result = await Run(server, SippScenarios.MetadataUpdate, transport);

        Assert.True(result.AllCallsSucceeded, Failure(result, server));
    }

    [IntegrationTheory]
    [Trait("Requires", "Integration")]
    [InlineData(SippTransport.Udp)]
    [InlineData(SippTransport.Tcp)]
    public async Task CancelBeforeAnswerEndsTheInviteOrTheCallIsClearedByBye(SippTransport transport)
    {
        await using var server = await ServerProcess.StartAsync(_directory);

        var result = await Run(server, SippScenarios.Cancel, transport, tolerant: true);

        Assert.True(result.AllCallsSucceeded, Failure(result, server));
        Assert.Contains(Assert.Single(result.Logged("OUTCOME")), new[] { "cancelled", "answered" });
    }

    [IntegrationTheory]
    [Trait("Requires", "Integration")]
    [InlineData(SippTransport.Udp)]
    [InlineData(SippTransport.Tcp)]
    public async Task OptionsIsAnsweredWithCapabilities(SippTransport transport)
    {
        await using var server = await ServerProcess.StartAsync(_directory);

        var result = await Run(server, SippScenarios.Options, transport);

        Assert.True(result.AllCallsSucceeded, Failure(result, server));
    }

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task RetransmittedInviteIsAnsweredIdentically()
    {
        await using var server = await ServerProcess.StartAsync(_directory);

        var result = await Run(server, SippScenarios.Retransmit, SippTransport.Udp, tolerant: true);

        Assert.True(result.AllCallsSucceeded, Failure(result, server));
        var answers = result.ReceivedResponses(200, "INVITE");
        Assert.NotEmpty(answers);
        Assert.Single(answers.Select(SippResult.ToTag).Distinct());
        Assert.Single(answers.Select(SippResult.Body).Distinct());
        // One transaction, one session: never a second recording for the copy.
        Assert.InRange(server.Recordings().Count, 0, 1);
    }

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task HundredConcurrentRecordingSessionsAllSucceed()
    {
        await using var server = await ServerProcess.StartAsync(_directory, new ServerProcessOptions { RtpPortCount = 800 });
        var runner = new SippRunner(_directory);

        var result = await runner.RunAsync(new SippRun(SippRun.ScenarioPath(SippScenarios.Load), server.SipPort, server.SippPort)
        {
            Calls = 100,
            ConcurrentCalls = 100,
            CallRate = 50,
            CallDuration = TimeSpan.FromSeconds(5),
            Timeout = TimeSpan.FromSeconds(60),
            MediaPort = server.SippMediaPort,
        });

        Assert.True(result.AllCallsSucceeded, Failure(result, server));
        Assert.False(server.HasExited);
    }

    [IntegrationTheory]
    [Trait("Requires", "Integration")]
    [InlineData(SippTransport.Udp)]
    [InlineData(SippTransport.Tcp)]
    public async Task MalformedInviteGets400AndTheServerKeepsServing(SippTransport transport)
    {
        await using var server = await ServerProcess.StartAsync(_directory);

        var rejected = await Run(server, SippScenarios.MalformedInvite, transport);
        var call = await Run(server, SippScenarios.Call, transport);

        Assert.True(rejected.AllCallsSucceeded, Failure(rejected, server));
        Assert.True(call.AllCallsSucceeded, Failure(call, server));
        Assert.False(server.HasExited);
    }

    public void Dispose() => _directory.Dispose();

    private async Task<SippResult> Run(ServerProcess server, string scenario, SippTransport transport, bool tolerant = false, Dictionary<string, string>? variables = null) =>
        await new SippRunner(_directory).RunAsync(new SippRun(SippRun.ScenarioPath(scenario), server.SipPort, server.SippPort)
        {
            Transport = transport,
            CallDuration = TimeSpan.FromSeconds(1),
            Timeout = Bound,
            MediaPort = server.SippMediaPort,
            Variables = variables ?? new Dictionary<string, string>(),
            ExtraArguments = tolerant ? SippScenarios.ToleratingUnexpectedMessages : [],
        });

    private static string Failure(SippResult result, ServerProcess server) => $"{result.Describe()}\n--- server log ---\n{server.LogTail()}";
}
