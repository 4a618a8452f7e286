using Microsoft.Extensions.Logging;
using Siprec.Recording.Control;
using Siprec.Recording.Sessions;
using Siprec.Server.Api;

namespace Siprec.Server.Observability;

/// <summary>Writes one structured log record per pause/resume operation; never logs API keys, only key ids.</summary>
public sealed partial class PauseEventLogger(ILogger<PauseEventLogger> logger) : IPauseEventSink
{
    /// <summary>The <c>component</c> field of every line, so operators can filter with <c>grep pause_resume</c>.</summary>
    public const string Component = "pause_resume";

    /// <inheritdoc />
    public void Publish(PauseEvent pauseEvent)
    {
        ArgumentNullException.ThrowIfNull(pauseEvent);
        var s = pauseEvent.Status;
        var source = PauseStatusJson.SourceName(pauseEvent.Source);
        switch (pauseEvent.Kind)
        {
            case PauseEventKind.Paused when pauseEvent.Source == PauseSource.Src:
                Log.PausedBySrc(logger, Component, s.SessionId, s.RecordingPaused, s.TranscriptionPaused, source);
                break;
            case PauseEventKind.Paused when pauseEvent.Source == PauseSource.Policy:
                Log.PausedByPolicy(logger, Component, s.SessionId, s.RecordingPaused, s.TranscriptionPaused, source, pauseEvent.Reason);
                break;
            case PauseEventKind.Paused:
                Log.PausedViaApi(
                    logger, Component, s.SessionId, pauseEvent.RecordingRequested, pauseEvent.TranscriptionRequested, s.RecordingPaused,
                    s.TranscriptionPaused, pauseEvent.Changed, source, pauseEvent.Reason, pauseEvent.KeyId);
                break;
            case PauseEventKind.Resumed when pauseEvent.Source == PauseSource.Src:
                Log.ResumedBySrc(logger, Component, s.SessionId, s.RecordingPaused, s.TranscriptionPaused, source);
                break;
            case PauseEventKind.Resumed when pauseEvent.Source == PauseSource.Policy && pauseEvent.DigitCount is { } digits:
                Log.ResumedByPolicy(logger, Component, s.SessionId, s.RecordingPaused, s.TranscriptionPaused, source, pauseEvent.Reason, digits);
                break;
            case PauseEventKind.Resumed:
                Log.ResumedViaApi(
                    logger, Component, s.SessionId, pauseEvent.RecordingRequested, pauseEvent.TranscriptionRequested, s.RecordingPaused,
                    s.TranscriptionPaused, pauseEvent.Changed, pauseEvent.KeyId);
                break;
            case PauseEventKind.AutoResumed:
                Log.AutoResumed(logger, Component, s.SessionId, (long)(pauseEvent.EndedPauseDuration ?? TimeSpan.Zero).TotalSeconds);
                break;
            case PauseEventKind.PauseRateExceeded:
                // PauseRateAlert, which raises it, has logged it.
                break;
            default:
                Log.LimitExceeded(logger, Component, s.SessionId, s.RecordingPaused, s.TranscriptionPaused, (long)s.PauseDuration.TotalSeconds);
                break;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Session paused via API")]
        public static partial void PausedViaApi(
            ILogger logger, string component, string session_id, bool pause_recording, bool pause_transcription, bool recording_paused,
            bool transcription_paused, bool changed, string pause_source, string? reason, string? key_id);

        [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Session resumed via API")]
        public static partial void ResumedViaApi(
            ILogger logger, string component, string session_id, bool resume_recording, bool resume_transcription, bool recording_paused,
            bool transcription_paused, bool changed, string? key_id);

        [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Session paused by SRC")]
        public static partial void PausedBySrc(ILogger logger, string component, string session_id, bool recording_paused, bool transcription_paused, string pause_source);

        [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Session resumed by SRC")]
        public static partial void ResumedBySrc(ILogger logger, string component, string session_id, bool recording_paused, bool transcription_paused, string pause_source);

        [LoggerMessage(EventId = 106, Level = LogLevel.Information, Message = "Session paused by policy")]
        public static partial void PausedByPolicy(
            ILogger logger, string component, string session_id, bool recording_paused, bool transcription_paused, string pause_source, string? reason);

        [LoggerMessage(EventId = 107, Level = LogLevel.Information, Message = "Session resumed by policy")]
        public static partial void ResumedByPolicy(
            ILogger logger, string component, string session_id, bool recording_paused, bool transcription_paused, string pause_source, string? reason, int digits);

        [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Session auto-resumed after maximum pause duration")]
        public static partial void AutoResumed(ILogger logger, string component, string session_id, long paused_seconds);

        [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Session pause exceeded maximum duration; still paused")]
        public static partial void LimitExceeded(ILogger logger, string component, string session_id, bool recording_paused, bool transcription_paused, long paused_seconds);
    }
}
