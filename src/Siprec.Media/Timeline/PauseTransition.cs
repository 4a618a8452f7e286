using Siprec.Media.Pipeline;

namespace Siprec.Media.Timeline;

/// <summary>A point where the writer started or stopped applying the recording pause.</summary>
/// <param name="Paused">True when the pause starts here, false when recording resumes.</param>
/// <param name="FileSampleOffset">Sample frame in the output file where the transition lies.</param>
/// <param name="SessionOffset">Position on the session clock (time since session start).</param>
/// <param name="WallClock">Wall-clock time of that session-clock position.</param>
/// <param name="Behavior">How the paused interval is written.</param>
public sealed record PauseTransition(bool Paused, long FileSampleOffset, TimeSpan SessionOffset, DateTimeOffset WallClock, PausedAudioBehavior Behavior);
