namespace Siprec.Recording.Control;

/// <summary>A resume request; by default both recording and transcription resume.</summary>
/// <param name="ResumeRecording">Resume writing audio to the recording.</param>
/// <param name="ResumeTranscription">Resume sending audio to the speech provider.</param>
/// <param name="IdempotencyKey">A repeated request with the same key is applied once.</param>
/// <param name="KeyId">Audit id of the caller's API key.</param>
/// <param name="Reason">Free-text reason kept in the audit trail.</param>
public sealed record ResumeCommand(
    bool ResumeRecording = true,
    bool ResumeTranscription = true,
    string? IdempotencyKey = null,
    string? KeyId = null,
    string? Reason = null);
