using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Siprec.Recording.Sessions;
using Siprec.Server.Configuration;
using Siprec.Server.Hosting;

namespace Siprec.Bench;

/// <summary>
/// Pause/resume control API with 1,000 live sessions over loopback HTTP: p50/p99 of pause, resume and status,
/// the time of pause-all, and the number of gate openings seen by a hot-path reader after a pause's 200 OK.
/// </summary>
public static class PauseResumeBenchmark
{
    private const int Sessions = 1000;
    private const int Operations = 2000;

    /// <summary>Runs the benchmark and prints one line per figure.</summary>
    public static async Task RunAsync(TextWriter output)
    {
        var options = new SiprecOptions();
        options.Http.Host = "127.0.0.1";
        options.Http.Port = 0;
        options.Logging.Level = LogLevel.Warning;
        options.Recording.Directory = Path.Combine(Path.GetTempPath(), "siprec-bench", Guid.NewGuid().ToString("N"));
        var app = SiprecServerHost.Build(options, TimeProvider.System);
        await app.StartAsync().ConfigureAwait(false);
        try
        {
            var registry = app.Services.GetRequiredService<ISessionRegistry>();
            for (var i = 0; i < Sessions; i++)
            {
                registry.TryAdd(new RecordingSession($"bench-{i}@127.0.0.1", TimeProvider.System.GetUtcNow(), TimeProvider.System));
            }

            using var http = new HttpClient { BaseAddress = SiprecServerHost.ListeningAddress(app) };
            for (var i = 0; i < 200; i++)
            {
                (await http.GetAsync(new Uri($"/api/sessions/bench-{i}@127.0.0.1/pause-status", UriKind.Relative)).ConfigureAwait(false)).Dispose();
            }

            var pause = new List<double>();
            var resume = new List<double>();
            var status = new List<double>();
            for (var i = 0; i < Operations; i++)
            {
                var id = $"bench-{i % Sessions}@127.0.0.1";
                pause.Add(await TimeAsync(http, HttpMethod.Post, $"/api/sessions/{id}/pause").ConfigureAwait(false));
                status.Add(await TimeAsync(http, HttpMethod.Get, $"/api/sessions/{id}/pause-status").ConfigureAwait(false));
                resume.Add(await TimeAsync(http, HttpMethod.Post, $"/api/sessions/{id}/resume").ConfigureAwait(false));
            }

            var pauseAll = new List<double>();
            for (var i = 0; i < 20; i++)
            {
                pauseAll.Add(await TimeAsync(http, HttpMethod.Post, "/api/sessions/pause-all").ConfigureAwait(false));
                await TimeAsync(http, HttpMethod.Post, "/api/sessions/resume-all").ConfigureAwait(false);
            }

            var leaked = await GateAfterOkAsync(http, registry).ConfigureAwait(false);
            Print(output, "pause", pause);
            Print(output, "resume", resume);
            Print(output, "pause-status", status);
            Print(output, $"pause-all ({Sessions} sessions)", pauseAll);
            output.WriteLine($"pause/resume: gate openings seen after the pause's 200 OK: {leaked} (target 0)");
        }
        finally
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<long> GateAfterOkAsync(HttpClient http, ISessionRegistry registry)
    {
        long leaked = 0;
        for (var round = 0; round < 200; round++)
        {
            registry.TryGet("bench-0@127.0.0.1", out var session);
            var okReceived = 0;
            var stop = 0;
            var reader = Task.Run(() =>
            {
                long seen = 0;
                while (Volatile.Read(ref stop) == 0)
                {
                    var afterOk = Volatile.Read(ref okReceived) == 1;
                    if (afterOk && session!.Pause.Current.RecordingOpen)
                    {
                        seen++;
                    }
                }

                return seen;
            });
            using (var response = await http.PostAsync(new Uri("/api/sessions/bench-0@127.0.0.1/pause", UriKind.Relative), null).ConfigureAwait(false))
            {
                Volatile.Write(ref okReceived, 1);
            }

            await Task.Delay(1).ConfigureAwait(false);
            Volatile.Write(ref stop, 1);
            leaked += await reader.ConfigureAwait(false);
            (await http.PostAsync(new Uri("/api/sessions/bench-0@127.0.0.1/resume", UriKind.Relative), null).ConfigureAwait(false)).Dispose();
        }

        return leaked;
    }

    private static async Task<double> TimeAsync(HttpClient http, HttpMethod method, string path)
    {
        var start = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        using var response = await http.SendAsync(request).ConfigureAwait(false);
        await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode}");
        }

        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static void Print(TextWriter output, string name, List<double> samples)
    {
        samples.Sort();
        var p50 = samples[samples.Count / 2];
        var p99 = samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(samples.Count * 0.99) - 1)];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pause/resume: {name}: n={samples.Count} p50={p50:F3} ms p99={p99:F3} ms"));
    }
}
