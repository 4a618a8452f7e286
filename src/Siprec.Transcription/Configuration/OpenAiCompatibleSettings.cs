namespace Siprec.Transcription.Configuration;

/// <summary>Settings for a self-hosted server exposing <c>POST /v1/audio/transcriptions</c>.</summary>
/// <param name="Url">Full transcription endpoint, e.g. <c>http://127.0.0.1:8000/v1/audio/transcriptions</c>.</param>
/// <param name="ApiKey">Optional bearer token.</param>
/// <param name="Model">Model name the server expects.</param>
/// <param name="VadThresholdDbfs">Speech threshold of the utterance cutter, in dBFS.</param>
public sealed record OpenAiCompatibleSettings(Uri? Url, string? ApiKey, string Model, double VadThresholdDbfs = -40);
