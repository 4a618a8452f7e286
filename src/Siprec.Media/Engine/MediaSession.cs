using System.Buffers;
using Microsoft.Extensions.Logging;
using Siprec.Media.Dtmf;
using Siprec.Media.Pipeline;
using Siprec.Media.Rtp;
using Siprec.Media.Timeline;
using Siprec.Media.Wav;

namespace Siprec.Media.Engine;

/// <summary>
/// The media side of one recording session: its streams, its session clock and its WAV file.
/// Control methods are thread-safe and never wait on media I/O; <see cref="DtmfReceived"/> is raised on a receive loop
/// and its handlers must return quickly.
/// </summary>
public sealed partial class MediaSession : IAsyncDisposable
{
    private readonly MediaEngine _engine;
    private readonly MediaSessionOptions _options;
    private readonly IMediaGate _gate;
    private readonly IStreamAudioSink? _sink;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly object _streamsLock = new();
    private readonly RtpStreamReceiver?[] _streams;
    private readonly List<RtpStreamReceiver> _retiring = [];
    private readonly SessionTimelineBuffer _timeline;
    private readonly SenderClockReference _senderClock;
    private readonly WavRecordingWriter _writer;
    private readonly int _stagingSamples;
    private readonly long _jitterSamples;
    private readonly long _writeBatchSamples;
    private readonly int _visitPeriod;
    private int _ticking;
    private int _completed;
    private DateTimeOffset _lastCheckpoint;
    private Exception? _writeFailure;
    private Task? _completion;
    private IReadOnlyList<RtpStreamStats>? _finalStats;
    private RtpReceptionTotals _retiredTotals;
    private RtpReceptionTotals? _finalTotals;

    internal MediaSession(
        MediaEngine engine,
        MediaSessionOptions options,
        IReadOnlyList<MediaStreamDescription> streams,
        IMediaGate gate,
        IStreamAudioSink? sink,
        TimeProvider time,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(gate);
        MediaSessionValidation.Validate(options, streams);
        _engine = engine;
        _options = options;
        _gate = gate;
        _sink = sink;
        _time = time;
        _logger = logger;
        StartedAt = time.GetUtcNow();
        _lastCheckpoint = StartedAt;
        int channels = options.ChannelCount ?? streams.Count;
        _timeline = new SessionTimelineBuffer(channels, options.SampleRate, options.BufferCapacity, gate, StartedAt);
        _senderClock = new SenderClockReference(options.MaxSenderClockCorrection);
        _jitterSamples = options.JitterDelay.Ticks * options.SampleRate / TimeSpan.TicksPerSecond;
        _writeBatchSamples = Math.Max(_timeline.BlockSamples, options.WriteInterval.Ticks * options.SampleRate / TimeSpan.TicksPerSecond);
        _stagingSamples = _timeline.BlockSamples * channels * 25;
        _visitPeriod = MediaEngine.VisitPeriodFor(options);
        _streams = new RtpStreamReceiver?[channels];
        _writer = new WavRecordingWriter(options.RecordingPath, channels, options.SampleRate, options.MonoFilePaths, options.RecordingKeys);
        try
        {
            for (int i = 0; i < streams.Count; i++)
                _streams[i] = CreateReceiver(i, streams[i]);
        }
        catch
        {
            foreach (RtpStreamReceiver? receiver in _streams)
                receiver?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _writer.Dispose();
            throw;
        }
    }

    /// <summary>Wall-clock instant of session-clock zero.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>Recording sample rate.</summary>
    public int SampleRate => _options.SampleRate;

    /// <summary>WAV channel count (one per stream slot).</summary>
    public int ChannelCount => _streams.Length;

    /// <summary>Frames handed to the file so far (paused-and-skipped time excluded).</summary>
    public long RecordedFrames => _timeline.FileFrames;

    /// <summary>Raised once per DTMF digit, on the receiving stream's loop.</summary>
    public event Action<DtmfEvent>? DtmfReceived;

    /// <summary>
    /// Raised on the receiving stream's loop as soon as a digit starts, goes on or ends (telephone-events, and tones
    /// when <see cref="MediaSessionOptions.DetectInBandDtmf"/> is set), before the audio around it passes the gate.
    /// </summary>
    public event Action<DtmfActivity>? DtmfSeen;

    /// <summary>Latest arrival of any datagram on any active stream's RTP port, or null if none yet (for RTP timeout).</summary>
    public DateTimeOffset? LastPacketAt
    {
        get
        {
            long latest = 0;
            foreach (RtpStreamReceiver? receiver in _streams)
                latest = Math.Max(latest, receiver?.LastPacketTicks ?? 0);
            return latest == 0 ? null : new DateTimeOffset(latest, TimeSpan.Zero);
        }
    }

    /// <summary>Makes stream <paramref name="streamIndex"/> lock onto the SSRC of its next packet (after a re-INVITE).</summary>
    public void RelockSsrc(int streamIndex) => Receiver(streamIndex).RequestRelock();

    /// <summary>Marks a stream paused by the SRC (a=inactive): its channel is silence until it is reactivated.</summary>
    public void MarkStreamInactive(int streamIndex, bool inactive) => Receiver(streamIndex).SetInactive(inactive);

    /// <summary>Starts a new stream on the first free channel and returns its index; throws when every channel is taken.</summary>
    public int AddStream(MediaStreamDescription stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        MediaSessionValidation.ValidateStream(stream, nameof(stream));
        lock (_streamsLock)
        {
            ThrowIfCompleted();
            int index = Array.IndexOf(_streams, null);
            if (index < 0)
                throw new InvalidOperationException($"All {_streams.Length} channels of the recording are in use; create the session with a larger ChannelCount to add streams.");
            RtpStreamReceiver receiver = CreateReceiver(index, stream);
            _streams[index] = receiver;
            receiver.Start();
            return index;
        }
    }

    /// <summary>Replaces stream <paramref name="streamIndex"/> (new port, codecs or keys after a re-INVITE); its channel continues.</summary>
    public async ValueTask ReplaceStreamAsync(int streamIndex, MediaStreamDescription stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        MediaSessionValidation.ValidateStream(stream, nameof(stream));
        RtpStreamReceiver old;
        RtpStreamReceiver replacement;
        lock (_streamsLock)
        {
            ThrowIfCompleted();
            old = Receiver(streamIndex);
            replacement = CreateReceiver(streamIndex, stream);
            _streams[streamIndex] = replacement;
            _retiring.Add(old);
        }

        await RetireAsync(old).ConfigureAwait(false);
        if (!ReferenceEquals(old.Description.Ports, stream.Ports))
            old.Description.Ports.Dispose();
        replacement.Start();
    }

    /// <summary>Stops stream <paramref name="streamIndex"/> and frees its ports; its channel is silence from now on.</summary>
    public async ValueTask RemoveStreamAsync(int streamIndex)
    {
        RtpStreamReceiver old;
        lock (_streamsLock)
        {
            old = Receiver(streamIndex);
            _streams[streamIndex] = null;
            _retiring.Add(old);
        }

        await RetireAsync(old).ConfigureAwait(false);
        old.Description.Ports.Dispose();
    }

    /// <summary>A snapshot of every current stream's counters, in channel order.</summary>
    public IReadOnlyList<RtpStreamStats> GetStreamStats()
    {
        lock (_streamsLock)
            return _finalStats ?? [.. _streams.Where(s => s is not null).Select(s => s!.Snapshot())];
    }

    /// <summary>
    /// Reception counters of every stream this session has had, replaced and removed ones included; frozen once the
    /// session is completed.
    /// </summary>
    public RtpReceptionTotals GetReceptionTotals()
    {
        lock (_streamsLock)
        {
            if (_finalTotals is { } final)
                return final;
            RtpReceptionTotals totals = _retiredTotals;
            foreach (RtpStreamReceiver? receiver in _streams)
            {
                if (receiver is not null)
                    totals += receiver.Totals();
            }

            foreach (RtpStreamReceiver receiver in _retiring)
                totals += receiver.Totals();
            return totals;
        }
    }

    /// <summary>The pause transitions applied to the file so far, with file offset and wall-clock, for the sidecar.</summary>
    public IReadOnlyList<PauseTransition> GetPauseTransitions() => _timeline.GetTransitions();

    /// <summary>
    /// Stops reception, writes everything received up to now, finalizes the WAV header(s) and frees the ports.
    /// Safe to call more than once; throws the write error if the file could not be written.
    /// </summary>
    public Task CompleteAsync() => CompleteAsync(null);

    /// <summary>
    /// Like <see cref="CompleteAsync()"/>, but the recording ends at <paramref name="endedAt"/> (for example when the
    /// SRC's BYE arrived) rather than when completion runs; null means now.
    /// </summary>
    public Task CompleteAsync(DateTimeOffset? endedAt)
    {
        lock (_streamsLock)
            _completion ??= CompleteCoreAsync(endedAt);
        return _completion;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await CompleteAsync().ConfigureAwait(false);

    /// <summary>Writer ticks between two visits of this session: its write batch and checkpoint are never due sooner.</summary>
    internal int VisitPeriod => _visitPeriod;

    /// <summary>Whether the session has left its engine (completion started); the writer stops visiting it.</summary>
    internal bool IsRemoved => Volatile.Read(ref _completed) != 0;

    internal void Start()
    {
        foreach (RtpStreamReceiver? receiver in _streams)
            receiver?.Start();
    }

    internal void OnTick(DateTimeOffset now)
    {
        if (Interlocked.CompareExchange(ref _ticking, 1, 0) != 0)
            return;
        try
        {
            _timeline.ObserveGate();
            long edge = PositionOf(now) - _jitterSamples;
            if (edge - _timeline.WrittenPosition >= _writeBatchSamples)
                DrainTo(edge);
            if (now - _lastCheckpoint >= _options.CheckpointInterval)
            {
                _lastCheckpoint = now;
                if (_writeFailure is null)
                    _writer.Checkpoint();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            RecordWriteFailure(e);
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }

    private async Task CompleteCoreAsync(DateTimeOffset? endedAt)
    {
        _engine.Remove(this);
        RtpStreamReceiver?[] receivers;
        lock (_streamsLock)
        {
            Volatile.Write(ref _completed, 1);
            receivers = [.. _streams];
        }

        foreach (RtpStreamReceiver? receiver in receivers)
        {
            if (receiver is null)
                continue;
            await receiver.DisposeAsync().ConfigureAwait(false);
            receiver.Description.Ports.Dispose();
        }

        RtpReceptionTotals final;
        lock (_streamsLock)
        {
            _finalStats = [.. receivers.Where(r => r is not null).Select(r => r!.Snapshot())];
            final = GetReceptionTotals();
            _finalTotals = final;
            Array.Clear(_streams);
        }

        _engine.Retire(this, final);

        var wait = new SpinWait();
        while (Interlocked.CompareExchange(ref _ticking, 1, 0) != 0)
            wait.SpinOnce();

        try
        {
            long end = PositionOf(endedAt is { } at && at < _time.GetUtcNow() ? at : _time.GetUtcNow());
            // The file ends on the block boundary nearest the end of the call, so its length is within half a block of the call's.
            long blockEnd = Math.Max(_timeline.WrittenPosition, (end + (_timeline.BlockSamples / 2)) / _timeline.BlockSamples * _timeline.BlockSamples);
            DrainTo(blockEnd);
            if (_writeFailure is null)
                _writer.Complete();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            RecordWriteFailure(e);
        }
        finally
        {
            if (_writeFailure is not null)
                SalvageFile();
            _writer.Dispose();
        }

        if (_writeFailure is not null)
            throw new IOException($"Recording {_options.RecordingPath} could not be written completely.", _writeFailure);
    }

    /// <summary>Stops a receiver taken out of the session and moves its counters into the session's retired totals.</summary>
    private async ValueTask RetireAsync(RtpStreamReceiver receiver)
    {
        await receiver.DisposeAsync().ConfigureAwait(false);
        lock (_streamsLock)
        {
            _retiring.Remove(receiver);
            _retiredTotals += receiver.Totals();
        }
    }

    private void DrainTo(long position)
    {
        // Staging is rented per drain rather than kept per session: a thousand idle sessions should not each hold one.
        short[] staging = ArrayPool<short>.Shared.Rent(_stagingSamples);
        try
        {
            bool more = true;
            while (more)
            {
                int frames = _timeline.Drain(position, staging.AsSpan(0, _stagingSamples), out more);
                if (frames > 0 && _writeFailure is null)
                    _writer.Write(staging.AsSpan(0, frames * ChannelCount));
                if (frames == 0 && !more)
                    break;
            }
        }
        finally
        {
            ArrayPool<short>.Shared.Return(staging);
        }
    }

    private void RecordWriteFailure(Exception e)
    {
        if (_writeFailure is not null)
            return;
        _writeFailure = e;
        Log.WriteFailed(_logger, _options.RecordingPath, e);
        _options.WriteFailed?.Invoke(e);
    }

    private void SalvageFile()
    {
        try
        {
            _writer.Salvage();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The file stays as the last checkpoint left it: its header still covers only data that reached the disk.
            Log.SalvageFailed(_logger, _options.RecordingPath, e);
        }
    }

    private long PositionOf(DateTimeOffset instant) =>
        Math.Max(0, (instant - StartedAt).Ticks * _options.SampleRate / TimeSpan.TicksPerSecond);

    private RtpStreamReceiver CreateReceiver(int index, MediaStreamDescription stream) =>
        new(index, stream, _options, _timeline, _gate, _sink, _time, StartedAt, _senderClock, _engine.Pump, RaiseDtmf, RaiseDtmfActivity, _logger);

    private void RaiseDtmf(DtmfEvent dtmf) => DtmfReceived?.Invoke(dtmf);

    private void RaiseDtmfActivity(DtmfActivity activity) => DtmfSeen?.Invoke(activity);

    private RtpStreamReceiver Receiver(int streamIndex)
    {
        if ((uint)streamIndex >= (uint)_streams.Length || Volatile.Read(ref _streams[streamIndex]) is not { } receiver)
            throw new ArgumentOutOfRangeException(nameof(streamIndex), streamIndex, "No such stream in this session.");
        return receiver;
    }

    private void ThrowIfCompleted()
    {
        if (Volatile.Read(ref _completed) != 0)
            throw new InvalidOperationException("The media session is completed.");
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Error, Message = "Writing recording {Path} failed; the file keeps what was written before")]
        public static partial void WriteFailed(ILogger logger, string path, Exception exception);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Recording {Path} could not be trimmed to its last whole frame after a write failure")]
        public static partial void SalvageFailed(ILogger logger, string path, Exception exception);
    }
}
