using Siprec.Server.Configuration;
using Siprec.Transcription.Configuration;

namespace Siprec.Server.Health;

/// <summary>
/// Whether calls are transcribed, as <c>/health</c> and the web console tell it: with no provider configured, the
/// setting that turns transcription on, so that an empty transcript never looks like a fault.
/// </summary>
public sealed record TranscriptionHealth(bool Enabled, string Provider, string Detail)
{
    /// <summary>The state that <paramref name="stt"/> configures.</summary>
    public static TranscriptionHealth Of(SttOptions stt)
    {
        ArgumentNullException.ThrowIfNull(stt);
        if (stt.Enabled)
        {
            return new TranscriptionHealth(true, stt.Provider, $"calls are transcribed by {stt.Provider} (STT_PROVIDER)");
        }

        var providers = string.Join(", ", SpeechRecognizerFactory.KnownProviders.Where(p => p != "none"));
        return new TranscriptionHealth(
            false, stt.Provider, $"transcription is off: set STT_PROVIDER to one of {providers} and restart (see docs/transcription.md)");
    }
}
