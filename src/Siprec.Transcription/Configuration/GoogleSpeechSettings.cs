namespace Siprec.Transcription.Configuration;

/// <summary>Google Cloud Speech-to-Text v1 streaming settings.</summary>
/// <param name="Endpoint">gRPC endpoint; <c>http://</c> endpoints use HTTP/2 without TLS (self-hosted or test servers).</param>
/// <param name="ApiKey">API key sent as <c>x-goog-api-key</c>.</param>
/// <param name="AccessToken">OAuth access token sent as a bearer token, used when no API key is set.</param>
/// <param name="Model">Recognition model, or null for the default.</param>
/// <param name="StreamRotation">Audio length after which a stream is replaced, below the provider's ~5-minute limit.</param>
public sealed record GoogleSpeechSettings(Uri Endpoint, string? ApiKey, string? AccessToken, string? Model, TimeSpan StreamRotation)
{
    /// <summary>The public endpoint.</summary>
    public static Uri DefaultEndpoint { get; } = new("https://speech.googleapis.com");

    /// <summary>Default rotation, safely below the 305-second stream limit.</summary>
    public static TimeSpan DefaultStreamRotation { get; } = TimeSpan.FromSeconds(290);
}
