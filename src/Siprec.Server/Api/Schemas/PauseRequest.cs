using System.ComponentModel;
using Siprec.Media.Pipeline;

namespace Siprec.Server.Api.Schemas;

/// <summary>The optional body of a pause request, as the OpenAPI document describes it; <see cref="ControlRequestBody"/> reads it.</summary>
public sealed record PauseRequest
{
    /// <summary>Pause the recording.</summary>
    [Description("Pause the recording; defaults to PAUSE_RECORDING.")]
    public bool? PauseRecording { get; init; }

    /// <summary>Pause the transcription.</summary>
    [Description("Pause the transcription; defaults to PAUSE_TRANSCRIPTION.")]
    public bool? PauseTranscription { get; init; }

    /// <summary>Why.</summary>
    [Description("Why, kept in the audit trail and the sidecar.")]
    public string? Reason { get; init; }

    /// <summary>What the recording holds while paused.</summary>
    [Description("What the recording holds while paused; defaults to PAUSE_BEHAVIOR.")]
    public PausedAudioBehavior? PauseBehavior { get; init; }

    /// <summary>The request's idempotency key.</summary>
    [Description("Repeating a request with the same key returns the first result.")]
    public string? IdempotencyKey { get; init; }
}
