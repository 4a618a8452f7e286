namespace Siprec.Bench.Sip;

/// <summary>What one SIPp run reports: final call counters and every INVITE→200 response time.</summary>
/// <param name="Successful">Calls that completed the scenario.</param>
/// <param name="Failed">Calls that failed.</param>
/// <param name="ResponseTimesMs">INVITE→200 times in milliseconds, one per answered call.</param>
/// <param name="AnswerSpan">Time between the first and the last answer.</param>
/// <param name="ExitCode">SIPp's exit code (0 = all calls succeeded).</param>
public sealed record SippStatistics(long Successful, long Failed, IReadOnlyList<double> ResponseTimesMs, TimeSpan AnswerSpan, int ExitCode)
{
    /// <summary>Answered calls per second over the span of answers.</summary>
    public double AnswersPerSecond => AnswerSpan.TotalSeconds > 0 ? (ResponseTimesMs.Count - 1) / AnswerSpan.TotalSeconds : 0;
}
