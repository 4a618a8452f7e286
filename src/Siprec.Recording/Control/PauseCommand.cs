using Siprec.Media.Pipeline;
using Siprec.Recording.Sessions;

namespace Siprec.Recording.Control;

/// <summary>A pause request; null fields take the configured defaults.</summary>
/// <param name="PauseRecording">Pause writing audio to the recording.</param>
/// <param name="PauseTranscription">Pause sending audio to the speech provider.</param>
/// <param name="Reason">Free-text reason kept in the audit trail and the sidecar.</param>
/// <param name="Behavior">How the paused interval appears in the recording.</param>
/// <param name="IdempotencyKey">A repeated request with the same key is applied once.</param>
/// <param name="KeyId">Audit id of the caller's API key.</param>
/// <param name="Source">Who asks: the API or a policy.</param>
public sealed record PauseCommand(
    bool? PauseRecording = null,
    bool? PauseTranscription = null,
    string? Reason = null,
    PausedAudioBehavior? Behavior = null,
    string? IdempotencyKey = null,
    string? KeyId = null,
    PauseSource Source = PauseSource.Api);
