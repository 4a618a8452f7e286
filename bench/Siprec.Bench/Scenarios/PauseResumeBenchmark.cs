using System.Diagnostics;
using System.Globalization;
using Siprec.Bench.Infrastructure;
using Siprec.Bench.Reporting;
using Siprec.Bench.Rtp;
using Siprec.Bench.Sip;
using Siprec.Media.Wav;

namespace Siprec.Bench.Scenarios;

/// <summary>
/// Pause/resume with N live calls and RTP flowing: p50/p99 of sequential pause, resume and pause-status over one
/// keep-alive HttpClient, the time of pause-all and resume-all, and the non-zero samples found in the WAV for RTP
/// sent after a pause's 200 OK (server run with PAUSE_BEHAVIOR=silence so positions are comparable).
/// </summary>
public static class PauseResumeBenchmark
{
    private const string Name = "pause";
    private const int CheckedCalls = 5;
    private const int GlobalRounds = 5;
    private static readonly TimeSpan PausedFor = TimeSpan.FromSeconds(2);

    // Packets sent this close before the resume request may still be queued in the server's socket when resume takes effect.
    private const int ResumeMarginPackets = 10;

    /// <summary>Runs the scenario against one fresh server.</summary>
    public static async Task RunAsync(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var calls = context.Arguments.Calls;
        await using var server = await context.StartServerAsync("pause-server", new Dictionary<string, string> { ["PAUSE_BEHAVIOR"] = "silence" }).ConfigureAwait(false);
        await using var client = new SiprecCallClient(server.SipPort);
        var senderPort = LoopbackPorts.Free();
        var (answered, failed) = await client.PlaceCallsAsync(calls, 20, senderPort, "pause").ConfigureAwait(false);
        context.Figure(Name, "live calls (answered / failed)", $"{answered.Count} / {failed}", "0 failed", failed == 0);
        if (answered.Count == 0)
            return;
        var ports = answered.SelectMany(c => c.MediaPorts).ToArray();
        using var sender = new RtpSenderGroup(ports, senderPort, RtpSenderGroup.ThreadsFor(ports.Length));
        using var stopSending = new CancellationTokenSource();
        var sending = sender.RunAsync(TimeSpan.FromSeconds(120), stopSending.Token);
        try
        {
            await Task.Delay(1000).ConfigureAwait(false);
            var http = server.Http;
            for (var i = 0; i < 50; i++)
                await TimeAsync(http, HttpMethod.Get, $"api/sessions/{Uri.EscapeDataString(answered[i % answered.Count].CallId)}/pause-status").ConfigureAwait(false);

            context.Progress.WriteLine($"pause: {context.Arguments.Operations} pause/status/resume rounds with {answered.Count} live calls ...");
            var pause = new List<double>();
            var status = new List<double>();
            var resume = new List<double>();
            for (var i = 0; i < context.Arguments.Operations; i++)
            {
                var id = Uri.EscapeDataString(answered[i % answered.Count].CallId);
                pause.Add(await TimeAsync(http, HttpMethod.Post, $"api/sessions/{id}/pause").ConfigureAwait(false));
                status.Add(await TimeAsync(http, HttpMethod.Get, $"api/sessions/{id}/pause-status").ConfigureAwait(false));
                resume.Add(await TimeAsync(http, HttpMethod.Post, $"api/sessions/{id}/resume").ConfigureAwait(false));
            }
            Latency(context, "POST pause", pause);
            Latency(context, "POST resume", resume);
            Latency(context, "GET pause-status", status);

            var pauseAll = new List<double>();
            var resumeAll = new List<double>();
            for (var i = 0; i < GlobalRounds; i++)
            {
                pauseAll.Add(await TimeAsync(http, HttpMethod.Post, "api/sessions/pause-all").ConfigureAwait(false));
                resumeAll.Add(await TimeAsync(http, HttpMethod.Post, "api/sessions/resume-all").ConfigureAwait(false));
            }
            var pa = LatencyDistribution.Of(pauseAll);
            var ra = LatencyDistribution.Of(resumeAll);
            context.Figure(Name, $"pause-all ({answered.Count} sessions, {GlobalRounds} rounds)", $"max {F(pa.Max)} ms, median {F(pa.P50)} ms", "< 50 ms", pa.Max < 50);
            context.Figure(Name, $"resume-all ({answered.Count} sessions)", $"max {F(ra.Max)} ms, median {F(ra.P50)} ms");

            var windows = await PauseWindowsAsync(http, sender, answered).ConfigureAwait(false);
            await Task.Delay(1000).ConfigureAwait(false);
            await stopSending.CancelAsync().ConfigureAwait(false);
            await sending.ConfigureAwait(false);
            await client.HangUpAsync(answered, 20).ConfigureAwait(false);
            await CheckSilenceAsync(context, server, sender, answered, windows).ConfigureAwait(false);
        }
        finally
        {
            await stopSending.CancelAsync().ConfigureAwait(false);
            await sending.ConfigureAwait(false);
        }
    }

    private static async Task<List<(int Call, uint[] From, uint[] To)>> PauseWindowsAsync(HttpClient http, RtpSenderGroup sender, IReadOnlyList<AnsweredCall> calls)
    {
        var checkedCalls = Enumerable.Range(0, Math.Min(CheckedCalls, calls.Count)).ToArray();
        var windows = new List<(int, uint[], uint[])>();
        var from = new Dictionary<int, uint[]>();
        foreach (var c in checkedCalls)
        {
            await TimeAsync(http, HttpMethod.Post, $"api/sessions/{Uri.EscapeDataString(calls[c].CallId)}/pause").ConfigureAwait(false);
            // The packet carrying NextTimestamp may already be in flight; the one after it was certainly sent after the 200 OK.
            from[c] = Streams(calls, c).Select(s => sender.NextTimestamp(s) + RtpLoadSender.SamplesPerPacket).ToArray();
        }
        await Task.Delay(PausedFor).ConfigureAwait(false);
        foreach (var c in checkedCalls)
        {
            var to = Streams(calls, c).Select(s => sender.NextTimestamp(s) - ResumeMarginPackets * RtpLoadSender.SamplesPerPacket).ToArray();
            await TimeAsync(http, HttpMethod.Post, $"api/sessions/{Uri.EscapeDataString(calls[c].CallId)}/resume").ConfigureAwait(false);
            windows.Add((c, from[c], to));
        }
        return windows;
    }

    private static async Task CheckSilenceAsync(BenchContext context, ServerUnderTest server, RtpSenderGroup sender, IReadOnlyList<AnsweredCall> calls, List<(int Call, uint[] From, uint[] To)> windows)
    {
        var sidecars = await RecordedSidecars.WaitForEndedAsync(server.RecordingDirectory, calls.Count, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        long nonZeroInside = 0;
        long samplesInside = 0;
        long nonZeroOutside = 0;
        var problems = new List<string>();
        foreach (var (call, from, to) in windows)
        {
            if (!sidecars.TryGetValue(calls[call].CallId, out var found))
            {
                problems.Add($"no sidecar for {calls[call].CallId}");
                continue;
            }
            var wav = WavFileReader.Read(Path.Combine(found.Directory, found.Sidecar.RecordingFile));
            var streams = Streams(calls, call).ToArray();
            for (var s = 0; s < streams.Length && s < wav.Channels; s++)
            {
                var samples = wav.Channel(s);
                // The payload never decodes to zero, so the stream's first packet starts at the first non-zero sample.
                var origin = Array.FindIndex(samples, v => v != 0);
                if (origin < 0)
                {
                    problems.Add($"{calls[call].CallId} channel {s + 1} is all silence");
                    continue;
                }
                var first = sender.FirstTimestamp(streams[s]);
                var start = origin + (long)(uint)(from[s] - first);
                var end = origin + (long)(uint)(to[s] - first);
                for (var i = 0; i < samples.Length; i++)
                {
                    var inside = i >= start && i < end;
                    if (inside)
                        samplesInside++;
                    if (samples[i] != 0 && inside)
                        nonZeroInside++;
                    else if (samples[i] != 0)
                        nonZeroOutside++;
                }
            }
        }
        context.Figure(Name, $"non-zero samples after the pause's 200 OK ({windows.Count} calls × 2 channels, {F(samplesInside / 8000.0)} s checked)", nonZeroInside.ToString(CultureInfo.InvariantCulture), "0", nonZeroInside == 0 && samplesInside > 0 && problems.Count == 0);
        context.Figure(Name, "non-zero samples outside paused windows (signal present)", nonZeroOutside.ToString(CultureInfo.InvariantCulture));
        foreach (var problem in problems)
            context.Figure(Name, "silence check problem", problem);
    }

    private static IEnumerable<int> Streams(IReadOnlyList<AnsweredCall> calls, int call)
    {
        var index = 0;
        for (var c = 0; c < call; c++)
            index += calls[c].MediaPorts.Count;
        return Enumerable.Range(index, calls[call].MediaPorts.Count);
    }

    private static void Latency(BenchContext context, string name, List<double> samples)
    {
        var d = LatencyDistribution.Of(samples);
        context.Figure(Name, $"{name} (n={d.Count}) p50 / p99", $"{F(d.P50)} / {F(d.P99)} ms", "p99 < 2 ms", d.P99 < 2);
    }

    private static async Task<double> TimeAsync(HttpClient http, HttpMethod method, string path)
    {
        var start = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        using var response = await http.SendAsync(request).ConfigureAwait(false);
        await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{method} {path}: HTTP {(int)response.StatusCode}");
        return elapsed;
    }

    private static string F(double value) => value.ToString("F2", CultureInfo.InvariantCulture);
}
