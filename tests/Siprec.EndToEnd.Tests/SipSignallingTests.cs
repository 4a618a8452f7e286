using System.Globalization;
using System.Text.RegularExpressions;
using Siprec.EndToEnd.Tests.Infrastructure;

namespace Siprec.EndToEnd.Tests;

/// <summary>SIP behaviour of the built server, driven by SIPp over UDP and TCP on 127.0.0.1.</summary>
public sealed partial class SipSignallingTests : IDisposable
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
        var answers = ReceivedMessages(result.MessageLog)
            .Where(m => m.StartsWith("SIP/2.0 200", StringComparison.Ordinal) && InviteCSeq().IsMatch(m))
            .ToArray();
        Assert.NotEmpty(answers);
        Assert.Single(answers.Select(a => ToTag().Match(a).Groups[1].Value).Distinct());
        Assert.Single(answers.Select(a => a[(a.IndexOf("\n\n", StringComparison.Ordinal) + 2)..].Trim()).Distinct());
        Assert.Single(server.Recordings());
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

    /// <summary>The messages SIPp logged as received, line ends normalised to LF.</summary>
    private static IEnumerable<string> ReceivedMessages(string messageLog) =>
        MessageSeparator().Split(messageLog.Replace("\r\n", "\n", StringComparison.Ordinal))
            .Where(block => block.Contains("message received", StringComparison.Ordinal))
            .Select(block => block.IndexOf("SIP/2.0 ", StringComparison.Ordinal) is var start and >= 0 ? block[start..].Trim() : "")
            .Where(message => message.Length > 0);

    [GeneratedRegex(@"^-{10,}.*$", RegexOptions.Multiline)]
    private static partial Regex MessageSeparator();

    [GeneratedRegex(@"^CSeq:\s*1\s+INVITE\s*$", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex InviteCSeq();

    [GeneratedRegex(@"^(?:To|t):[^\n]*;\s*tag=([^;>\s]+)", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex ToTag();
}
