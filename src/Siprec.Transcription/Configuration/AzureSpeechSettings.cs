namespace Siprec.Transcription.Configuration;

/// <summary>Azure AI Speech real-time settings.</summary>
/// <param name="Key">Subscription key sent as <c>Ocp-Apim-Subscription-Key</c>.</param>
/// <param name="AuthorizationToken">Authorization token sent as a bearer token, used when no key is set.</param>
/// <param name="Region">Service region, such as <c>westeurope</c>; names the public endpoint.</param>
/// <param name="Endpoint">Full recognition endpoint, used instead of the region's (private endpoints, containers, test servers).</param>
public sealed record AzureSpeechSettings(string? Key, string? AuthorizationToken, string? Region, Uri? Endpoint)
{
    /// <summary>The conversation-mode recognition endpoint: the endpoint when set, else the region's public one.</summary>
    public Uri? RecognitionUri => Endpoint
        ?? (Region is null ? null : new Uri($"wss://{Region}.stt.speech.microsoft.com/speech/recognition/conversation/cognitiveservices/v1"));
}
