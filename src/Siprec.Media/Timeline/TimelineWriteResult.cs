namespace Siprec.Media.Timeline;

/// <summary>What became of samples written to the session timeline.</summary>
/// <param name="LateSamples">Samples that fell before what the writer had already consumed.</param>
/// <param name="OverrunSamples">Samples too far ahead of the writer to be held.</param>
internal readonly record struct TimelineWriteResult(int LateSamples, int OverrunSamples);
