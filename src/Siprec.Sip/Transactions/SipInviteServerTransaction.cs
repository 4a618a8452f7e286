using Siprec.Sip.Headers;
using Siprec.Sip.Messages;
using System.Net;
using Siprec.Sip.Transport;

namespace Siprec.Sip.Transactions;

/// <summary>
/// An INVITE server transaction (RFC 3261 §17.2.1) that also retransmits its 2xx until the ACK (§13.3.1.4).
/// 100 Trying goes out by itself when no response is sent within <see cref="SipTimerOptions.TryingDelay"/>. After a
/// 2xx a <see cref="SipAcceptedInviteTransaction"/>, after a 3xx-6xx a <see cref="SipRefusedInviteTransaction"/>
/// carries on in its place, holding only what that state needs.
/// </summary>
public sealed class SipInviteServerTransaction : SipServerTransaction
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _cancelled = new();
    private readonly SemaphoreSlim _sendOrder = new(1, 1);
    private SipInviteServerState _state = SipInviteServerState.Proceeding;
    private byte[]? _lastResponse;
    private ITimer? _tryingTimer;
    private SipAcceptedInviteTransaction? _accepted;
    private SipRefusedInviteTransaction? _refused;

    internal SipInviteServerTransaction(
        SipRequest request,
        SipTransactionKey key,
        ISipChannel channel,
        IPEndPoint remoteEndPoint,
        SipTransactionRuntime runtime)
        : base(request, key, channel, remoteEndPoint, runtime)
    {
    }

    /// <summary>The current state.</summary>
    public SipInviteServerState State
    {
        get
        {
            lock (_gate)
            {
                return _accepted?.State ?? _refused?.State ?? _state;
            }
        }
    }

    /// <summary>Fires when a CANCEL for this INVITE arrived before a final response.</summary>
    public CancellationToken CancellationRequested => _cancelled.Token;

    /// <summary>True once the ACK for a 2xx arrived.</summary>
    public bool IsAcknowledged
    {
        get
        {
            lock (_gate)
            {
                return _accepted?.IsAcknowledged ?? false;
            }
        }
    }

    /// <inheritdoc />
    public override async ValueTask SendResponseAsync(SipResponse response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        StampToTag(response);
        ExplainRefusal(response);
        CopyRecordRoute(response);
        var isSuccess = response.StatusCode is >= 200 and < 300;
        if (isSuccess)
        {
            Runtime.Owner.OnInviteAccepting(this, response);
        }

        var bytes = SipMessageWriter.ToArray(response);
        SipAcceptedInviteTransaction? accepted = null;
        SipRefusedInviteTransaction? refused = null;
        lock (_gate)
        {
            if (_state != SipInviteServerState.Proceeding)
            {
                throw new InvalidOperationException($"INVITE {Request.CallId} already has a final response ({FinalResponse?.StatusCode}).");
            }

            _lastResponse = bytes;
            if (response.StatusCode >= 200)
            {
                FinalResponse = response;
                _tryingTimer?.Dispose();
                if (isSuccess)
                {
                    _state = SipInviteServerState.Accepted;
                    var dialog = Dialog ?? throw new InvalidOperationException($"INVITE {Request.CallId} was accepted without a dialog.");
                    accepted = new SipAcceptedInviteTransaction(Key, Request.CSeq?.Number ?? 0, dialog, bytes, Channel, ResponseDestination, Runtime);
                    _accepted = accepted;
                }
                else
                {
                    _state = SipInviteServerState.Completed;
                    refused = new SipRefusedInviteTransaction(Key, bytes, Channel, ResponseDestination, Runtime);
                    _refused = refused;
                }
            }
        }

        // Before the response leaves, so the ACK it draws finds the entry that keeps the Accepted or Completed state.
        if (accepted is not null)
        {
            Runtime.Owner.OnInviteAccepted(this, accepted);
        }
        else if (refused is not null)
        {
            Runtime.Owner.OnInviteRefused(this, refused);
        }

        Runtime.Observer?.ResponseSent(response.StatusCode);
        // Responses leave in the order they were decided: a 100 Trying whose timer fired just before the final
        // response must not reach the wire after it.
        await _sendOrder.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (response.StatusCode < 200)
            {
                lock (_gate)
                {
                    if (FinalResponse is not null)
                    {
                        return;
                    }
                }
            }

            await TransmitAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendOrder.Release();
        }
    }

    /// <summary>Starts the 100 Trying timer; called once the transaction is in the table.</summary>
    internal void Start()
    {
        lock (_gate)
        {
            if (_state == SipInviteServerState.Proceeding && _lastResponse is null)
            {
                _tryingTimer = CreateTimer(static s => ((SipInviteServerTransaction)s!).OnTryingTimer(), Runtime.Timers.TryingDelay);
            }
        }
    }

    /// <inheritdoc />
    internal override async ValueTask OnRetransmissionAsync()
    {
        byte[]? bytes;
        lock (_gate)
        {
            bytes = _state is SipInviteServerState.Proceeding or SipInviteServerState.Completed or SipInviteServerState.Accepted ? _lastResponse : null;
        }

        if (bytes is not null)
        {
            await TransmitAsync(bytes, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Takes the ACK for a 3xx-6xx (same branch); true when it was expected.</summary>
    internal bool OnAckForFailure()
    {
        SipRefusedInviteTransaction? refused;
        lock (_gate)
        {
            refused = _refused;
        }

        return refused is not null && refused.OnAck();
    }

    /// <summary>Marks the INVITE cancelled; true when it had no final response, so the caller must answer 487.</summary>
    internal bool TryCancel()
    {
        lock (_gate)
        {
            if (_state != SipInviteServerState.Proceeding || _cancelled.IsCancellationRequested)
            {
                return false;
            }
        }

        _cancelled.Cancel();
        return true;
    }

    /// <inheritdoc />
    internal override void Abort()
    {
        SipAcceptedInviteTransaction? accepted;
        SipRefusedInviteTransaction? refused;
        lock (_gate)
        {
            if (_state == SipInviteServerState.Terminated)
            {
                return;
            }

            _state = SipInviteServerState.Terminated;
            _tryingTimer?.Dispose();
            accepted = _accepted;
            refused = _refused;
        }

        accepted?.Abort();
        refused?.Abort();
    }

    private void CopyRecordRoute(SipResponse response)
    {
        // RFC 3261 §12.1.1: every answer that can set up the dialog (a 1xx with our tag, the 2xx) gives the peer the
        // route set, or its ACK and BYE would bypass the proxies that asked to stay on the path.
        var establishesDialog = response.StatusCode is > 100 and < 300 && Request.ToTag() is null;
        if (!establishesDialog || response.Headers.Contains(SipHeaderNames.RecordRoute))
        {
            return;
        }

        foreach (var value in Request.Headers.GetAll(SipHeaderNames.RecordRoute))
        {
            response.Headers.Add(SipHeaderNames.RecordRoute, value);
        }
    }

    private ITimer CreateTimer(TimerCallback callback, TimeSpan due) =>
        Runtime.TimeProvider.CreateTimer(callback, this, due, Timeout.InfiniteTimeSpan);

    private void OnTryingTimer()
    {
        SipResponse trying;
        lock (_gate)
        {
            if (_state != SipInviteServerState.Proceeding || _lastResponse is not null)
            {
                return;
            }

            trying = SipResponse.CreateFor(Request, 100, "Trying");
        }

        _ = SendTryingAsync(trying);
    }

    private async Task SendTryingAsync(SipResponse trying)
    {
        try
        {
            await SendResponseAsync(trying).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // The application's final response won the race; no 100 is needed any more.
        }
    }
}
