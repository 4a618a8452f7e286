namespace Siprec.Recording.Storage;

/// <summary>A step of the end of a call that failed; the steps after it still ran.</summary>
/// <param name="Step">
/// Which step: <c>media</c> (the WAV files), <c>transcription</c>, <c>source_pause</c>, or <c>sidecar</c> (the final
/// sidecar itself, which then exists only in memory for the finalized-recording sinks).
/// </param>
/// <param name="Message">What went wrong, as the failure said it.</param>
public sealed record SidecarError(string Step, string Message);
