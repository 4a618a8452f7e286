using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Siprec.Media.Pipeline;
using Siprec.Media.Transport;

namespace Siprec.Media.Engine;

/// <summary>
/// Hosts every recording session of the process and drives their writers from one shared 20 ms tick
/// (gate readings, batched file writes, periodic header checkpoints); each tick visits only the sessions whose
/// batch may be due, the sessions being spread over the ticks. Thread-safe.
/// </summary>
public sealed partial class MediaEngine : IAsyncDisposable
{
    private static readonly TimeSpan TickPeriod = TimeSpan.FromMilliseconds(20);

    // 64 ticks (1.28 s): longer than the default checkpoint interval, so the default sessions are visited on their own period.
    private const int WheelTicks = 64;

    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly object _lock = new();
    private readonly ITimer _timer;
    private readonly SessionWriteWheel _wheel = new(WheelTicks);
    private readonly object _totalsLock = new();
    private MediaSession[] _sessions = [];

    // Sessions stay here from start until their counters are final, so that every stream is counted by exactly one of
    // _counted and _completedTotals at any moment.
    private MediaSession[] _counted = [];
    private RtpReceptionTotals _completedTotals;

    /// <summary>Creates an engine reading time from <paramref name="time"/>, with its receive threads started.</summary>
    public MediaEngine(TimeProvider time, ILoggerFactory? loggers = null, MediaEngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        options ??= new MediaEngineOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.ReceiveThreads, nameof(options));
        _time = time;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<MediaEngine>();
        Pump = DatagramPump.Create(options.ReceiveMode, options.ReceiveThreads, _logger);
        _timer = time.CreateTimer(static state => ((MediaEngine)state!).Tick(), this, TickPeriod, TickPeriod);
    }

    internal IDatagramPump Pump { get; }

    /// <summary>Sessions currently recording.</summary>
    public int SessionCount => Volatile.Read(ref _sessions).Length;

    /// <summary>
    /// Creates the recording file and starts receiving on every stream; the session clock starts now.
    /// Streams are given WAV channels in list order. Throws <see cref="ArgumentException"/> on invalid options or formats.
    /// </summary>
    public MediaSession StartSession(MediaSessionOptions options, IReadOnlyList<MediaStreamDescription> streams, IMediaGate gate, IStreamAudioSink? sink = null)
    {
        var session = new MediaSession(this, options, streams, gate, sink, _time, _loggers.CreateLogger<MediaSession>());
        lock (_lock)
            _sessions = [.. _sessions, session];
        lock (_totalsLock)
            _counted = [.. _counted, session];
        _wheel.Add(session);
        session.Start();
        return session;
    }

    /// <summary>
    /// Reception counters of every stream of every session this engine has run, live and completed, read without
    /// touching the receive path; each counter only grows, except loss, which drops when a late packet fills a gap.
    /// </summary>
    public RtpReceptionTotals GetReceptionTotals()
    {
        MediaSession[] live;
        RtpReceptionTotals totals;
        lock (_totalsLock)
        {
            live = _counted;
            totals = _completedTotals;
        }

        // A session completing meanwhile reports its frozen final counters, which _completedTotals as read above lacks.
        foreach (MediaSession session in live)
            totals += session.GetReceptionTotals();
        return totals;
    }

    internal void Retire(MediaSession session, RtpReceptionTotals final)
    {
        lock (_totalsLock)
        {
            if (Array.IndexOf(_counted, session) < 0)
                return;
            _counted = [.. _counted.Where(s => s != session)];
            _completedTotals += final;
        }
    }

    internal void Remove(MediaSession session)
    {
        lock (_lock)
            _sessions = [.. _sessions.Where(s => s != session)];
    }

    /// <summary>Stops the tick, completes every session still running and stops the receive threads.</summary>
    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync().ConfigureAwait(false);
        foreach (MediaSession session in Volatile.Read(ref _sessions))
            await session.CompleteAsync().ConfigureAwait(false);
        Pump.Dispose();
    }

    /// <summary>
    /// Writer ticks between two visits of a session with <paramref name="options"/>: the shorter of its write and
    /// checkpoint intervals, at least one tick and at most one turn of the wheel.
    /// </summary>
    internal static int VisitPeriodFor(MediaSessionOptions options)
    {
        long interval = Math.Min(options.WriteInterval.Ticks, options.CheckpointInterval.Ticks);
        return (int)Math.Clamp(interval / TickPeriod.Ticks, 1, WheelTicks);
    }

    private void Tick()
    {
        DateTimeOffset now = _time.GetUtcNow();
        List<MediaSession> due = _wheel.TakeDue(out long tick);
        try
        {
            foreach (MediaSession session in due)
            {
                try
                {
                    session.OnTick(now);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // A failing session must not stop the writers of every other session.
                    Log.TickFailed(_logger, e);
                }
            }
        }
        finally
        {
            _wheel.Return(due, tick);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Error, Message = "A recording session's writer tick failed")]
        public static partial void TickFailed(ILogger logger, Exception exception);
    }
}
