using System.Threading.Channels;

namespace Siprec.Transcription.Tests.Fakes;

/// <summary>An in-memory provider whose behaviour a test scripts: failing opens, stalled writes, counted samples.</summary>
internal sealed class ScriptedRecognizer : ISpeechRecognizer
{
    private int _opens;
    private long _samples;

    public string Name => "scripted";

    public int PreferredSampleRate { get; init; } = 16000;

    public bool FailOpen { get; set; }

    public TaskCompletionSource WriteGate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool StallWrites { get; init; }

    public int Opens => Volatile.Read(ref _opens);

    public long Samples => Interlocked.Read(ref _samples);

    public Channel<TranscriptResult> Results { get; } = Channel.CreateUnbounded<TranscriptResult>();

    public Task<ISpeechStream> OpenStreamAsync(SpeechStreamOptions options, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _opens);
        if (FailOpen)
        {
            throw new SpeechProviderException(Name, "connection refused");
        }

        return Task.FromResult<ISpeechStream>(new Stream(this));
    }

    private sealed class Stream(ScriptedRecognizer owner) : ISpeechStream
    {
        public ChannelReader<TranscriptResult> Results => owner.Results.Reader;

        public async ValueTask WriteAudioAsync(ReadOnlyMemory<short> pcm, TimeSpan sessionOffset, CancellationToken cancellationToken)
        {
            if (owner.StallWrites)
            {
                await owner.WriteGate.Task.WaitAsync(cancellationToken);
            }

            Interlocked.Add(ref owner._samples, pcm.Length);
        }

        public ValueTask KeepAliveAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask PauseAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask ResumeAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask CompleteAsync(CancellationToken cancellationToken)
        {
            owner.Results.Writer.TryComplete();
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
