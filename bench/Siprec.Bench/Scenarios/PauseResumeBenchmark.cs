using System.Diagnostics;
using System.Globalization;
using Siprec.Bench.Infrastructure;
using Siprec.Bench.Reporting;
using Siprec.Bench.Rtp;
using Siprec.Bench.Sip;
using Siprec.Media.Codecs;
using Siprec.Media.Wav;

namespace Siprec.Bench.Scenarios;

/// <summary>
/// Pause/resume with N live calls and RTP flowing: p50/p99 of sequential pause, resume and pause-status over one
/// keep-alive HttpClient, and the time of pause-all and resume-all, in K runs each judged on its own (a target met in
/// the best run only is not met); then the samples found in the WAV from RTP sent after a
/// pause's 200 OK: those packets carry a marker waveform, so any recorded marker sample is a leak (server run with
/// PAUSE_BEHAVIOR=silence). An unpaused control call gets the same marker to show the check can see it.
/// </summary>
public static class PauseResumeBenchmark
{
    private const string Name = "pause";
    private const int CheckedCalls = 5;
    private const int GlobalRounds = 5;
    private const int WarmupRounds = 300;
    private const double P99TargetMs = 2;
    private const double PauseAllTargetMs = 50;
    private static readonly TimeSpan PausedFor = TimeSpan.FromSeconds(2);

    // Marker packets stop this long before the resume request: ones sent closer to it may still wait in the server's
    // socket when the resume takes effect, and would rightly be recorded.
    private static readonly TimeSpan ResumeMargin = TimeSpan.FromMilliseconds(200);

    /// <summary>Runs the scenario against one fresh server.</summary>
    public static async Task RunAsync(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var calls = context.Arguments.Calls;
        await using var server = await context.StartServerAsync("pause-server", new Dictionary<string, string> { ["PAUSE_BEHAVIOR"] = "silence" }).ConfigureAwait(false);
        await using var client = new SiprecCallClient(server.SipPort);
        var senderPort = context.SenderPort(calls);
        var (answered, failed) = await client.PlaceCallsAsync(calls, 20, senderPort, "pause").ConfigureAwait(false);
        context.Figure(Name, "live calls (answered / failed)", $"{answered.Count} / {failed}", "0 failed", failed == 0);
        if (answered.Count == 0)
            return;
        var ports = answered.SelectMany(c => c.MediaPorts).ToArray();
        using var sender = new RtpSenderGroup(ports, senderPort, RtpSenderGroup.ThreadsFor(ports.Length), Stopwatch.GetTimestamp(), context.Arguments.SenderNice);
        using var stopSending = new CancellationTokenSource();
        // Long enough for the warm-up and every run at --ops 100,000; cancelled as soon as the runs are done.
        var sending = sender.RunAsync(TimeSpan.FromSeconds(120 + (context.Arguments.Runs * 60)), RtpSendMode.Spread, stopSending.Token);
        try
        {
            // Warm-up, not measured: RTP for the warm-up time, then every timed request kind, so the figures describe a
            // server past JIT tiering rather than its first seconds.
            context.Progress.WriteLine($"pause: {context.Arguments.WarmupSeconds} s of RTP and API warm-up ...");
            var http = server.Http;
            var warmupEnd = Stopwatch.GetTimestamp() + (long)(context.Arguments.WarmupSeconds * (double)Stopwatch.Frequency);
            for (var i = 0; i < WarmupRounds || Stopwatch.GetTimestamp() < warmupEnd; i++)
            {
                var id = Uri.EscapeDataString(answered[i % answered.Count].CallId);
                await TimeAsync(http, HttpMethod.Post, $"api/sessions/{id}/pause").ConfigureAwait(false);
                await TimeAsync(http, HttpMethod.Get, $"api/sessions/{id}/pause-status").ConfigureAwait(false);
                await TimeAsync(http, HttpMethod.Post, $"api/sessions/{id}/resume").ConfigureAwait(false);
                if (i % 100 == 0)
                {
                    await TimeAsync(http, HttpMethod.Post, "api/sessions/pause-all").ConfigureAwait(false);
                    await TimeAsync(http, HttpMethod.Post, "api/sessions/resume-all").ConfigureAwait(false);
                }
                if (i >= WarmupRounds)
                    await Task.Delay(10).ConfigureAwait(false);
            }

            var runs = context.Arguments.Runs;
            var worstP99 = new List<double>();
            var worstPauseAll = new List<double>();
            for (var run = 1; run <= runs; run++)
            {
                var (p99, pauseAll) = await MeasureRunAsync(context, http, answered, run).ConfigureAwait(false);
                worstP99.Add(p99);
                worstPauseAll.Add(pauseAll);
            }
            var p99Met = worstP99.Count(p => p < P99TargetMs);
            var pauseAllMet = worstPauseAll.Count(p => p < PauseAllTargetMs);
            context.Figure(Name, $"runs with pause / resume / status p99 < 2 ms ({answered.Count} live calls)", $"{p99Met} of {runs} (worst p99 per run: {string.Join(", ", worstP99.Select(F))} ms)",
                "every run", p99Met == runs);
            context.Figure(Name, $"runs with pause-all < 50 ms ({answered.Count} sessions)", $"{pauseAllMet} of {runs} (slowest per run: {string.Join(", ", worstPauseAll.Select(F))} ms)",
                "every run", pauseAllMet == runs);

            var marked = await MarkedPausesAsync(http, sender, answered).ConfigureAwait(false);
            await Task.Delay(1000).ConfigureAwait(false);
            await stopSending.CancelAsync().ConfigureAwait(false);
            await sending.ConfigureAwait(false);
            await client.HangUpAsync(answered, 20).ConfigureAwait(false);
            await CheckSilenceAsync(context, server, sender, answered, marked).ConfigureAwait(false);
        }
        finally
        {
            await stopSending.CancelAsync().ConfigureAwait(false);
            await sending.ConfigureAwait(false);
        }
    }

    /// <summary>One run: --ops sequential pause/status/resume rounds, then pause-all and resume-all; returns the worst p99 and the slowest pause-all.</summary>
    private static async Task<(double WorstP99, double SlowestPauseAll)> MeasureRunAsync(BenchContext context, HttpClient http, IReadOnlyList<AnsweredCall> answered, int run)
    {
        context.Progress.WriteLine($"pause: run {run}, {context.Arguments.Operations} pause/status/resume rounds with {answered.Count} live calls ...");
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
        var worst = Math.Max(Latency(context, run, "POST pause", pause), Math.Max(Latency(context, run, "POST resume", resume), Latency(context, run, "GET pause-status", status)));

        var pauseAll = new List<double>();
        var resumeAll = new List<double>();
        for (var i = 0; i < GlobalRounds; i++)
        {
            pauseAll.Add(await TimeAsync(http, HttpMethod.Post, "api/sessions/pause-all").ConfigureAwait(false));
            resumeAll.Add(await TimeAsync(http, HttpMethod.Post, "api/sessions/resume-all").ConfigureAwait(false));
        }
        var pa = LatencyDistribution.Of(pauseAll);
        var ra = LatencyDistribution.Of(resumeAll);
        context.Figure(Name, $"run {run}: pause-all ({answered.Count} sessions, {GlobalRounds} rounds)", $"max {F(pa.Max)} ms, median {F(pa.P50)} ms", $"< {F(PauseAllTargetMs)} ms", pa.Max < PauseAllTargetMs);
        context.Figure(Name, $"run {run}: resume-all ({answered.Count} sessions)", $"max {F(ra.Max)} ms, median {F(ra.P50)} ms");
        return (worst, pa.Max);
    }

    private static async Task<(int[] Paused, int? Control)> MarkedPausesAsync(HttpClient http, RtpSenderGroup sender, IReadOnlyList<AnsweredCall> calls)
    {
        var paused = Enumerable.Range(0, Math.Min(CheckedCalls, calls.Count)).ToArray();
        int? control = calls.Count > CheckedCalls ? CheckedCalls : null;
        foreach (var c in paused)
        {
            await TimeAsync(http, HttpMethod.Post, $"api/sessions/{Uri.EscapeDataString(calls[c].CallId)}/pause").ConfigureAwait(false);
            // Marked only once the 200 OK is in: every marker packet was sent after the pause was acknowledged.
            Mark(sender, calls, c, true);
        }
        if (control is int unpaused)
            Mark(sender, calls, unpaused, true);
        await Task.Delay(PausedFor - ResumeMargin).ConfigureAwait(false);
        foreach (var c in paused.Concat(control is int u ? [u] : []))
            Mark(sender, calls, c, false);
        await Task.Delay(ResumeMargin).ConfigureAwait(false);
        foreach (var c in paused)
            await TimeAsync(http, HttpMethod.Post, $"api/sessions/{Uri.EscapeDataString(calls[c].CallId)}/resume").ConfigureAwait(false);
        return (paused, control);
    }

    private static void Mark(RtpSenderGroup sender, IReadOnlyList<AnsweredCall> calls, int call, bool marked)
    {
        foreach (var stream in Streams(calls, call))
            sender.SetMarked(stream, marked);
    }

    private static async Task CheckSilenceAsync(BenchContext context, ServerUnderTest server, RtpSenderGroup sender, IReadOnlyList<AnsweredCall> calls, (int[] Paused, int? Control) marked)
    {
        var sidecars = await RecordedSidecars.WaitForEndedAsync(server.RecordingDirectory, calls.Count, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        var markerHigh = PcmuCodec.DecodeSample(RtpLoadSender.MarkerLevel);
        var markerLow = PcmuCodec.DecodeSample(RtpLoadSender.MarkerLevel & 0x7F);
        var problems = new List<string>();
        long MarkerSamples(int call)
        {
            if (!sidecars.TryGetValue(calls[call].CallId, out var found))
            {
                problems.Add($"no sidecar for {calls[call].CallId}");
                return 0;
            }
            var wav = WavFileReader.Read(Path.Combine(found.Directory, found.Sidecar.RecordingFile));
            return wav.Samples.LongCount(v => v == markerHigh || v == markerLow);
        }
        long MarkerPacketsSent(int call) => Streams(calls, call).Sum(sender.MarkedSent);
        var leaked = marked.Paused.Sum(MarkerSamples);
        var sentToPaused = marked.Paused.Sum(MarkerPacketsSent);
        context.Figure(Name, $"samples recorded from the {sentToPaused} RTP packets sent to {marked.Paused.Length} calls after their pause's 200 OK",
            leaked.ToString(CultureInfo.InvariantCulture), "0", leaked == 0 && problems.Count == 0);
        if (marked.Control is int control)
        {
            var seen = MarkerSamples(control);
            var expected = MarkerPacketsSent(control) * RtpLoadSender.SamplesPerPacket;
            context.Figure(Name, "control: marker samples recorded on an unpaused call (the check can see them)",
                $"{seen} of {expected} sent", "> 0", seen > 0);
        }
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

    private static double Latency(BenchContext context, int run, string name, List<double> samples)
    {
        var d = LatencyDistribution.Of(samples);
        context.Figure(Name, $"run {run}: {name} (n={d.Count}) p50 / p99", $"{F(d.P50)} / {F(d.P99)} ms", $"p99 < {F(P99TargetMs)} ms", d.P99 < P99TargetMs);
        return d.P99;
    }

    private static async Task<double> TimeAsync(HttpClient http, HttpMethod method, string path) =>
        (await TimedRequest.SendSuccessfulAsync(http, method, path).ConfigureAwait(false)).Milliseconds;

    private static string F(double value) => value.ToString("F2", CultureInfo.InvariantCulture);
}
