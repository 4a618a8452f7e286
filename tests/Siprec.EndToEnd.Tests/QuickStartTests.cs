using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Siprec.EndToEnd.Tests.Infrastructure;

namespace Siprec.EndToEnd.Tests;

/// <summary>The README's quick start, run as printed: a demo call from scripts/demo-call.sh, paused and resumed with curl.</summary>
public sealed class QuickStartTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);
    private readonly TestDirectory _directory = new("quickstart");

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task DemoCallIsRecordedAndCurlPausesAndResumesIt()
    {
        await using var server = await ServerProcess.StartAsync(_directory);
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepositoryRoot(),
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

        var baseUrl = $"http://localhost:{server.HttpPort}";
        using var paused = JsonDocument.Parse(await Curl(
            "-X", "POST", $"{baseUrl}/api/sessions/{callId}/pause",
            "-H", "Content-Type: application/json",
            "-d", """{"pause_recording": true, "pause_transcription": false}"""));
        Assert.True(paused.RootElement.GetProperty("recording_paused").GetBoolean());
        Assert.False(paused.RootElement.GetProperty("transcription_paused").GetBoolean());
        await Task.Delay(TimeSpan.FromSeconds(2));
        using var resumed = JsonDocument.Parse(await Curl("-X", "POST", $"{baseUrl}/api/sessions/{callId}/resume"));
        Assert.False(resumed.RootElement.GetProperty("is_paused").GetBoolean());

        await demo.WaitForExitAsync(deadline.Token);
        Assert.True(demo.ExitCode == 0, await stderr);
        var wav = Assert.Single(server.Recordings());
        var sidecar = Path.ChangeExtension(wav, ".json");
        var ended = false;
        for (var i = 0; i < 100 && !ended; i++)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(sidecar));
            ended = doc.RootElement.GetProperty("ended_at").ValueKind == JsonValueKind.String;
            if (!ended)
                await Task.Delay(100);
        }

        using var final = JsonDocument.Parse(File.ReadAllText(sidecar));
        Assert.Equal(callId, final.RootElement.GetProperty("call_id").GetString());
        Assert.Contains(final.RootElement.GetProperty("pauses").EnumerateArray(), p => p.GetProperty("source").GetString() == "api");
    }

    public void Dispose() => _directory.Dispose();

    private static async Task<string> Curl(params string[] arguments)
    {
        var start = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-s");
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var curl = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = await curl.StandardOutput.ReadToEndAsync(deadline.Token);
        await curl.WaitForExitAsync(deadline.Token);
        Assert.True(curl.ExitCode == 0, $"curl exited {curl.ExitCode}: {await curl.StandardError.ReadToEndAsync(deadline.Token)}");
        return output;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Siprec.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException("repository root (Siprec.sln) not found above " + AppContext.BaseDirectory);
    }
}
