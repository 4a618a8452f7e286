namespace Siprec.Transcription.Configuration;

/// <summary>Amazon Transcribe streaming settings; credentials come from the usual AWS chain.</summary>
/// <param name="Region">AWS region, such as <c>us-east-1</c>; names the public endpoint and the signing scope.</param>
/// <param name="Endpoint">WebSocket endpoint used instead of the region's (VPC endpoints, test servers).</param>
/// <param name="Profile">Shared-credentials profile, overriding <c>AWS_PROFILE</c>.</param>
public sealed record AwsTranscribeSettings(string? Region, Uri? Endpoint, string? Profile)
{
    /// <summary>The streaming endpoint: the override when set, else the region's public one.</summary>
    public Uri? StreamUri => Endpoint
        ?? (Region is null ? null : new Uri($"wss://transcribestreaming.{Region}.amazonaws.com:8443/stream-transcription-websocket"));
}
