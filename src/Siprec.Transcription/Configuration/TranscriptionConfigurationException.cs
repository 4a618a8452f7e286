namespace Siprec.Transcription.Configuration;

/// <summary>The transcription configuration is invalid (unknown provider, missing key, bad URL).</summary>
public sealed class TranscriptionConfigurationException : Exception
{
    /// <summary>Creates the error with a message naming the setting at fault.</summary>
    public TranscriptionConfigurationException(string message)
        : base(message)
    {
    }
}
