using System.Net;
using Siprec.Sip.Transport;

namespace Siprec.Sip.Transactions;

/// <summary>
/// What a server transaction keeps once it sent its final response: the key, the encoded response, where it goes, the
/// response's retransmission timer and the timer that ends it. It answers a repeated request with the same bytes and
/// leaves the matching table through its owner when the end timer fires.
/// </summary>
internal abstract class SipAnsweredServerTransaction : ISipServerTransactionEntry
{
    private readonly byte[] _response;
    private readonly ISipChannel _channel;
    private readonly IPEndPoint _destination;
    private bool _terminated;
    private TimeSpan _interval;
    private ITimer? _retransmitTimer;
    private ITimer? _endTimer;

    private protected SipAnsweredServerTransaction(SipTransactionKey key, byte[] response, ISipChannel channel, IPEndPoint destination, SipTransactionRuntime runtime)
    {
        Key = key;
        _response = response;
        _channel = channel;
        _destination = destination;
        Runtime = runtime;
        _interval = runtime.Timers.T1;
    }

    /// <inheritdoc />
    public SipTransactionKey Key { get; }

    private protected Lock Gate { get; } = new();

    private protected SipTransactionRuntime Runtime { get; }

    private protected bool IsReliable => _channel.IsReliable;

    /// <summary>True once it ended; read under <see cref="Gate"/>.</summary>
    private protected bool IsTerminated => _terminated;

    /// <summary>True while a repeated request, or the retransmission timer, sends the response again; read under <see cref="Gate"/>.</summary>
    private protected abstract bool RepeatsResponse { get; }

    /// <inheritdoc />
    public async ValueTask OnRetransmissionAsync()
    {
        bool answer;
        lock (Gate)
        {
            answer = !_terminated && RepeatsResponse;
        }

        if (answer)
        {
            await _channel.SendAsync(_response, _destination, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Abort() => Terminate(notify: false);

    /// <summary>Arms the retransmission timer (T1, doubling up to T2) on UDP; the caller holds <see cref="Gate"/>.</summary>
    private protected void StartRetransmitting()
    {
        if (!_channel.IsReliable)
        {
            _retransmitTimer = CreateTimer(static s => ((SipAnsweredServerTransaction)s!).OnRetransmitTimer(), _interval);
        }
    }

    /// <summary>Stops the retransmission timer; the caller holds <see cref="Gate"/>.</summary>
    private protected void StopRetransmitting()
    {
        _retransmitTimer?.Dispose();
        _retransmitTimer = null;
    }

    /// <summary>(Re)arms the timer that ends the transaction after <paramref name="due"/>; the caller holds <see cref="Gate"/>.</summary>
    private protected void EndAfter(TimeSpan due)
    {
        _endTimer?.Dispose();
        _endTimer = CreateTimer(static s => ((SipAnsweredServerTransaction)s!).OnEndTimer(), due);
    }

    /// <summary>The end timer fired; ends the transaction and tells the owner.</summary>
    private protected virtual void OnEndTimer() => Terminate(notify: true);

    /// <summary>Runs once it ended, outside <see cref="Gate"/> and before the owner is told.</summary>
    private protected virtual void OnTerminated()
    {
    }

    private protected void Terminate(bool notify)
    {
        lock (Gate)
        {
            if (_terminated)
            {
                return;
            }

            _terminated = true;
            _retransmitTimer?.Dispose();
            _endTimer?.Dispose();
        }

        OnTerminated();
        if (notify)
        {
            Runtime.Owner.OnTerminated(this);
        }
    }

    private ITimer CreateTimer(TimerCallback callback, TimeSpan due) =>
        Runtime.TimeProvider.CreateTimer(callback, this, due, Timeout.InfiniteTimeSpan);

    private void OnRetransmitTimer()
    {
        lock (Gate)
        {
            if (_terminated || !RepeatsResponse || _retransmitTimer is null)
            {
                return;
            }

            _interval = Runtime.Timers.NextInterval(_interval);
            _retransmitTimer.Change(_interval, Timeout.InfiniteTimeSpan);
        }

        _ = _channel.SendAsync(_response, _destination, CancellationToken.None).AsTask();
    }
}
