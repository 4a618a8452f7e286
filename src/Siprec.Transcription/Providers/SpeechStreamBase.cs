using System.Threading.Channels;

namespace Siprec.Transcription.Providers;

/// <summary>
/// Shared plumbing for provider streams: the result channel, the sent-audio to session-clock map and result stamping.
/// A new provider implements the wire protocol and calls <see cref="Publish"/> and <see cref="CompleteResults"/>.
/// </summary>
public abstract class SpeechStreamBase : ISpeechStream
{
    private readonly Channel<TranscriptResult> _results = Channel.CreateUnbounded<TranscriptResult>(
        new UnboundedChannelOptions { SingleWriter = false, SingleReader = true });

    /// <summary>Initialises the stream for <paramref name="options"/>.</summary>
    protected SpeechStreamBase(string providerName, SpeechStreamOptions options, TimeProvider timeProvider)
    {
        ProviderName = providerName;
        Options = options;
        Time = timeProvider;
        TimeMap = new SessionTimeMap(options.SampleRate);
    }

    /// <summary>The provider's name stamped on results.</summary>
    protected string ProviderName { get; }

    /// <summary>The stream's options.</summary>
    protected SpeechStreamOptions Options { get; }

    /// <summary>The clock used for received-at stamps.</summary>
    protected TimeProvider Time { get; }

    /// <summary>Maps provider audio time to the session clock.</summary>
    protected SessionTimeMap TimeMap { get; }

    /// <inheritdoc />
    public ChannelReader<TranscriptResult> Results => _results.Reader;

    /// <inheritdoc />
    public abstract ValueTask WriteAudioAsync(ReadOnlyMemory<short> pcm, TimeSpan sessionOffset, CancellationToken cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask KeepAliveAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public virtual ValueTask PauseAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public virtual ValueTask ResumeAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public abstract ValueTask CompleteAsync(CancellationToken cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await DisposeCoreAsync().ConfigureAwait(false);
        CompleteResults(null);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the connection.</summary>
    protected abstract ValueTask DisposeCoreAsync();

    /// <summary>Publishes a result whose times are in the audio sent to the provider.</summary>
    protected void Publish(bool isFinal, string text, double? confidence, TimeSpan sentStart, TimeSpan sentEnd)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        var result = new TranscriptResult(
            Options.SessionId,
            Options.StreamIndex,
            Options.SpeakerAor,
            Options.SpeakerName,
            isFinal,
            text.Trim(),
            confidence,
            TimeMap.ToSession(sentStart),
            TimeMap.ToSession(sentEnd < sentStart ? sentStart : sentEnd),
            ProviderName,
            Time.GetUtcNow());
        _results.Writer.TryWrite(result);
    }

    /// <summary>Ends the result sequence; a non-null <paramref name="error"/> faults it.</summary>
    protected void CompleteResults(Exception? error) => _results.Writer.TryComplete(error);
}
