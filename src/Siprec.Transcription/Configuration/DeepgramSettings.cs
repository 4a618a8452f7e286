namespace Siprec.Transcription.Configuration;

/// <summary>Deepgram streaming settings.</summary>
/// <param name="ApiKey">API key sent as <c>Authorization: Token</c>.</param>
/// <param name="Url">Full listen endpoint, e.g. <c>wss://api.deepgram.com/v1/listen</c>.</param>
/// <param name="Model">Model name, or null for the account default.</param>
public sealed record DeepgramSettings(string? ApiKey, Uri Url, string? Model)
{
    /// <summary>The public endpoint.</summary>
    public static Uri DefaultUrl { get; } = new("wss://api.deepgram.com/v1/listen");
}
