using Siprec.EndToEnd.Tests.Infrastructure;

namespace Siprec.EndToEnd.Tests;

/// <summary>
/// A recorder given a tight SIP request budget and offered calls faster than one worker may take them: every INVITE
/// gets a final answer (200 or 503) before the client gives up, and no call that got a 200 fails.
/// </summary>
public sealed class OverloadEndToEndTests : IDisposable
{
    private const int Calls = 60;
    private readonly TestDirectory _directory = new("overload");

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task UnderABurstEveryInviteIsAnsweredAndNoAcceptedCallFails()
    {
        await using var server = await ServerProcess.StartAsync(_directory, new ServerProcessOptions
        {
            RtpPortCount = 4 * Calls + 20,
            Environment = new Dictionary<string, string>
            {
                ["SIP_WORKERS"] = "1",
                ["SIP_MAX_QUEUED_REQUESTS"] = "2",
            },
        });

        var result = await new SippRunner(_directory).RunAsync(new SippRun(SippRun.ScenarioPath(SippScenarios.Overload), server.SipPort, server.SippPort)
        {
            Calls = Calls,
            ConcurrentCalls = Calls,
            CallRate = 60,
            CallDuration = TimeSpan.FromSeconds(1),
            Timeout = TimeSpan.FromSeconds(40),
            MediaPort = server.SippMediaPort,
        });

        var failure = $"{result.Describe()}\n--- server log ---\n{server.LogTail()}";
        Assert.True(result.AllCallsSucceeded, failure);
        Assert.Equal(Calls, result.Logged("OUTCOME").Count);
        Assert.Contains("answered", result.Logged("OUTCOME"));
        Assert.False(server.HasExited);
        var metrics = await server.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("siprec_sip_queued_invites 0", metrics, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();
}
