using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.Server.Tests.Support;
using Siprec.Testing;

namespace Siprec.EndToEnd.Tests;

/// <summary>
/// The README's quick start, run as printed: a demo call from scripts/demo-call.sh, paused and resumed with the
/// README's curl lines, then its play and cat lines on the recording.
/// </summary>
public sealed class QuickStartTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);
    private readonly TestDirectory _directory = new("quickstart");

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task QuickStartRunsAsPrintedFromDemoCallToPlayAndCat()
    {
        await using var server = await ServerProcess.StartAsync(_directory);
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = DocumentedCommands.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "scripts/demo-call.sh", "127.0.0.1", server.SipPort.ToString(CultureInfo.InvariantCulture), "8" },
            Environment =
            {
                ["SIPP_LOCAL_PORT"] = server.SippPort.ToString(CultureInfo.InvariantCulture),
                ["SIPP_MEDIA_PORT"] = server.SippMediaPort.ToString(CultureInfo.InvariantCulture),
            },
        };
        using var demo = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(Bound);
        var stderr = demo.StandardError.ReadToEndAsync(deadline.Token);
        var first = await demo.StandardOutput.ReadLineAsync(deadline.Token) ?? "";
        Assert.StartsWith("call ", first, StringComparison.Ordinal);
        var callId = first["call ".Length..first.IndexOf(':', StringComparison.Ordinal)];

        var curl = DocumentedCommands.Block("README.md", "curl -X POST");
        Assert.Equal(2, curl.Count);
        var forThisCall = (string command) => command
            .Replace("http://localhost:8080", $"http://localhost:{server.HttpPort}", StringComparison.Ordinal)
            .Replace("1-12345@127.0.0.1", callId, StringComparison.Ordinal);
        using var paused = JsonDocument.Parse(await BashAsync(forThisCall(curl[0])));
        Assert.True(paused.RootElement.GetProperty("recording_paused").GetBoolean());
        Assert.False(paused.RootElement.GetProperty("transcription_paused").GetBoolean());
        await Task.Delay(TimeSpan.FromSeconds(2));
        using var resumed = JsonDocument.Parse(await BashAsync(forThisCall(curl[1])));
        Assert.False(resumed.RootElement.GetProperty("is_paused").GetBoolean());

        await demo.WaitForExitAsync(deadline.Token);
        Assert.True(demo.ExitCode == 0, await stderr);
        using var ended = await EndedSidecar.WaitAsync(server.RecordingDirectory, TimeSpan.FromSeconds(10));
        Assert.Equal(callId, ended.RootElement.GetProperty("call_id").GetString());
        var wav = Assert.Single(server.Recordings());

        // The server runs in the test directory with RECORDING_DIR=./recordings, as scripts/run.sh runs it in the repository.
        var files = DocumentedCommands.Block("README.md", "play recordings/");
        Assert.Equal(2, files.Count);
        var play = await ExternalCommand.RunAsync("bash", ["-c", files[0]], PlayToTheNullDevice, _directory.Path);
        Assert.True(play.ExitCode == 0, play.Stderr);
        Assert.Contains(Path.GetFileName(wav), play.Stderr, StringComparison.Ordinal);
        Assert.Contains("Channels: 2 @ 16-bit", play.Stderr, StringComparison.Ordinal);
        Assert.Contains("Done.", play.Stderr, StringComparison.Ordinal);
        using var final = JsonDocument.Parse(await BashAsync(files[1], _directory.Path));
        Assert.Equal(callId, final.RootElement.GetProperty("call_id").GetString());
        Assert.Contains(final.RootElement.GetProperty("pauses").EnumerateArray(), p => p.GetProperty("source").GetString() == "api");
    }

    public void Dispose() => _directory.Dispose();

    // sox's play writes to ALSA's default device, which a headless machine lacks; ALSA's "null" device takes the
    // audio and discards it, so the command runs exactly as printed.
    private static Dictionary<string, string> PlayToTheNullDevice => new() { ["AUDIODRIVER"] = "alsa", ["AUDIODEV"] = "null" };

    private static async Task<string> BashAsync(string command, string? workingDirectory = null)
    {
        var (exitCode, stdout, stderr) = await ExternalCommand.RunAsync("bash", ["-c", command], workingDirectory: workingDirectory ?? DocumentedCommands.RepositoryRoot);
        Assert.True(exitCode == 0, $"'{command}' exited {exitCode}: {stderr}");
        return stdout;
    }
}
