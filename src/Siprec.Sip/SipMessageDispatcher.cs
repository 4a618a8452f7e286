using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Siprec.Sip.Dialogs;
using Siprec.Sip.Headers;
using Siprec.Sip.Messages;
using Siprec.Sip.Overload;
using Siprec.Sip.Refusals;
using Siprec.Sip.Transactions;
using Siprec.Sip.Transport;

namespace Siprec.Sip;

/// <summary>
/// Parses what the transports receive and routes it: retransmissions to their transaction, ACK and in-dialog requests
/// to their dialog, new requests to the application; answers 400/481/483/500 itself where RFC 3261 says so.
/// </summary>
internal sealed partial class SipMessageDispatcher : ISipMessageReceiver, ISipServerTransactionOwner
{
    private readonly ConcurrentDictionary<SipTransactionKey, ISipServerTransactionEntry> _serverTransactions = new();
    private readonly SipClientTransactionTable _clientTransactions = new();
    private readonly ISipRequestHandler _handler;
    private readonly SipTransactionRuntime _runtime;
    private readonly SipLocalAddressing _local;
    private readonly ILogger _logger;
    private readonly SipRefusalReporter _refusals;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SipRequestScheduler _scheduler;
    private readonly string _retryAfter;
    private readonly SipRawOverloadRefusal _rawRefusal;

    public SipMessageDispatcher(ISipRequestHandler handler, SipTimerOptions timers, TimeProvider timeProvider, string? advertisedHost, ILogger logger, ISipTrafficObserver? observer = null, SipOverloadOptions? overload = null)
    {
        overload ??= new SipOverloadOptions();
        _handler = handler;
        _scheduler = new SipRequestScheduler(overload, timeProvider, logger);
        _retryAfter = overload.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _local = new SipLocalAddressing(advertisedHost);
        _logger = logger;
        _refusals = new SipRefusalReporter(advertisedHost, timeProvider, logger, observer);
        _runtime = new SipTransactionRuntime(timers, timeProvider, this, observer, _refusals);
        _rawRefusal = new SipRawOverloadRefusal(_serverTransactions, _runtime, _refusals, _retryAfter);
    }

    public SipDialogTable Dialogs { get; } = new();

    public int ServerTransactionCount => _serverTransactions.Count;

    public SipBacklog Backlog => _scheduler.Backlog;

    public void StartWorkers() => _scheduler.Start();

    public ValueTask StopWorkersAsync() => _scheduler.DisposeAsync();

    public async ValueTask<SipReceiveOutcome> OnMessageAsync(ReadOnlyMemory<byte> message, ISipChannel channel, IPEndPoint remote, CancellationToken cancellationToken)
    {
        if (message.Span.TrimStart("\r\n "u8).IsEmpty)
        {
            return SipReceiveOutcome.Accepted;
        }

        // Over budget, a refusal must cost less than a call: what can be decided from the raw lines skips the parse.
        if (_scheduler.OverBudget && await _rawRefusal.TryHandleAsync(message, channel, remote).ConfigureAwait(false))
        {
            return SipReceiveOutcome.Accepted;
        }

        // No exception on this path: hostile traffic is mostly malformed, and a throw per datagram is garbage and CPU.
        if (!SipMessageParser.TryParse(message.Span, SipParserOptions.Default, out var parsed, out var failure))
        {
            _runtime.Observer?.MessageMalformed(SipMalformedReasons.Of(failure.Error));
            await RejectMalformedAsync(message, channel, remote, failure.SuggestedStatusCode, failure.Message).ConfigureAwait(false);
            return SipReceiveOutcome.Malformed;
        }

        if (parsed is SipResponse response)
        {
            _clientTransactions.OnResponse(response);
            return SipReceiveOutcome.Accepted;
        }

        var request = (SipRequest)parsed;
        var problem = SipRequiredHeaders.FindMissing(request);
        if (problem is not null)
        {
            _runtime.Observer?.MessageMalformed(SipMalformedReasons.MissingHeader);
            await RejectMalformedAsync(message, channel, remote, 400, problem).ConfigureAwait(false);
            return SipReceiveOutcome.Malformed;
        }

        SipResponseRouting.StampReceived(request, remote);
        await OnRequestAsync(request, channel, remote).ConfigureAwait(false);
        return SipReceiveOutcome.Accepted;
    }

    public async ValueTask OnUnframableAsync(ReadOnlyMemory<byte> head, SipStreamFault fault, ISipChannel channel, IPEndPoint remote)
    {
        _runtime.Observer?.MessageMalformed(fault.Reason);
        await RejectMalformedAsync(head, channel, remote, fault.StatusCode, fault.Detail).ConfigureAwait(false);
    }

    public void OnTransportFault(SipTransportKind transport, IPEndPoint remote, SipStreamFault fault)
    {
        _runtime.Observer?.MessageMalformed(fault.Reason);
        _refusals.Malformed(remote, transport, fault.Detail);
    }

    /// <summary>Sends BYE on a dialog through a non-INVITE client transaction; null when it timed out or could not be sent.</summary>
    public async Task<SipResponse?> SendByeAsync(SipDialog dialog, SipDialogTerminationReason reason, CancellationToken cancellationToken)
    {
        if (!dialog.TryTerminate())
        {
            return null;
        }

        Dialogs.Remove(dialog);
        NotifyTerminated(dialog, reason);
        var channel = dialog.Channel;
        if (channel is SipStreamConnection { IsClosed: true })
        {
            Log.ByeNotSent(_logger, dialog.CallId, "its connection is closed");
            return null;
        }

        var bye = dialog.CreateRequest(SipMethods.Bye, _local.AdvertisedEndPoint(channel, dialog.LocalUri.Host));
        var destination = channel.IsReliable ? dialog.RemoteEndPoint : await RequestDestinationAsync(dialog, cancellationToken).ConfigureAwait(false);
        var transaction = new SipNonInviteClientTransaction(bye, channel, destination, _runtime.Timers, _runtime.TimeProvider, _clientTransactions.Remove);
        _clientTransactions.Add(transaction);
        await transaction.StartAsync(cancellationToken).ConfigureAwait(false);
        return await transaction.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends every transaction and dialog; used when the stack stops.</summary>
    public void Shutdown()
    {
        _stopping.Cancel();
        _refusals.Dispose();
        foreach (var transaction in _serverTransactions.Values)
        {
            transaction.Abort();
        }

        _clientTransactions.AbortAll();
        _serverTransactions.Clear();
        foreach (var dialog in Dialogs.Snapshot())
        {
            if (dialog.TryTerminate())
            {
                Dialogs.Remove(dialog);
                NotifyTerminated(dialog, SipDialogTerminationReason.Shutdown);
            }
        }
    }

    void ISipServerTransactionOwner.OnTerminated(ISipServerTransactionEntry transaction) =>
        _serverTransactions.TryRemove(new KeyValuePair<SipTransactionKey, ISipServerTransactionEntry>(transaction.Key, transaction));

    void ISipServerTransactionOwner.OnInviteRefused(SipInviteServerTransaction transaction, SipRefusedInviteTransaction refused)
    {
        // Not in the table any more means the stack is stopping: nothing is left to retransmit or absorb.
        if (_serverTransactions.TryUpdate(transaction.Key, refused, transaction))
        {
            refused.Start();
        }
    }

    void ISipServerTransactionOwner.OnInviteAccepting(SipInviteServerTransaction transaction, SipResponse response)
    {
        if (response.Contacts.Count == 0)
        {
            var local = _local.AdvertisedEndPoint(transaction.Channel, transaction.Request.RequestUri.Host);
            var contact = SipLocalUri.Create(local.Address, local.Port, transaction.Channel.Kind);
            response.Headers.Add(SipHeaderNames.Contact, new SipNameAddress { Uri = contact }.ToString());
        }

        var dialog = transaction.Dialog;
        if (dialog is null)
        {
            dialog = Dialogs.GetOrAdd(new SipDialog(transaction.Request, transaction.LocalTag, transaction.Channel, transaction.RemoteEndPoint));
            transaction.Dialog = dialog;
        }
    }

    void ISipServerTransactionOwner.OnInviteAccepted(SipInviteServerTransaction transaction, SipAcceptedInviteTransaction accepted)
    {
        accepted.Dialog.ExpectAck(accepted);

        // Not in the table any more means the stack is stopping: nothing is left to retransmit or match.
        if (_serverTransactions.TryUpdate(transaction.Key, accepted, transaction))
        {
            accepted.Start();
        }
    }

    void ISipServerTransactionOwner.OnAckTimeout(SipDialog dialog)
    {
        // A dialog already ended (the peer's BYE overtaking a lost ACK under load, or our own BYE after the RTP timeout,
        // usually shorter than timer H) needs no BYE of ours and has logged why it ended.
        if (dialog.IsTerminated)
        {
            return;
        }

        Log.AckTimeout(_logger, dialog.CallId);
        _ = SendByeAsync(dialog, SipDialogTerminationReason.AckTimeout, _stopping.Token);
    }

    void ISipServerTransactionOwner.OnNonInviteCompleted(SipServerTransaction transaction, SipResponse response, SipCompletedNonInviteTransaction completed)
    {
        // Not in the table any more means the stack is stopping: nothing is left to repeat.
        if (_serverTransactions.TryUpdate(transaction.Key, completed, transaction))
        {
            completed.Start();
        }

        var dialog = transaction.Dialog;
        if (dialog is not null && transaction.Request.Method == SipMethods.Bye && response.StatusCode is >= 200 and < 300 && dialog.TryTerminate())
        {
            Dialogs.Remove(dialog);
            NotifyTerminated(dialog, SipDialogTerminationReason.RemoteBye);
        }
    }

    private async ValueTask OnRequestAsync(SipRequest request, ISipChannel channel, IPEndPoint remote)
    {
        if (request.Method == SipMethods.Ack)
        {
            _runtime.Observer?.RequestReceived(request.Method);
            OnAck(request);
            return;
        }

        var key = SipServerTransactionKeys.For(request, request.Method);
        if (_serverTransactions.TryGetValue(key, out var existing))
        {
            await existing.OnRetransmissionAsync().ConfigureAwait(false);
            return;
        }

        SipServerTransaction transaction = request.Method == SipMethods.Invite
            ? new SipInviteServerTransaction(request, key, channel, remote, _runtime)
            : new SipNonInviteServerTransaction(request, key, channel, remote, _runtime);
        if (!_serverTransactions.TryAdd(key, transaction))
        {
            // The same request arrived twice at once, over two connections or loops; the first one answers.
            return;
        }

        _runtime.Observer?.RequestReceived(request.Method);

        if (request.Method == SipMethods.Cancel)
        {
            await OnCancelAsync(transaction).ConfigureAwait(false);
            return;
        }

        if (request.MaxForwards == 0)
        {
            await transaction.RespondAsync(483, "Too Many Hops").ConfigureAwait(false);
            return;
        }

        if (!_local.RouteEndsHere(request, channel))
        {
            // We are a user agent, not a proxy: a request whose next hop is another element cannot be served or passed on.
            await transaction.RespondAsync(403, "Not a Proxy").ConfigureAwait(false);
            return;
        }

        if (request.ToTag() is not null)
        {
            var dialog = Dialogs.Find(request);
            if (dialog is null || dialog.IsTerminated)
            {
                await transaction.RespondAsync(481, "Call/Transaction Does Not Exist").ConfigureAwait(false);
                return;
            }

            if (!dialog.TryAcceptRequest(request))
            {
                await transaction.RespondAsync(500, "CSeq Out of Order").ConfigureAwait(false);
                return;
            }

            transaction.Dialog = dialog;
        }
        else if (request.Method == SipMethods.Bye)
        {
            await transaction.RespondAsync(481, "Call/Transaction Does Not Exist").ConfigureAwait(false);
            return;
        }

        if (transaction is SipInviteServerTransaction invite)
        {
            invite.Start();
        }

        var queued = transaction.Dialog is not null
            ? _scheduler.TryEnqueueInDialog(() => RunHandlerAsync(transaction))
            : _scheduler.TryEnqueueNew(() => RunHandlerAsync(transaction), transaction is SipInviteServerTransaction);
        if (!queued)
        {
            await RefuseOverloadedAsync(transaction).ConfigureAwait(false);
        }
    }

    private async ValueTask RefuseOverloadedAsync(SipServerTransaction transaction)
    {
        // Answered at once: a client told to retry elsewhere fails over, one left waiting only retransmits into the queue.
        var busy = SipResponse.CreateFor(transaction.Request, 503, "Overloaded");
        busy.Headers.Add(SipHeaderNames.RetryAfter, _retryAfter);
        _runtime.Observer?.RequestShed(transaction.Request.Method);
        try
        {
            await transaction.SendResponseAsync(busy).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // A CANCEL's 487 got there first.
        }
    }

    private void OnAck(SipRequest ack)
    {
        if (_serverTransactions.TryGetValue(SipServerTransactionKeys.For(ack, SipMethods.Invite), out var matched)
            && matched switch
            {
                SipRefusedInviteTransaction refused => refused.OnAck(),
                SipInviteServerTransaction invite => invite.OnAckForFailure(),
                _ => false,
            })
        {
            return;
        }

        var dialog = Dialogs.Find(ack);
        var accepted = dialog?.TransactionAwaitingAck(ack.CSeq!.Number);
        if (dialog is null || accepted is null || !accepted.OnAck())
        {
            return;
        }

        var queued = _scheduler.TryEnqueueInDialog(() =>
        {
            try
            {
                _handler.OnAckReceived(dialog, ack);
            }
            catch (Exception ex)
            {
                Log.HandlerFailed(_logger, ack.Method, ack.CallId, ex);
            }

            return Task.CompletedTask;
        });
        if (!queued)
        {
            Log.AckDropped(_logger, ack.CallId);
        }
    }

    private async ValueTask OnCancelAsync(SipServerTransaction cancel)
    {
        var inviteKey = cancel.Key with { Method = SipMethods.Invite };
        if (!_serverTransactions.TryGetValue(inviteKey, out var matched) || matched is not (SipInviteServerTransaction or SipAcceptedInviteTransaction or SipRefusedInviteTransaction))
        {
            await cancel.RespondAsync(481, "Call/Transaction Does Not Exist").ConfigureAwait(false);
            return;
        }

        // RFC 3261 §9.2: a CANCEL that matches a transaction gets 200 even when the INVITE was already answered.
        await cancel.RespondAsync(200).ConfigureAwait(false);
        if (matched is not SipInviteServerTransaction invite || !invite.TryCancel())
        {
            return;
        }

        try
        {
            _handler.OnCancelled(invite);
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(_logger, SipMethods.Cancel, invite.Request.CallId, ex);
        }

        try
        {
            await invite.RespondAsync(487, "Request Terminated").ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // The application's final response got there first; the CANCEL then has no effect (§9.2).
        }
    }

    private async Task RunHandlerAsync(SipServerTransaction transaction)
    {
        try
        {
            await _handler.OnRequestAsync(transaction, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(_logger, transaction.Request.Method, transaction.Request.CallId, ex);
        }

        // A cancelled INVITE gets its 487 from the CANCEL path.
        var cancelled = transaction is SipInviteServerTransaction { CancellationRequested.IsCancellationRequested: true };
        if (transaction.HasFinalResponse || cancelled || _stopping.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await transaction.RespondAsync(500, "Server Internal Error").ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Answered concurrently (a CANCEL's 487, say).
        }
    }

    private async Task RejectMalformedAsync(ReadOnlyMemory<byte> message, ISipChannel channel, IPEndPoint remote, int statusCode, string reason)
    {
        var agent = _refusals.AgentFor(channel, SipLocalUri.FormatHost(IPAddress.Loopback));
        var response = RawErrorResponse.TryBuild(message.Span, statusCode, reason, agent, out var callId);
        if (response is null)
        {
            _refusals.Malformed(remote, channel.Kind, reason);
            return;
        }

        _refusals.Report(RequestMethod(message.Span), callId, remote, statusCode, reason);
        _runtime.Observer?.ResponseSent(statusCode);
        await channel.SendAsync(response, remote).ConfigureAwait(false);
    }

    private static string? RequestMethod(ReadOnlySpan<byte> raw)
    {
        var space = raw.IndexOf((byte)' ');
        return space is > 0 and <= 16 ? System.Text.Encoding.ASCII.GetString(raw[..space]) : null;
    }

    private void NotifyTerminated(SipDialog dialog, SipDialogTerminationReason reason)
    {
        try
        {
            _handler.OnDialogTerminated(dialog, reason);
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(_logger, "dialog end", dialog.CallId, ex);
        }
    }

    private async Task<IPEndPoint> RequestDestinationAsync(SipDialog dialog, CancellationToken cancellationToken)
    {
        // A next hop whose name does not resolve falls back to where the INVITE came from: the previous hop, if anyone, knows the way.
        var nextHop = dialog.RouteSet.NextHop(dialog.RemoteTarget);
        return await SipNextHop.ResolveAsync(nextHop, dialog.Channel, cancellationToken).ConfigureAwait(false) ?? dialog.RemoteEndPoint;
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Error, Message = "Application failed handling {Method} for call {CallId}")]
        public static partial void HandlerFailed(ILogger logger, string method, string? callId, Exception exception);

        [LoggerMessage(Level = LogLevel.Warning, Message = "No ACK for the 2xx of call {CallId}; sending BYE")]
        public static partial void AckTimeout(ILogger logger, string callId);

        [LoggerMessage(Level = LogLevel.Warning, Message = "ACK for call {CallId} not handed to the application: the in-dialog queue is full")]
        public static partial void AckDropped(ILogger logger, string? callId);

        [LoggerMessage(Level = LogLevel.Warning, Message = "BYE for call {CallId} not sent: {Reason}")]
        public static partial void ByeNotSent(ILogger logger, string callId, string reason);
    }
}
