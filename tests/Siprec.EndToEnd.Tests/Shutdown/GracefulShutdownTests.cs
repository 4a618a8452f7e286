using System.Buffers.Binary;
using System.Net;
using System.Text.Json;
using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.Server.Tests.Support;

namespace Siprec.EndToEnd.Tests.Shutdown;

public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task SigtermRefusesNewCallsKeepsRecordingAndExitsZeroAfterTheLastBye()
    {
        using var directory = new TestDirectory("sigterm-bye");
        await using var server = await StartAsync(directory, "20s");
        using var call = new SiprecCaller(new IPEndPoint(IPAddress.Loopback, server.SipPort), "drain-call-1");
        Assert.Equal(200, (await call.InviteAsync()).Status);
        call.SendRtp(25);

        var stopping = server.StopAsync(TimeSpan.FromSeconds(40));
        Assert.True(await EventuallyAsync(async () => await StatusAsync(server, "/health/ready") == 503), server.LogTail());

        using var late = new SiprecCaller(new IPEndPoint(IPAddress.Loopback, server.SipPort), "drain-call-2");
        var refused = await late.InviteAsync();
        Assert.Equal(503, refused.Status);
        Assert.Matches(@"(?im)^Retry-After: \d+", refused.Headers);

        call.SendRtp(25);
        await Task.Delay(500);
        Assert.False(server.HasExited, "the server exited while a call was live");
        Assert.Equal(200, await call.ByeAsync());

        Assert.Equal(0, await stopping);
        AssertFinalized(server, "bye");
    }

    [Fact]
    public async Task DrainTimeoutEndsTheRemainingCallsWithByeAndExitsZero()
    {
        using var directory = new TestDirectory("sigterm-timeout");
        await using var server = await StartAsync(directory, "2s");
        using var call = new SiprecCaller(new IPEndPoint(IPAddress.Loopback, server.SipPort), "drain-call-3");
        Assert.Equal(200, (await call.InviteAsync()).Status);
        call.SendRtp(25);

        var stopping = server.StopAsync(TimeSpan.FromSeconds(30));
        await call.AnswerByeAsync();

        Assert.Equal(0, await stopping);
        AssertFinalized(server, "shutdown");
    }

    private static Task<ServerProcess> StartAsync(TestDirectory directory, string drain) =>
        ServerProcess.StartAsync(directory, new ServerProcessOptions
        {
            Environment = new Dictionary<string, string>
            {
                ["HTTP_HOST"] = "127.0.0.1",
                ["RTP_TIMEOUT"] = "30s",
                ["SHUTDOWN_DRAIN_TIMEOUT"] = drain,
            },
        });

    private static void AssertFinalized(ServerProcess server, string reason)
    {
        var wav = Assert.Single(server.Recordings());
        var bytes = File.ReadAllBytes(wav);
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal(bytes.Length - 8, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)));
        var at = 12;
        while (System.Text.Encoding.ASCII.GetString(bytes, at, 4) != "data")
        {
            at += 8 + BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at + 4));
            Assert.InRange(at, 12, bytes.Length - 8);
        }

        Assert.Equal(bytes.Length - at - 8, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at + 4)));
        Assert.True(bytes.Length - at - 8 > 0, "no audio was recorded");

        var sidecar = Path.ChangeExtension(wav, ".json");
        using var json = JsonDocument.Parse(File.ReadAllBytes(sidecar));
        Assert.Equal(JsonValueKind.String, json.RootElement.GetProperty("ended_at").ValueKind);
        Assert.Equal(reason, json.RootElement.GetProperty("end_reason").GetString()!.ToLowerInvariant());
    }

    private static async Task<int> StatusAsync(ServerProcess server, string path)
    {
        try
        {
            using var response = await server.Http.GetAsync(new Uri(path, UriKind.Relative));
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
