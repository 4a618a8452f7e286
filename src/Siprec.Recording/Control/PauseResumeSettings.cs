using Siprec.Media.Pipeline;

namespace Siprec.Recording.Control;

/// <summary>Defaults and limits of the pause/resume service.</summary>
/// <param name="PauseRecordingByDefault">A pause request that does not say pauses recording.</param>
/// <param name="PauseTranscriptionByDefault">A pause request that does not say pauses transcription.</param>
/// <param name="MaxPauseDuration">Longest an API pause may hold; <see cref="TimeSpan.Zero"/> means no limit.</param>
/// <param name="AutoResume">At the limit, resume automatically (true) or raise a single warning and stay paused (false).</param>
/// <param name="DefaultBehavior">How a paused interval appears in the recording unless the request says.</param>
/// <param name="SourceBehavior">
/// How an SRC pause (a=inactive) appears in the recording; null to follow the call: the behavior of its latest API pause,
/// else <paramref name="DefaultBehavior"/>.
/// </param>
public sealed record PauseResumeSettings(
    bool PauseRecordingByDefault = true,
    bool PauseTranscriptionByDefault = true,
    TimeSpan MaxPauseDuration = default,
    bool AutoResume = false,
    PausedAudioBehavior DefaultBehavior = PausedAudioBehavior.Skip,
    PausedAudioBehavior? SourceBehavior = null);
