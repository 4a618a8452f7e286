using Siprec.Transcription.Configuration;
using Siprec.Transcription.Providers.PocketSphinx;

namespace Siprec.Transcription.Tests.Providers.PocketSphinx;

/// <summary>A fact that is reported skipped, with the reason, when the PocketSphinx library, model or audio tools are missing.</summary>
public sealed class PocketSphinxFactAttribute : FactAttribute
{
    public PocketSphinxFactAttribute()
    {
        if (MissingPrerequisite() is { } reason)
        {
            Skip = $"pocketsphinx unavailable: {reason} (install libpocketsphinx3 pocketsphinx-en-us espeak-ng sox)";
        }
    }

    private static string? MissingPrerequisite()
    {
        foreach (var tool in new[] { "espeak-ng", "sox" })
        {
            if (!File.Exists("/usr/bin/" + tool))
            {
                return tool + " not installed";
            }
        }

        try
        {
            _ = new PocketSphinxRecognizer(new PocketSphinxSettings(PocketSphinxSettings.DefaultModelDirectory), TimeProvider.System);
            return null;
        }
        catch (SpeechProviderException ex)
        {
            return ex.Message;
        }
    }
}
