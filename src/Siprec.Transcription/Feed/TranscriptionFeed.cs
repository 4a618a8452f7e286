using System.Buffers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Siprec.Audio;
using Siprec.Transcription.Output;

namespace Siprec.Transcription.Feed;

/// <summary>
/// Feeds one participant stream to a speech provider. <see cref="Write"/> is called on the media hot path: it copies the
/// PCM into a bounded queue (dropping the oldest chunk when the provider lags) and never blocks or throws. A background
/// pump resamples to the provider's rate, keeps session-clock time, applies pause/resume with keep-alives, reconnects
/// with exponential backoff behind a circuit breaker, and hands results to the sinks, naming the speaker known at that time.
/// The pump sleeps until audio, a change of its <see cref="ITranscriptionGate"/> or a keep-alive (on the injected clock) wakes it.
/// </summary>
public sealed partial class TranscriptionFeed : IAsyncDisposable
{
    private readonly ISpeechRecognizer _recognizer;
    private volatile SpeechStreamOptions _streamOptions;
    private readonly TranscriptionMetrics _metrics;
    private readonly TranscriptionFeedOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<AudioChunk> _input;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TranscriptionReconnectPolicy _reconnect;
    private readonly SentAudioClock _sentClock = new();
    private readonly TranscriptResultForwarder _results;
    private readonly ITranscriptionGate _gate;
    private readonly PumpWakeup _wakeup = new();
    private Task _run = Task.CompletedTask;
    private PcmResampler? _resampler;
    private int _state = (int)TranscriptionFeedState.Connecting;
    private volatile string? _lastError;
    private long _errors;
    private long _reconnects;
    private long _dropped;
    private int _keepAliveDue;
    private int _started;
    private int _disposed;

    /// <summary>
    /// Creates a feed; <see cref="Start"/> begins streaming. <paramref name="streamOptions"/>' sample rate is replaced by the provider's.
    /// The feed obeys <paramref name="gate"/> (never paused when none is given) from creation until it is disposed.
    /// </summary>
    public TranscriptionFeed(
        ISpeechRecognizer recognizer,
        SpeechStreamOptions streamOptions,
        IReadOnlyList<ITranscriptSink> sinks,
        TranscriptionMetrics metrics,
        TranscriptionFeedOptions? options = null,
        TimeProvider? timeProvider = null,
        ILogger? logger = null,
        ITranscriptionGate? gate = null)
    {
        ArgumentNullException.ThrowIfNull(recognizer);
        ArgumentNullException.ThrowIfNull(streamOptions);
        ArgumentNullException.ThrowIfNull(sinks);
        ArgumentNullException.ThrowIfNull(metrics);
        _recognizer = recognizer;
        _streamOptions = streamOptions with { SampleRate = recognizer.PreferredSampleRate };
        _metrics = metrics;
        _options = options ?? TranscriptionFeedOptions.Default;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _input = Channel.CreateBounded<AudioChunk>(
            new BoundedChannelOptions(_options.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = false },
            OnChunkDropped);
        _metrics.RecordFeedState(null, TranscriptionFeedState.Connecting);
        _reconnect = new TranscriptionReconnectPolicy(_options, _time, OnReconnecting, () => SetState(TranscriptionFeedState.CircuitOpen));
        _results = new TranscriptResultForwarder(sinks, metrics, _sentClock, _reconnect, () => _streamOptions, _time, _logger);
        _gate = gate ?? new TranscriptionPauseSwitch();
        _gate.Changed += _wakeup.Set;
    }

    /// <summary>A snapshot for the session status.</summary>
    public TranscriptionFeedStatus Status => new(
        _recognizer.Name,
        (TranscriptionFeedState)Volatile.Read(ref _state),
        Interlocked.Read(ref _errors),
        Interlocked.Read(ref _reconnects),
        Interlocked.Read(ref _dropped),
        _lastError);

    /// <summary>Starts the background pump; later calls do nothing.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _run = Task.Run(RunAsync);
        }
    }

    /// <summary>
    /// Queues a copy of <paramref name="pcm"/> (mono PCM16 at <paramref name="sampleRate"/>, first sample at
    /// <paramref name="sessionSamplePosition"/> on the session clock at that rate). Never blocks or throws; returns false when the audio was not taken.
    /// </summary>
    public bool Write(ReadOnlySpan<short> pcm, int sampleRate, long sessionSamplePosition)
    {
        if (_gate.TranscriptionPaused || pcm.IsEmpty || sampleRate <= 0 || sessionSamplePosition < 0)
        {
            return false;
        }

        var buffer = ArrayPool<short>.Shared.Rent(pcm.Length);
        pcm.CopyTo(buffer);
        // Counted after the write: a full queue drops its oldest chunk inside TryWrite, so the level never passes the capacity.
        if (_input.Writer.TryWrite(new AudioChunk(buffer, pcm.Length, sampleRate, sessionSamplePosition)))
        {
            _metrics.RecordQueuedChunks(1);
            _wakeup.Set();
            return true;
        }

        ArrayPool<short>.Shared.Return(buffer);
        return false;
    }

    /// <summary>
    /// Names the participant speaking on this stream from now on: results handed to the sinks after this call carry it,
    /// and a stream reopened after a reconnect is opened for it.
    /// </summary>
    public void SetSpeaker(string? aor, string? name) =>
        _streamOptions = _streamOptions with { SpeakerAor = aor, SpeakerName = name };

    /// <summary>Ends the feed: sends what is queued, waits (bounded) for the last results and stops. Never throws.</summary>
    public async Task CompleteAsync()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        _input.Writer.TryComplete();
        _wakeup.Set();
        try
        {
            await _run.WaitAsync(_options.CompleteTimeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Log.CompletionTimedOut(_logger, _streamOptions.SessionId, _streamOptions.StreamIndex);
            await _lifetime.CancelAsync().ConfigureAwait(false);
            await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _gate.Changed -= _wakeup.Set;
        _input.Writer.TryComplete();
        await _lifetime.CancelAsync().ConfigureAwait(false);
        try
        {
            await _run.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }

        while (_input.Reader.TryRead(out var chunk))
        {
            _metrics.RecordQueuedChunks(-1);
            ArrayPool<short>.Shared.Return(chunk.Buffer);
        }

        SetState(TranscriptionFeedState.Completed);
        _lifetime.Dispose();
    }

    private void OnReconnecting(TimeSpan delay)
    {
        Interlocked.Increment(ref _reconnects);
        _metrics.RecordReconnect();
        Log.Reconnecting(_logger, _recognizer.Name, _streamOptions.SessionId, _streamOptions.StreamIndex, delay);
    }

    private async Task RunAsync()
    {
        try
        {
            await _reconnect.Pipeline.ExecuteAsync(RunStreamAsync, _lifetime.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // Disposed.
        }
        finally
        {
            SetState(TranscriptionFeedState.Completed);
        }
    }

    private async ValueTask RunStreamAsync(CancellationToken cancellationToken)
    {
        if (_input.Reader.Completion.IsCompleted)
        {
            return;
        }

        try
        {
            var stream = await _recognizer.OpenStreamAsync(_streamOptions, cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                SetState(TranscriptionFeedState.Streaming);
                _resampler = null;
                using var streamBroken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var forwarding = _results.ForwardAsync(stream, streamBroken);
                try
                {
                    await PumpAsync(stream, streamBroken.Token).ConfigureAwait(false);
                    using var completion = CancellationTokenSource.CreateLinkedTokenSource(streamBroken.Token);
                    completion.CancelAfter(_options.CompleteTimeout);
                    await stream.CompleteAsync(completion.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (streamBroken.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    // The provider reported a failure through its results and the forwarding cancelled the pump; the
                    // failure is rethrown below. (Testing forwarding.IsFaulted here raced: it cancels before it faults.)
                }

                await forwarding.ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _errors);
            _reconnect.RecordFailure();
            _lastError = ex.Message;
            SetState(TranscriptionFeedState.Reconnecting);
            _metrics.RecordError(_recognizer.Name, ex);
            Log.ProviderFailed(_logger, _recognizer.Name, _streamOptions.SessionId, _streamOptions.StreamIndex, ex.Message);
            throw;
        }
    }

    private async Task PumpAsync(ISpeechStream stream, CancellationToken cancellationToken)
    {
        var reader = _input.Reader;
        var streamPaused = false;
        var keepAliveArmed = false;
        using var keepAlive = _time.CreateTimer(
            static s => ((TranscriptionFeed)s!).OnKeepAliveDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        using var wakeOnCancel = cancellationToken.UnsafeRegister(static s => ((PumpWakeup)s!).Set(), _wakeup);
        while (true)
        {
            _wakeup.Consume();
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.TryRead(out var chunk))
            {
                _metrics.RecordQueuedChunks(-1);
                if (streamPaused && _gate.TranscriptionPaused)
                {
                    // Written just before a pause that reached the provider first: it would land inside the paused window.
                    ArrayPool<short>.Shared.Return(chunk.Buffer);
                    continue;
                }

                if (streamPaused)
                {
                    streamPaused = false;
                    await ApplyPauseAsync(stream, paused: false, cancellationToken).ConfigureAwait(false);
                }

                await SendAsync(stream, chunk, cancellationToken).ConfigureAwait(false);
                keepAliveArmed = false;
                continue;
            }

            // Only with the queue empty: audio written before a pause goes out ahead of it.
            if (_gate.TranscriptionPaused != streamPaused)
            {
                streamPaused = !streamPaused;
                await ApplyPauseAsync(stream, streamPaused, cancellationToken).ConfigureAwait(false);
                keepAliveArmed = false;
            }

            if (reader.Completion.IsCompleted)
            {
                return;
            }

            if (keepAliveArmed && Interlocked.Exchange(ref _keepAliveDue, 0) != 0)
            {
                await stream.KeepAliveAsync(cancellationToken).ConfigureAwait(false);
                keepAliveArmed = false;
            }

            if (!keepAliveArmed)
            {
                // Armed once per quiet spell, not per pass: it fires only after a whole interval without anything sent.
                Volatile.Write(ref _keepAliveDue, 0);
                keepAlive.Change(_options.KeepAliveInterval, Timeout.InfiniteTimeSpan);
                keepAliveArmed = true;
            }

            await _wakeup.WaitAsync().ConfigureAwait(false);
        }
    }

    private async Task ApplyPauseAsync(ISpeechStream stream, bool paused, CancellationToken cancellationToken)
    {
        if (paused)
        {
            await stream.PauseAsync(cancellationToken).ConfigureAwait(false);
            SetState(TranscriptionFeedState.Paused);
        }
        else
        {
            _resampler = null;
            await stream.ResumeAsync(cancellationToken).ConfigureAwait(false);
            SetState(TranscriptionFeedState.Streaming);
        }

        Log.PauseApplied(_logger, _streamOptions.SessionId, _streamOptions.StreamIndex, paused);
    }

    private void OnKeepAliveDue()
    {
        Volatile.Write(ref _keepAliveDue, 1);
        _wakeup.Set();
    }

    private async Task SendAsync(ISpeechStream stream, AudioChunk chunk, CancellationToken cancellationToken)
    {
        var targetRate = _streamOptions.SampleRate;
        short[]? resampled = null;
        try
        {
            ReadOnlyMemory<short> pcm;
            if (chunk.SampleRate == targetRate)
            {
                pcm = chunk.Buffer.AsMemory(0, chunk.Length);
            }
            else
            {
                if (_resampler is null || _resampler.InputRate != chunk.SampleRate)
                {
                    _resampler = new PcmResampler(chunk.SampleRate, targetRate);
                }

                resampled = ArrayPool<short>.Shared.Rent(_resampler.MaxOutputFor(chunk.Length));
                var count = _resampler.Process(chunk.Buffer.AsSpan(0, chunk.Length), resampled);
                pcm = resampled.AsMemory(0, count);
            }

            await stream.WriteAudioAsync(pcm, chunk.SessionOffset, cancellationToken).ConfigureAwait(false);
            _metrics.RecordAudioSent(chunk.Duration);
            _sentClock.Record(chunk.SessionOffset + chunk.Duration, _time.GetTimestamp());
        }
        finally
        {
            ArrayPool<short>.Shared.Return(chunk.Buffer);
            if (resampled is not null)
            {
                ArrayPool<short>.Shared.Return(resampled);
            }
        }
    }

    // Completed is final, so a late change can never count a finished feed again in the shared state levels.
    private void SetState(TranscriptionFeedState state)
    {
        var current = Volatile.Read(ref _state);
        while (current != (int)TranscriptionFeedState.Completed && current != (int)state)
        {
            var seen = Interlocked.CompareExchange(ref _state, (int)state, current);
            if (seen == current)
            {
                _metrics.RecordFeedState((TranscriptionFeedState)current, state);
                return;
            }

            current = seen;
        }
    }

    private void OnChunkDropped(AudioChunk chunk)
    {
        _metrics.RecordQueuedChunks(-1);
        ArrayPool<short>.Shared.Return(chunk.Buffer);
        Interlocked.Increment(ref _dropped);
        _metrics.RecordDroppedChunk();
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Speech provider {Provider} failed for session {SessionId} stream {StreamIndex}: {Error}")]
        public static partial void ProviderFailed(ILogger logger, string provider, string sessionId, int streamIndex, string error);

        [LoggerMessage(Level = LogLevel.Information, Message = "Reconnecting to {Provider} for session {SessionId} stream {StreamIndex} in {Delay}")]
        public static partial void Reconnecting(ILogger logger, string provider, string sessionId, int streamIndex, TimeSpan delay);

        [LoggerMessage(Level = LogLevel.Information, Message = "Transcription of session {SessionId} stream {StreamIndex} paused at the provider: {Paused}")]
        public static partial void PauseApplied(ILogger logger, string sessionId, int streamIndex, bool paused);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Transcription of session {SessionId} stream {StreamIndex} did not complete in time")]
        public static partial void CompletionTimedOut(ILogger logger, string sessionId, int streamIndex);
    }
}
