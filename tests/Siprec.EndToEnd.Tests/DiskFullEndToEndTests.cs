using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.RtpSender.Sending;

namespace Siprec.EndToEnd.Tests;

/// <summary>
/// The recording disk fills up mid-call: the call goes on and ends cleanly, its WAV is valid up to the last whole frame
/// that reached the disk, new calls get 503 and readiness fails naming why, and once space is back new calls are
/// accepted again without a restart.
/// </summary>
public sealed class DiskFullEndToEndTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private const long HeadroomBytes = 64 * 1024;

    private readonly TestDirectory _directory = new("disk-full");

    [TmpfsFact]
    [Trait("Requires", "Integration")]
    public async Task AFullDiskMidCallRefusesNewCallsKeepsAValidWavAndRecoversByItself()
    {
        using var disk = TmpfsMount.Create(_directory.File("disk"), 4 * 1024 * 1024);
        await using var server = await ServerProcess.StartAsync(_directory, new ServerProcessOptions
        {
            Environment = new Dictionary<string, string>
            {
                ["RECORDING_DIR"] = disk.Path,
                ["RECORDING_INDEX_PATH"] = _directory.File("index.db"),
                ["HEALTH_MIN_FREE_DISK"] = "16KB",
            },
        });
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);

        var run = new SippRun(SippRun.ScenarioPath(SippScenarios.Call), server.SipPort, server.SippPort)
        {
            CallDuration = TimeSpan.FromSeconds(8),
            Timeout = Bound,
            MediaPort = server.SippMediaPort,
        };
        await using var call = new SippRunner(_directory).Start(run);
        var ports = (await call.WaitForLogAsync("ANSWER_PORTS", Bound))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => new IPEndPoint(IPAddress.Loopback, int.Parse(p, CultureInfo.InvariantCulture)))
            .ToArray();
        using var stopSending = new CancellationTokenSource(Bound);
        var sender = new RtpStreamSender().SendAsync(new RtpSendPlan([
            new RtpStreamPlan(ports[0], AudioFixtures.Tone(440, TimeSpan.FromSeconds(7))),
            new RtpStreamPlan(ports[1], AudioFixtures.Tone(620, TimeSpan.FromSeconds(7))),
        ]), stopSending.Token);
        var filler = Path.Combine(disk.Path, "filler");
        await File.WriteAllBytesAsync(filler, new byte[disk.FreeBytes - HeadroomBytes]);

        await ReadinessAsync(server, HttpStatusCode.ServiceUnavailable, "Recording Disk");
        using var probePort = FreePorts.Lease(1);
        Assert.Equal(["refused"], await ProbeCallAsync(server, probePort[0]));

        var ended = await call.WaitForExitAsync();
        await stopSending.CancelAsync();
        await sender;
        Assert.True(ended.AllCallsSucceeded, $"{ended.Describe()}\n--- server log ---\n{server.LogTail()}");
        await LoggedAsync(server, "Recording session ended");
        var wav = Assert.Single(Directory.EnumerateFiles(disk.Path, "*.wav", SearchOption.AllDirectories));
        var bytes = await File.ReadAllBytesAsync(wav);
        var declared = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(40));
        Assert.True(declared > 0, "the recording kept no audio");
        Assert.Equal(bytes.Length - 44, (long)declared);
        Assert.Equal(0u, declared % 4);
        Assert.Contains("Recording write failed for call", await File.ReadAllTextAsync(server.LogPath), StringComparison.Ordinal);

        File.Delete(filler);
        await ReadinessAsync(server, HttpStatusCode.OK, "accepting new calls");
        Assert.Equal(["answered"], await ProbeCallAsync(server, probePort[0]));
        Assert.False(server.HasExited);
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>Waits (bounded) until the server's log holds <paramref name="text"/>.</summary>
    private static async Task LoggedAsync(ServerProcess server, string text)
    {
        using var timeout = new CancellationTokenSource(Bound);
        while (!(await File.ReadAllTextAsync(server.LogPath, timeout.Token)).Contains(text, StringComparison.Ordinal))
            await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
    }

    /// <summary>Waits (bounded) until /health answers <paramref name="wanted"/> with <paramref name="saying"/> in its checks.</summary>
    private static async Task ReadinessAsync(ServerProcess server, HttpStatusCode wanted, string saying)
    {
        using var timeout = new CancellationTokenSource(Bound);
        while (true)
        {
            using var response = await server.Http.GetAsync(new Uri("/health", UriKind.Relative), timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            if (response.StatusCode == wanted && body.Contains(saying, StringComparison.Ordinal))
                return;
            await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
        }
    }

    private async Task<IReadOnlyList<string>> ProbeCallAsync(ServerProcess server, int localPort)
    {
        var result = await new SippRunner(_directory).RunAsync(new SippRun(SippRun.ScenarioPath(SippScenarios.Overload), server.SipPort, localPort)
        {
            CallDuration = TimeSpan.FromMilliseconds(200),
            Timeout = Bound,
        });
        Assert.True(result.AllCallsSucceeded, $"{result.Describe()}\n--- server log ---\n{server.LogTail()}");
        return result.Logged("OUTCOME");
    }
}
