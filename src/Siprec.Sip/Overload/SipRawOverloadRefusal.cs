using System.Collections.Concurrent;
using System.Net;
using Siprec.Sip.Headers;
using Siprec.Sip.Messages;
using Siprec.Sip.Refusals;
using Siprec.Sip.Transactions;
using Siprec.Sip.Transport;

namespace Siprec.Sip.Overload;

/// <summary>
/// While over budget, deals with what it can from the raw datagram so that refusing costs less than serving: a new
/// INVITE gets 503 with Retry-After built from its raw headers and a <see cref="SipRefusedInviteTransaction"/> that
/// absorbs its retransmissions and ACK; a retransmission goes to its transaction and the ACK of a refusal to its entry.
/// Everything else (in-dialog requests, other ACKs, BYE, CANCEL, anything unusual) is left to the full parse.
/// </summary>
internal sealed class SipRawOverloadRefusal
{
    private const string Reason = "Overloaded";
    private readonly ConcurrentDictionary<SipTransactionKey, ISipServerTransactionEntry> _transactions;
    private readonly SipTransactionRuntime _runtime;
    private readonly SipRefusalReporter _refusals;
    private readonly string _retryAfter;

    public SipRawOverloadRefusal(ConcurrentDictionary<SipTransactionKey, ISipServerTransactionEntry> transactions, SipTransactionRuntime runtime, SipRefusalReporter refusals, string retryAfter)
    {
        _transactions = transactions;
        _runtime = runtime;
        _refusals = refusals;
        _retryAfter = retryAfter;
    }

    /// <summary>True when the datagram was dealt with here; false when it needs the full parse.</summary>
    public async ValueTask<bool> TryHandleAsync(ReadOnlyMemory<byte> message, ISipChannel channel, IPEndPoint remote)
    {
        var decision = Decide(message.Span, channel, remote);
        switch (decision.Kind)
        {
            case DecisionKind.Retransmission:
                await decision.Entry!.OnRetransmissionAsync().ConfigureAwait(false);
                return true;
            case DecisionKind.Refused:
                await channel.SendAsync(decision.Response!, decision.Destination!).ConfigureAwait(false);
                return true;
            case DecisionKind.Absorbed:
                return true;
            default:
                return false;
        }
    }

    private Decision Decide(ReadOnlySpan<byte> raw, ISipChannel channel, IPEndPoint remote)
    {
        if (!SipRawRequestHead.TryRead(raw, out var head))
        {
            return default;
        }

        if (head.IsMethod("ACK"u8))
        {
            // Only the ACK of a refusal is absorbed here; an ACK for a 2xx belongs to its dialog and goes the full way.
            return _transactions.TryGetValue(head.KeyFor(SipMethods.Invite), out var matched) && matched is SipRefusedInviteTransaction refusedEntry && refusedEntry.OnAck()
                ? new Decision(DecisionKind.Absorbed)
                : default;
        }

        if (!head.IsMethod("INVITE"u8) || head.HasToTag)
        {
            return default;
        }

        var key = head.KeyFor(SipMethods.Invite);
        if (_transactions.TryGetValue(key, out var existing))
        {
            return new Decision(DecisionKind.Retransmission, existing);
        }

        if (!head.IsPlain)
        {
            return default;
        }

        var agent = _refusals.AgentFor(channel, SipLocalUri.FormatHost(IPAddress.Loopback));
        var response = RawErrorResponse.TryBuild(raw, 503, Reason, agent, out var callId, _retryAfter);
        if (response is null)
        {
            return default;
        }

        var destination = head.ResponseDestination(channel.IsReliable, remote);
        var refused = new SipRefusedInviteTransaction(key, response, channel, destination, _runtime);
        if (!_transactions.TryAdd(key, refused))
        {
            // The same INVITE arrived twice at once; the copy that got in answers.
            return new Decision(DecisionKind.Absorbed);
        }

        refused.Start();
        var observer = _runtime.Observer;
        observer?.RequestReceived(SipMethods.Invite);
        observer?.RequestShed(SipMethods.Invite);
        observer?.ResponseSent(503);
        _refusals.Report(SipMethods.Invite, callId, remote, 503, Reason);
        return new Decision(DecisionKind.Refused, refused, response, destination);
    }

    private enum DecisionKind
    {
        FullParse,
        Retransmission,
        Refused,
        Absorbed,
    }

    private readonly record struct Decision(DecisionKind Kind, ISipServerTransactionEntry? Entry = null, byte[]? Response = null, IPEndPoint? Destination = null);
}
