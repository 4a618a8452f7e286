namespace Siprec.Bench.Reporting;

/// <summary>One measured figure with its target.</summary>
/// <param name="Scenario">setup, media or pause.</param>
/// <param name="Name">What was measured.</param>
/// <param name="Value">The measured value, with units.</param>
/// <param name="Target">The target, or "-" for context figures.</param>
/// <param name="Met">Whether the target was met; null when there is no target.</param>
public sealed record BenchFigure(string Scenario, string Name, string Value, string Target, bool? Met);
