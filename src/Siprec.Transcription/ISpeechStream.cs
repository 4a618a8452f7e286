using System.Threading.Channels;

namespace Siprec.Transcription;

/// <summary>
/// One open recognition stream. Audio writes, keep-alives, pause/resume and completion are called from one
/// writer at a time; <see cref="Results"/> may be read concurrently and completes (with the error, if any) when the stream ends.
/// </summary>
public interface ISpeechStream : IAsyncDisposable
{
    /// <summary>Results as they arrive; completes when the stream ends, faulted when the provider failed.</summary>
    ChannelReader<TranscriptResult> Results { get; }

    /// <summary>Sends mono PCM16 at <see cref="SpeechStreamOptions.SampleRate"/> whose first sample lies at <paramref name="sessionOffset"/> on the session clock.</summary>
    ValueTask WriteAudioAsync(ReadOnlyMemory<short> pcm, TimeSpan sessionOffset, CancellationToken cancellationToken);

    /// <summary>Keeps the connection open while no audio flows (paused or idle); a no-op for providers that need nothing.</summary>
    ValueTask KeepAliveAsync(CancellationToken cancellationToken);

    /// <summary>Transcription is paused: no audio follows until <see cref="ResumeAsync"/>; pending speech is finalised.</summary>
    ValueTask PauseAsync(CancellationToken cancellationToken);

    /// <summary>Transcription resumes; the next audio written continues the stream without any backlog.</summary>
    ValueTask ResumeAsync(CancellationToken cancellationToken);

    /// <summary>Ends the audio, waits for the provider's last results and completes <see cref="Results"/>.</summary>
    ValueTask CompleteAsync(CancellationToken cancellationToken);
}
