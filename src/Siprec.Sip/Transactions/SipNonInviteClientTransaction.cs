using Siprec.Sip.Messages;
using System.Net;
using Siprec.Sip.Transport;

namespace Siprec.Sip.Transactions;

/// <summary>
/// A non-INVITE client transaction (RFC 3261 §17.1.2), used for the BYE this side sends: timer E retransmits on UDP,
/// timer F gives up after 64*T1. <see cref="Completion"/> yields the final response, or null on timeout.
/// </summary>
public sealed class SipNonInviteClientTransaction
{
    private readonly Lock _gate = new();
    private readonly byte[] _bytes;
    private readonly SipTimerOptions _timers;
    private readonly TimeProvider _timeProvider;
    private readonly Action<SipNonInviteClientTransaction> _onTerminated;
    private readonly TaskCompletionSource<SipResponse?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _proceeding;
    private bool _terminated;
    private TimeSpan _interval;
    private ITimer? _timerE;
    private ITimer? _timerF;
    private ITimer? _timerK;

    internal SipNonInviteClientTransaction(
        SipRequest request,
        ISipChannel channel,
        IPEndPoint destination,
        SipTimerOptions timers,
        TimeProvider timeProvider,
        Action<SipNonInviteClientTransaction> onTerminated)
    {
        Request = request;
        Channel = channel;
        Destination = destination;
        Key = new SipTransactionKey(request.TopVia()?.Branch ?? string.Empty, string.Empty, request.Method);
        _bytes = SipMessageWriter.ToArray(request);
        _timers = timers;
        _timeProvider = timeProvider;
        _onTerminated = onTerminated;
    }

    /// <summary>The request sent.</summary>
    public SipRequest Request { get; }

    /// <summary>The channel the request goes over.</summary>
    public ISipChannel Channel { get; }

    /// <summary>Where the request goes.</summary>
    public IPEndPoint Destination { get; }

    /// <summary>The branch and method responses are matched by (sent-by left empty).</summary>
    public SipTransactionKey Key { get; }

    /// <summary>Completes with the final response, or null when timer F expired first.</summary>
    public Task<SipResponse?> Completion => _completion.Task;

    /// <summary>Sends the request and starts timers E and F.</summary>
    internal async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _interval = _timers.T1;
            if (!Channel.IsReliable)
            {
                _timerE = CreateTimer(static s => ((SipNonInviteClientTransaction)s!).OnTimerE(), _interval);
            }

            _timerF = CreateTimer(static s => ((SipNonInviteClientTransaction)s!).OnTimerF(), _timers.TransactionTimeout);
        }

        await Channel.SendAsync(_bytes, Destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes a response matched to this transaction; repeats after the final one are absorbed.</summary>
    internal void OnResponse(SipResponse response)
    {
        lock (_gate)
        {
            if (_terminated || _completion.Task.IsCompleted)
            {
                return;
            }

            if (response.StatusCode < 200)
            {
                _proceeding = true;
                return;
            }

            _timerE?.Dispose();
            _timerF?.Dispose();

            // Completed before timer K starts: a zero timer K may terminate the transaction at once.
            _completion.TrySetResult(response);
            var timerK = Channel.IsReliable ? TimeSpan.Zero : _timers.T4;
            _timerK = CreateTimer(static s => ((SipNonInviteClientTransaction)s!).Terminate(), timerK);
        }
    }

    /// <summary>Ends the transaction at once (stack shutdown); the completion yields null.</summary>
    internal void Abort()
    {
        Terminate();
    }

    private ITimer CreateTimer(TimerCallback callback, TimeSpan due) =>
        _timeProvider.CreateTimer(callback, this, due, Timeout.InfiniteTimeSpan);

    private void OnTimerE()
    {
        lock (_gate)
        {
            if (_terminated || _completion.Task.IsCompleted || _timerE is null)
            {
                return;
            }

            // In Proceeding the interval jumps to T2 (RFC 3261 §17.1.2.2).
            _interval = _proceeding ? _timers.T2 : _timers.NextInterval(_interval);
            _timerE.Change(_interval, Timeout.InfiniteTimeSpan);
        }

        _ = Channel.SendAsync(_bytes, Destination, CancellationToken.None).AsTask();
    }

    private void OnTimerF() => Terminate();

    private void Terminate()
    {
        lock (_gate)
        {
            if (_terminated)
            {
                return;
            }

            _terminated = true;
            _timerE?.Dispose();
            _timerF?.Dispose();
            _timerK?.Dispose();
        }

        _completion.TrySetResult(null);
        _onTerminated(this);
    }
}
