using System.Collections.Concurrent;
using System.Threading.Channels;
using Siprec.Transcription;

namespace Siprec.Recording.Tests.Transcription;

/// <summary>
/// A recognizer at 8 kHz that counts the samples and keep-alives each stream receives, tells when a pause first reaches it, and
/// answers one final result per stream on completion (and on <see cref="CountingStream.Say"/>).
/// </summary>
internal sealed class CountingRecognizer : ISpeechRecognizer
{
    public ConcurrentDictionary<int, CountingStream> Streams { get; } = new();

    public string Name => "counting";

    public int PreferredSampleRate => 8000;

    public Task<ISpeechStream> OpenStreamAsync(SpeechStreamOptions options, CancellationToken cancellationToken)
    {
        var stream = Streams.GetOrAdd(options.StreamIndex, _ => new CountingStream(options));
        stream.Opened(options);
        return Task.FromResult<ISpeechStream>(stream);
    }

    internal sealed class CountingStream(SpeechStreamOptions options) : ISpeechStream
    {
        private readonly Lock _lock = new();
        private readonly List<(TimeSpan At, long Samples)> _writes = [];
        private readonly TaskCompletionSource<long> _firstPause = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Channel<TranscriptResult> _results = Channel.CreateUnbounded<TranscriptResult>();
        private long _samples;
        private int _keepAlives;

        public SpeechStreamOptions Options { get; private set; } = options;

        public long Samples => Interlocked.Read(ref _samples);

        public int PauseCalls { get; private set; }

        /// <summary>Completes at the first pause with the samples received before it.</summary>
        public Task<long> FirstPause => _firstPause.Task;

        public int KeepAlives => Volatile.Read(ref _keepAlives);

        public int ResumeCalls { get; private set; }

        public ChannelReader<TranscriptResult> Results => _results.Reader;

        /// <summary>Samples received whose session time lies in [from, to).</summary>
        public long SamplesBetween(TimeSpan from, TimeSpan to)
        {
            lock (_lock)
            {
                return _writes.Where(w => w.At >= from && w.At < to).Sum(w => w.Samples);
            }
        }

        public void Opened(SpeechStreamOptions options)
        {
            Options = options;
            _results = Channel.CreateUnbounded<TranscriptResult>();
        }

        public ValueTask WriteAudioAsync(ReadOnlyMemory<short> pcm, TimeSpan sessionOffset, CancellationToken cancellationToken)
        {
            Interlocked.Add(ref _samples, pcm.Length);
            lock (_lock)
            {
                _writes.Add((sessionOffset, pcm.Length));
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask KeepAliveAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _keepAlives);
            return ValueTask.CompletedTask;
        }

        public ValueTask PauseAsync(CancellationToken cancellationToken)
        {
            PauseCalls++;
            _firstPause.TrySetResult(Samples);
            return ValueTask.CompletedTask;
        }

        public ValueTask ResumeAsync(CancellationToken cancellationToken)
        {
            ResumeCalls++;
            return ValueTask.CompletedTask;
        }

        /// <summary>Answers a final result now, named after the speaker the stream was opened for, as a provider does mid-call.</summary>
        public void Say(string text) =>
            _results.Writer.TryWrite(new TranscriptResult(
                Options.SessionId, Options.StreamIndex, Options.SpeakerAor, Options.SpeakerName, true, text, 1.0,
                TimeSpan.Zero, TimeSpan.FromSeconds(Samples / 8000.0), "counting", DateTimeOffset.UnixEpoch));

        public ValueTask CompleteAsync(CancellationToken cancellationToken)
        {
            Say($"samples {Samples}");
            _results.Writer.TryComplete();
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            _results.Writer.TryComplete();
            return ValueTask.CompletedTask;
        }
    }
}
