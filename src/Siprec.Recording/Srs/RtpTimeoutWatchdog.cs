using Microsoft.Extensions.Logging;

namespace Siprec.Recording.Srs;

/// <summary>
/// Ends calls that stopped sending RTP: on a timer of the injected clock it looks at every call that owes RTP and
/// hands to <c>onTimeout</c> each one whose last packet is <c>timeout</c> old. The call stops owing RTP once it is ending,
/// so it is handed over once.
/// </summary>
internal sealed partial class RtpTimeoutWatchdog<TCall> : IAsyncDisposable
    where TCall : IRtpTimeoutSubject
{
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly Func<IEnumerable<TCall>> _calls;
    private readonly Action<TCall> _onTimeout;
    private readonly ILogger _logger;
    private readonly ITimer _timer;

    /// <summary>Starts watching; <paramref name="calls"/> is read on every tick, which comes every quarter of the timeout (0.2 s to 1 s).</summary>
    public RtpTimeoutWatchdog(TimeSpan timeout, TimeProvider time, Func<IEnumerable<TCall>> calls, Action<TCall> onTimeout, ILogger logger)
    {
        _timeout = timeout;
        _time = time;
        _calls = calls;
        _onTimeout = onTimeout;
        _logger = logger;
        var tick = TickFor(timeout);
        _timer = time.CreateTimer(static s => ((RtpTimeoutWatchdog<TCall>)s!).Check(), this, tick, tick);
    }

    /// <summary>How often calls are looked at for <paramref name="timeout"/>.</summary>
    public static TimeSpan TickFor(TimeSpan timeout) => TimeSpan.FromSeconds(Math.Clamp(timeout.TotalSeconds / 4, 0.2, 1));

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _timer.DisposeAsync();

    private void Check()
    {
        var now = _time.GetUtcNow();
        foreach (var call in _calls())
        {
            if (!call.ExpectsRtp)
                continue;
            var silent = now - call.LastRtpAt;
            if (silent >= _timeout)
            {
                Log.RtpTimeout(_logger, call.SessionId, silent.TotalSeconds);
                _onTimeout(call);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "No RTP for {Seconds:F0}s on session {SessionId}; ending it with BYE")]
        public static partial void RtpTimeout(ILogger logger, string sessionId, double seconds);
    }
}
