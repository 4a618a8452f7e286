namespace Siprec.Bench.Sip;

/// <summary>The measured call set-up capacity.</summary>
/// <param name="CallsPerSecond">The highest rate that passed; 0 when even the first step failed.</param>
/// <param name="Steps">Each step's rate and outcome, for the report.</param>
public sealed record SetupCapacity(int CallsPerSecond, string Steps);
