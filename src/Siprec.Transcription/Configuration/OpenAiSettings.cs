namespace Siprec.Transcription.Configuration;

/// <summary>OpenAI Realtime transcription settings.</summary>
/// <param name="ApiKey">API key sent as a bearer token.</param>
/// <param name="Url">Full realtime endpoint; <c>intent=transcription</c> is added when missing.</param>
/// <param name="Model">Transcription model, e.g. <c>gpt-4o-transcribe</c>.</param>
public sealed record OpenAiSettings(string? ApiKey, Uri Url, string Model)
{
    /// <summary>The public endpoint.</summary>
    public static Uri DefaultUrl { get; } = new("wss://api.openai.com/v1/realtime?intent=transcription");
}
