using Siprec.Media.Dtmf;
using Siprec.Recording.Control;
using Siprec.Recording.Sessions;

namespace Siprec.Recording.Policies;

/// <summary>
/// The DTMF pause policy of one session: the first digit on any stream starts a policy pause placed where the digit
/// starts on the session clock, and the pause ends <see cref="DtmfPauseSettings.ResumeAfter"/> after the last sign of a
/// digit, on the injected clock. A tone still held when that time comes keeps it going. Thread-safe: each stream's
/// receive loop reports to it.
/// </summary>
public sealed class DtmfPausePolicy : IDisposable
{
    private readonly Lock _sync = new();
    private readonly RecordingSession _session;
    private readonly PauseResumeService _pauses;
    private readonly DtmfPauseSettings _settings;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _clockStart;
    private readonly ITimer _timer;
    private bool _holding;
    private bool _disposed;
    private int _digits;
    private int _tonesHeld;

    /// <summary>
    /// Creates the policy of <paramref name="session"/>, whose session clock (the offsets of <see cref="DtmfActivity"/>)
    /// started at <paramref name="clockStart"/>.
    /// </summary>
    public DtmfPausePolicy(RecordingSession session, PauseResumeService pauses, DtmfPauseSettings settings, TimeProvider time, DateTimeOffset clockStart)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(pauses);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        _session = session;
        _pauses = pauses;
        _settings = settings;
        _time = time;
        _clockStart = clockStart;
        _timer = time.CreateTimer(_ => OnQuiet(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Digits seen in the pause that holds now, or in the last one.</summary>
    public int Digits
    {
        get
        {
            lock (_sync)
                return _digits;
        }
    }

    /// <summary>Takes note of a sign of a digit on one stream; starts the policy pause at the first digit.</summary>
    public void Observe(DtmfActivity activity)
    {
        lock (_sync)
        {
            if (_disposed)
                return;
            if (activity.Signal == DtmfSignal.InBand)
                _tonesHeld = Math.Max(0, _tonesHeld + (activity.Kind == DtmfActivityKind.Started ? 1 : -1));
            if (activity.Kind == DtmfActivityKind.Started)
            {
                if (!_holding)
                {
                    _holding = true;
                    _digits = 0;
                    _pauses.StartPolicyPause(_session, DtmfPauseSettings.Reason, _settings.PauseTranscription, _clockStart + activity.SessionOffset);
                }

                _digits++;
            }

            if (_holding)
                _timer.Change(_settings.ResumeAfter, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Stops the timer and ends a policy pause that still holds (the call is over).</summary>
    public void Dispose()
    {
        lock (_sync)
        {
            if (_disposed)
                return;
            _disposed = true;
            _timer.Dispose();
            End();
        }
    }

    private void OnQuiet()
    {
        lock (_sync)
        {
            if (_disposed || !_holding)
                return;
            if (_tonesHeld > 0)
            {
                _timer.Change(_settings.ResumeAfter, Timeout.InfiniteTimeSpan);
                return;
            }

            End();
        }
    }

    private void End()
    {
        if (!_holding)
            return;
        _holding = false;
        _tonesHeld = 0;
        _pauses.EndPolicyPause(_session, DtmfPauseSettings.Reason, _digits);
    }
}
