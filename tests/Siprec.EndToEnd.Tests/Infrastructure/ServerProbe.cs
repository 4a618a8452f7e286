using System.Diagnostics;
using System.Net;
using Siprec.Server.Tests.Support;

namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>What a fault test asks of a running server: does it still answer SIP and HTTP, what does /metrics say, what did it log.</summary>
public static class ServerProbe
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>Asserts that an out-of-dialog OPTIONS gets 200 and GET /health/live gets 200.</summary>
    public static async Task AssertAnswersSipAndHttpAsync(ServerProcess server)
    {
        using (var probe = new SiprecCaller(new IPEndPoint(IPAddress.Loopback, server.SipPort), "probe-" + Guid.NewGuid().ToString("N")))
        {
            var options = await probe.OptionsAsync();
            Xunit.Assert.True(options.Status == 200, $"OPTIONS answered {options.Status}\n{server.LogTail()}");
        }

        using var live = await server.Http.GetAsync(new Uri("health/live", UriKind.Relative));
        Xunit.Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    /// <summary>The value of <paramref name="series"/> (a metric name, with its labels as exposed, such as <c>name{a="b"}</c>) in GET /metrics.</summary>
    public static async Task<double> MetricAsync(ServerProcess server, string series) =>
        MetricsScrape.Value(await server.Http.GetStringAsync(new Uri("metrics", UriKind.Relative)), series);

    /// <summary>Scrapes until <paramref name="series"/> satisfies <paramref name="wanted"/> and returns its value; throws after <paramref name="bound"/>.</summary>
    public static async Task<double> WaitForMetricAsync(ServerProcess server, string series, Func<double, bool> wanted, TimeSpan bound, string because)
    {
        var clock = Stopwatch.StartNew();
        var value = await MetricAsync(server, series);
        while (!wanted(value))
        {
            if (clock.Elapsed > bound)
                throw new TimeoutException($"{series} stayed at {value} for {bound.TotalSeconds} s; expected {because}\n{server.LogTail()}");
            await Task.Delay(Poll);
            value = await MetricAsync(server, series);
        }

        return value;
    }

    /// <summary>Waits until the server's log holds a line containing every one of <paramref name="parts"/>, and returns it; throws after <paramref name="bound"/>.</summary>
    public static async Task<string> WaitForLogLineAsync(ServerProcess server, TimeSpan bound, params string[] parts)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var line = LogLines(server).FirstOrDefault(l => parts.All(p => l.Contains(p, StringComparison.Ordinal)));
            if (line is not null)
                return line;
            if (clock.Elapsed > bound)
                throw new TimeoutException($"no log line with {string.Join(", ", parts)} within {bound.TotalSeconds} s\n{server.LogTail()}");
            await Task.Delay(Poll);
        }
    }

    /// <summary>Every line the server has logged so far.</summary>
    public static IReadOnlyList<string> LogLines(ServerProcess server)
    {
        using var stream = new FileStream(server.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n');
    }
}
