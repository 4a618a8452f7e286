using Siprec.Sip.Messages;
using System.Net;
using Siprec.Sip.Dialogs;
using Siprec.Sip.Transport;

namespace Siprec.Sip.Transactions;

/// <summary>
/// A request received from the network and the means to answer it (RFC 3261 §17.2). Thread-safe; responses are
/// sent to the address RFC 3261 §18.2.2 and RFC 3581 pick, or on the connection the request came over.
/// </summary>
public abstract class SipServerTransaction : ISipServerTransactionEntry
{
    private protected SipServerTransaction(
        SipRequest request,
        SipTransactionKey key,
        ISipChannel channel,
        IPEndPoint remoteEndPoint,
        SipTransactionRuntime runtime)
    {
        Request = request;
        Key = key;
        Channel = channel;
        RemoteEndPoint = remoteEndPoint;
        Runtime = runtime;
        ResponseDestination = SipResponseRouting.DestinationFor(request, channel, remoteEndPoint);
        LocalTag = request.ToTag() ?? SipIdentifiers.NewTag();
    }

    /// <summary>The request as received, with <c>received</c>/<c>rport</c> already stamped on its top Via.</summary>
    public SipRequest Request { get; }

    /// <summary>The matching key of this transaction.</summary>
    public SipTransactionKey Key { get; }

    /// <summary>The UDP socket or stream connection the request came over.</summary>
    public ISipChannel Channel { get; }

    /// <summary>The transport the request came over.</summary>
    public SipTransportKind Transport => Channel.Kind;

    /// <summary>The source address of the request.</summary>
    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>Where responses go (for streams, the connection's peer).</summary>
    public IPEndPoint ResponseDestination { get; }

    /// <summary>The To tag this side uses in its responses (the existing one for in-dialog requests).</summary>
    public string LocalTag { get; }

    /// <summary>The dialog an in-dialog request belongs to; null for a request outside any dialog.</summary>
    public SipDialog? Dialog { get; internal set; }

    /// <summary>The final response sent, or null while none has been.</summary>
    public SipResponse? FinalResponse { get; private protected set; }

    /// <summary>True once a final (non-1xx) response has been sent.</summary>
    public bool HasFinalResponse => FinalResponse is not null;

    private protected SipTransactionRuntime Runtime { get; }

    /// <summary>
    /// Sends a response; a To tag is added when missing (except to 100). Throws <see cref="InvalidOperationException"/>
    /// when a final response was already sent.
    /// </summary>
    public abstract ValueTask SendResponseAsync(SipResponse response, CancellationToken cancellationToken = default);

    /// <summary>Builds a response to <see cref="Request"/> with the given status and sends it.</summary>
    public ValueTask RespondAsync(int statusCode, string? reasonPhrase = null, CancellationToken cancellationToken = default) =>
        SendResponseAsync(SipResponse.CreateFor(Request, statusCode, reasonPhrase), cancellationToken);

    /// <summary>Answers a retransmission of the request with the last response, if there is one.</summary>
    internal abstract ValueTask OnRetransmissionAsync();

    /// <summary>Ends the transaction at once (stack shutdown).</summary>
    internal abstract void Abort();

    ValueTask ISipServerTransactionEntry.OnRetransmissionAsync() => OnRetransmissionAsync();

    void ISipServerTransactionEntry.Abort() => Abort();

    private protected SipResponse StampToTag(SipResponse response)
    {
        if (response.StatusCode > 100 && response.ToTag() is null)
        {
            response.SetToTag(LocalTag);
        }

        return response;
    }

    /// <summary>
    /// Gives a refusal its Warning and reports it before it is written; skipped once a final response went out, since a
    /// second one is turned down with an exception and never sent.
    /// </summary>
    private protected void ExplainRefusal(SipResponse response)
    {
        if (FinalResponse is null)
        {
            Runtime.Refusals?.Explain(Request, response, Channel, RemoteEndPoint);
        }
    }

    private protected ValueTask TransmitAsync(byte[] bytes, CancellationToken cancellationToken) =>
        Channel.SendAsync(bytes, ResponseDestination, cancellationToken);
}
