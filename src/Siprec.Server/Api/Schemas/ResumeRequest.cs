using System.ComponentModel;

namespace Siprec.Server.Api.Schemas;

/// <summary>The optional body of a resume request, as the OpenAPI document describes it; <see cref="ControlRequestBody"/> reads it.</summary>
public sealed record ResumeRequest
{
    /// <summary>Resume the recording.</summary>
    [Description("Resume the recording; defaults to true.")]
    public bool? ResumeRecording { get; init; }

    /// <summary>Resume the transcription.</summary>
    [Description("Resume the transcription; defaults to true.")]
    public bool? ResumeTranscription { get; init; }

    /// <summary>Why.</summary>
    [Description("Why, kept in the audit trail.")]
    public string? Reason { get; init; }

    /// <summary>The request's idempotency key.</summary>
    [Description("Repeating a request with the same key returns the first result.")]
    public string? IdempotencyKey { get; init; }
}
