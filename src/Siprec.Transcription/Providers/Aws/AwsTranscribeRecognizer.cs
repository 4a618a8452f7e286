using System.Globalization;
using System.Net.WebSockets;
using Siprec.Transcription.Configuration;

namespace Siprec.Transcription.Providers.Aws;

/// <summary>
/// Amazon Transcribe streaming over WebSocket: a SigV4-presigned URL, PCM <c>AudioEvent</c> messages in the AWS event-stream
/// framing, <c>TranscriptEvent</c> messages (partial and final results) back.
/// </summary>
public sealed class AwsTranscribeRecognizer : ISpeechRecognizer
{
    private const string Service = "transcribe";
    private static readonly TimeSpan UrlLifetime = TimeSpan.FromMinutes(5);

    private readonly string _region;
    private readonly Uri _uri;
    private readonly string _language;
    private readonly Func<AwsCredentials?> _credentials;
    private readonly TimeProvider _time;

    /// <summary>Creates the recognizer; <paramref name="credentials"/> is asked on every connect so rotated credentials are picked up.</summary>
    public AwsTranscribeRecognizer(AwsTranscribeSettings settings, string? language, Func<AwsCredentials?> credentials, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(credentials);
        _region = settings.Region ?? throw new TranscriptionConfigurationException("STT_PROVIDER=aws needs AWS_REGION.");
        _uri = settings.StreamUri!;
        _language = language ?? "en-US";
        _credentials = credentials;
        _time = timeProvider;
        if (credentials() is null)
        {
            throw new TranscriptionConfigurationException(
                "STT_PROVIDER=aws found no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile (AWS_PROFILE) in the shared credentials file (AWS_SHARED_CREDENTIALS_FILE, default ~/.aws/credentials).");
        }
    }

    /// <inheritdoc />
    public string Name => "aws";

    /// <inheritdoc />
    public int PreferredSampleRate => 16000;

    /// <inheritdoc />
    public async Task<ISpeechStream> OpenStreamAsync(SpeechStreamOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var credentials = _credentials() ?? throw new SpeechProviderException(Name, "no AWS credentials found");
        var query = string.Create(
            CultureInfo.InvariantCulture,
            $"language-code={Uri.EscapeDataString(options.Language ?? _language)}&media-encoding=pcm&sample-rate={options.SampleRate}");
        var unsigned = new UriBuilder(_uri) { Query = query }.Uri;
        var signed = AwsSigV4Presigner.Presign(unsigned, _region, Service, credentials, _time.GetUtcNow(), UrlLifetime);
        return await WebSocketSpeechStream.ConnectAsync(
            new ClientWebSocket(),
            signed,
            Name,
            (connected, _) => Task.FromResult<ISpeechStream>(new AwsTranscribeStream(connected, Name, options, _time)),
            cancellationToken).ConfigureAwait(false);
    }
}
