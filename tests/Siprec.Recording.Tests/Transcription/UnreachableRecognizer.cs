using Siprec.Transcription;

namespace Siprec.Recording.Tests.Transcription;

/// <summary>A provider that can never be reached.</summary>
internal sealed class UnreachableRecognizer : ISpeechRecognizer
{
    private int _attempts;

    public int Attempts => Volatile.Read(ref _attempts);

    public string Name => "unreachable";

    public int PreferredSampleRate => 16000;

    public Task<ISpeechStream> OpenStreamAsync(SpeechStreamOptions options, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        throw new SpeechProviderException(Name, "connection refused");
    }
}
