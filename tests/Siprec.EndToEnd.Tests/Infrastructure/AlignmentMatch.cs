namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>Where a reference signal sits in a recording: the reference's first sample is at recording sample <paramref name="LagSamples"/>, with normalized correlation <paramref name="Correlation"/> (-1..1).</summary>
public sealed record AlignmentMatch(int LagSamples, double Correlation, int SampleRate)
{
    /// <summary>The lag as time.</summary>
    public TimeSpan Lag => TimeSpan.FromSeconds((double)LagSamples / SampleRate);
}
