namespace Siprec.Transcription;

/// <summary>A speech provider failed or is unavailable; recording is never affected.</summary>
public sealed class SpeechProviderException : Exception
{
    /// <summary>Creates the error for <paramref name="provider"/>.</summary>
    public SpeechProviderException(string provider, string message, Exception? innerException = null)
        : base($"{provider}: {message}", innerException)
    {
        Provider = provider;
    }

    /// <summary>The provider's name.</summary>
    public string Provider { get; }
}
