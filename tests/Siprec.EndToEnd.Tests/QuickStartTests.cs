using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.Server.Tests.Support;
using Siprec.Testing;

namespace Siprec.EndToEnd.Tests;

/// <summary>
/// The README's quick start, run as printed from the root of a fresh checkout: scripts/run.sh, a demo call from
/// scripts/demo-call.sh paused and resumed with the README's curl lines, then its play and cat lines and
/// <c>ls recordings/*/*/*/*.wav</c> on the recording. Nothing is set that the README does not print, except the
/// ports: SIP_HOST, HTTP_HOST, SIP_PORT, SIP_TLS_PORT, HTTP_PORT, RTP_PORT_MIN and RTP_PORT_MAX for both scripts (see
/// <see cref="RunScriptProcess.Environment"/>), SIPP_LOCAL_PORT and SIPP_MEDIA_PORT for the demo call, and the HTTP
/// port in the curl lines' URL.
/// </summary>
[Collection(FreshCheckoutCollection.Name)]
public sealed class QuickStartTests(FreshCheckout checkout)
{
    // Building the RTP sender in a fresh checkout, then the 20 s call the README prints.
    private static readonly TimeSpan DemoBound = TimeSpan.FromMinutes(3);

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task QuickStartRunsAsPrintedFromRunScriptToPlayCatAndLs()
    {
        var terminals = DocumentedCommands.Block("README.md", "scripts/demo-call.sh");
        Assert.Equal(2, terminals.Count);
        Assert.StartsWith("scripts/run.sh ", terminals[0], StringComparison.Ordinal);
        Assert.StartsWith("scripts/demo-call.sh ", terminals[1], StringComparison.Ordinal);
        var recordings = Path.Combine(checkout.Root, "recordings");
        Assert.False(Directory.Exists(recordings), $"{recordings} exists before the server started");
        using var ports = FreePorts.Lease(20);
        try
        {
            using var server = await RunScriptProcess.StartAsync(terminals[0], checkout.Root, ports);
            using var health = JsonDocument.Parse(await server.Http.GetStringAsync(new Uri("health", UriKind.Relative)));
            var transcription = health.RootElement.GetProperty("transcription");
            Assert.False(transcription.GetProperty("enabled").GetBoolean());
            Assert.Contains("STT_PROVIDER", transcription.GetProperty("detail").GetString(), StringComparison.Ordinal);

            var callId = await RunDemoCallAsync(terminals[1], ports, async callId =>
            {
                var curl = DocumentedCommands.Block("README.md", "curl -X POST");
                Assert.Equal(2, curl.Count);
                var forThisCall = (string command) => command
                    .Replace("http://localhost:8080", $"http://localhost:{ports[2]}", StringComparison.Ordinal)
                    .Replace("1-12345@127.0.0.1", callId, StringComparison.Ordinal);
                var paused = await BashAsync(forThisCall(curl[0]));
                Assert.True(Flag(paused, "recording_paused") == true && Flag(paused, "transcription_paused") == false, paused + "\n" + server.Output());
                await Task.Delay(TimeSpan.FromSeconds(2));
                var resumed = await BashAsync(forThisCall(curl[1]));
                Assert.True(Flag(resumed, "is_paused") == false, resumed + "\n" + server.Output());
            });

            using (var ended = await EndedSidecar.WaitAsync(recordings, TimeSpan.FromSeconds(10)))
                Assert.Equal(callId, ended.RootElement.GetProperty("call_id").GetString());
            var wav = Path.GetFileName(Assert.Single(Directory.GetFiles(recordings, "*.wav", SearchOption.AllDirectories)));

            var files = DocumentedCommands.Block("README.md", "play recordings/");
            Assert.Equal(2, files.Count);
            var play = await ExternalCommand.RunAsync("bash", ["-c", files[0]], PlayToTheNullDevice, checkout.Root);
            Assert.True(play.ExitCode == 0, play.Stderr);
            Assert.Contains(wav, play.Stderr, StringComparison.Ordinal);
            Assert.Contains("Channels: 2 @ 16-bit", play.Stderr, StringComparison.Ordinal);
            Assert.Contains("Done.", play.Stderr, StringComparison.Ordinal);
            using var sidecar = JsonDocument.Parse(await BashAsync(files[1]));
            Assert.Equal(callId, sidecar.RootElement.GetProperty("call_id").GetString());
            Assert.Contains(sidecar.RootElement.GetProperty("pauses").EnumerateArray(), p => p.GetProperty("source").GetString() == "api");
            Assert.EndsWith("/" + wav, (await BashAsync("ls recordings/*/*/*/*.wav")).Trim(), StringComparison.Ordinal);

            await server.StopAsync();
        }
        finally
        {
            if (Directory.Exists(recordings))
                Directory.Delete(recordings, recursive: true);
        }
    }

    // sox's play writes to ALSA's default device, which a headless machine lacks; ALSA's "null" device takes the
    // audio and discards it, so the command runs exactly as printed.
    private static Dictionary<string, string> PlayToTheNullDevice => new() { ["AUDIODRIVER"] = "alsa", ["AUDIODEV"] = "null" };

    /// <summary>Runs the demo call as printed; once it printed its Call-ID, runs <paramref name="whileUp"/> with it; returns the Call-ID when the call ended.</summary>
    private async Task<string> RunDemoCallAsync(string command, PortLease ports, Func<string, Task> whileUp)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = checkout.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "-c", command },
        };
        foreach (var (key, value) in RunScriptProcess.Environment(ports))
            start.Environment[key] = value;
        start.Environment["SIPP_LOCAL_PORT"] = ports[3].ToString(CultureInfo.InvariantCulture);
        start.Environment["SIPP_MEDIA_PORT"] = ports[4].ToString(CultureInfo.InvariantCulture);
        using var demo = new Process { StartInfo = start };
        var lines = Channel.CreateUnbounded<string>();
        var stderr = new StringBuilder();
        demo.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                lines.Writer.TryComplete();
            else
                lines.Writer.TryWrite(e.Data);
        };
        demo.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
                stderr.AppendLine(e.Data);
        };
        demo.Start();
        demo.BeginOutputReadLine();
        demo.BeginErrorReadLine();
        try
        {
            using var deadline = new CancellationTokenSource(DemoBound);
            var first = await lines.Reader.ReadAsync(deadline.Token);
            Assert.True(first.StartsWith("call ", StringComparison.Ordinal), $"demo-call printed '{first}'\n{Text(stderr)}");
            var callId = first["call ".Length..first.IndexOf(':', StringComparison.Ordinal)];
            await whileUp(callId);
            await demo.WaitForExitAsync(deadline.Token);
            Assert.True(demo.ExitCode == 0, Text(stderr));
            var rest = new List<string>();
            await foreach (var line in lines.Reader.ReadAllAsync(deadline.Token))
                rest.Add(line);
            Assert.Contains(rest, l => l.StartsWith("call ended", StringComparison.Ordinal));
            return callId;
        }
        finally
        {
            if (!demo.HasExited)
                demo.Kill(entireProcessTree: true);
        }
    }

    private static string Text(StringBuilder builder)
    {
        lock (builder)
            return builder.ToString();
    }

    /// <summary>The boolean <paramref name="name"/> of the JSON object <paramref name="body"/>; null when the body has none.</summary>
    private static bool? Flag(string body, string name)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(name, out var value) ? value.GetBoolean() : null;
    }

    private async Task<string> BashAsync(string command)
    {
        var (exitCode, stdout, stderr) = await ExternalCommand.RunAsync("bash", ["-c", command], workingDirectory: checkout.Root);
        Assert.True(exitCode == 0, $"'{command}' exited {exitCode}: {stderr}");
        return stdout;
    }
}
