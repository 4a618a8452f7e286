namespace Siprec.Transcription.Configuration;

/// <summary>Local PocketSphinx settings (experimental).</summary>
/// <param name="ModelDirectory">Directory holding the acoustic model folder, language model and dictionary.</param>
public sealed record PocketSphinxSettings(string ModelDirectory)
{
    /// <summary>Where Debian's <c>pocketsphinx-en-us</c> installs the model.</summary>
    public const string DefaultModelDirectory = "/usr/share/pocketsphinx/model/en-us";
}
