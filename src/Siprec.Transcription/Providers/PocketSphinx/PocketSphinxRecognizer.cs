using Siprec.Transcription.Configuration;

namespace Siprec.Transcription.Providers.PocketSphinx;

/// <summary>
/// Experimental local, offline recognizer through Debian's libpocketsphinx3 and pocketsphinx-en-us.
/// Accuracy on 8 kHz telephone audio is poor; it proves the local path without any network.
/// </summary>
public sealed class PocketSphinxRecognizer : ISpeechRecognizer
{
    private readonly PocketSphinxSettings _settings;
    private readonly TimeProvider _time;

    /// <summary>Creates the recognizer; throws <see cref="SpeechProviderException"/> when the library or model is missing.</summary>
    public PocketSphinxRecognizer(PocketSphinxSettings settings, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!PocketSphinxNative.IsAvailable())
        {
            throw new SpeechProviderException("pocketsphinx", $"provider unavailable: {PocketSphinxNative.Library} not found (install libpocketsphinx3).");
        }

        if (!File.Exists(Path.Combine(settings.ModelDirectory, "en-us.lm.bin")))
        {
            throw new SpeechProviderException("pocketsphinx", $"provider unavailable: no model in '{settings.ModelDirectory}' (install pocketsphinx-en-us).");
        }

        _settings = settings;
        _time = timeProvider;
    }

    /// <inheritdoc />
    public string Name => "pocketsphinx";

    /// <inheritdoc />
    public int PreferredSampleRate => 16000;

    /// <inheritdoc />
    public async Task<ISpeechStream> OpenStreamAsync(SpeechStreamOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var decoder = await Task.Run(() => new PocketSphinxDecoder(_settings.ModelDirectory, options.SampleRate), cancellationToken).ConfigureAwait(false);
        return new PocketSphinxStream(decoder, Name, options, _time);
    }
}
