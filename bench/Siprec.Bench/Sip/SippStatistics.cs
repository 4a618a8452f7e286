namespace Siprec.Bench.Sip;

/// <summary>What one SIPp run reports: its final cumulative counters, every response time it traced and its log lines.</summary>
/// <param name="Counters">The last row of <c>-trace_stat</c>'s cumulative counters, by column name (e.g. <c>OutgoingCall(C)</c>).</param>
/// <param name="ResponseTimesByRtd">Response times in milliseconds by response-time timer number (the scenario's <c>rtd</c>; 1 is <c>rtd="true"</c>).</param>
/// <param name="AnswerSpan">Time between the first and the last response of timer 1.</param>
/// <param name="OfferSpan">Time SIPp took to place all its calls, to the one-second resolution of its statistics rows.</param>
/// <param name="Logged">Lines of the scenario's <c>&lt;log&gt;</c> actions.</param>
/// <param name="ExitCode">SIPp's exit code (0 = all calls succeeded).</param>
public sealed record SippStatistics(
    IReadOnlyDictionary<string, long> Counters,
    IReadOnlyDictionary<int, IReadOnlyList<double>> ResponseTimesByRtd,
    TimeSpan AnswerSpan,
    TimeSpan OfferSpan,
    IReadOnlyList<string> Logged,
    int ExitCode)
{
    /// <summary>Calls that completed the scenario.</summary>
    public long Successful => Counter("SuccessfulCall(C)");

    /// <summary>Calls that failed.</summary>
    public long Failed => Counter("FailedCall(C)");

    /// <summary>Calls placed.</summary>
    public long Placed => Counter("OutgoingCall(C)");

    /// <summary>Times of response-time timer 1 (INVITE→200 in the SIPREC scenarios), one per answered call.</summary>
    public IReadOnlyList<double> ResponseTimesMs => ResponseTimes(1);

    /// <summary>Answered calls per second over the span of answers.</summary>
    public double AnswersPerSecond => AnswerSpan.TotalSeconds > 0 ? (ResponseTimesMs.Count - 1) / AnswerSpan.TotalSeconds : 0;

    /// <summary>The final value of the cumulative counter <paramref name="name"/>; 0 when SIPp wrote no such column.</summary>
    public long Counter(string name) => Counters.GetValueOrDefault(name);

    /// <summary>The times of response-time timer <paramref name="rtd"/>; empty when none was traced.</summary>
    public IReadOnlyList<double> ResponseTimes(int rtd) => ResponseTimesByRtd.GetValueOrDefault(rtd) ?? [];

    /// <summary>Log lines starting with <paramref name="prefix"/> and a space, without that prefix.</summary>
    public IReadOnlyList<string> LoggedAfter(string prefix) =>
        Logged.Where(l => l.StartsWith(prefix + " ", StringComparison.Ordinal)).Select(l => l[(prefix.Length + 1)..].Trim()).ToArray();
}
