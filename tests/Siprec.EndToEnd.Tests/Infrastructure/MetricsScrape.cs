using System.Globalization;
using System.Text.RegularExpressions;

namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>Reads GET /metrics of a running server: single series values, and a bounded wait for a state.</summary>
public static class MetricsScrape
{
    /// <summary>Scrapes every 100 ms, up to 100 times, until <paramref name="condition"/> holds; fails the test with the RTP and session series otherwise.</summary>
    public static async Task<string> WhenAsync(ServerProcess server, Func<string, bool> condition)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(condition);
        var text = "";
        for (var i = 0; i < 100; i++)
        {
            text = await server.Http.GetStringAsync(new Uri("metrics", UriKind.Relative));
            if (condition(text))
                return text;
            await Task.Delay(100);
        }

        Assert.Fail("the metrics never reached the expected state:\n" + string.Join('\n', text.Split('\n').Where(l => l.StartsWith("siprec_rtp", StringComparison.Ordinal) || l.StartsWith("siprec_sessions", StringComparison.Ordinal))));
        return text;
    }

    /// <summary>The value of <paramref name="series"/> (name and labels as exposed); fails the test when it is missing.</summary>
    public static double Value(string exposition, string series)
    {
        var match = Regex.Match(exposition, "(?m)^" + Regex.Escape(series) + " (\\S+)$");
        Assert.True(match.Success, "missing series " + series);
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
