using System.Globalization;
using System.Net;
using Siprec.Sip.Headers;
using Siprec.Sip.Messages;
using Siprec.Sip.Transactions;
using Siprec.Sip.Transport;

namespace Siprec.Sip.Dialogs;

/// <summary>
/// A UAS dialog (RFC 3261 §12.1.1) created by a 2xx to an INVITE: remote target, route set and CSeq state.
/// Thread-safe.
/// </summary>
public sealed class SipDialog
{
    private readonly Lock _gate = new();
    private uint _localCSeq;
    private uint _remoteCSeq;
    private SipUri _remoteTarget;
    private SipAcceptedInviteTransaction? _awaitingAck;
    private bool _terminated;

    internal SipDialog(SipRequest invite, string localTag, ISipChannel channel, IPEndPoint remoteEndPoint)
    {
        var from = invite.From ?? throw new ArgumentException("The INVITE has no From.", nameof(invite));
        var to = invite.To ?? throw new ArgumentException("The INVITE has no To.", nameof(invite));
        Id = new SipDialogId(invite.CallId ?? string.Empty, localTag, from.Tag ?? string.Empty);
        LocalUri = to.Uri;
        RemoteUri = from.Uri;
        _remoteTarget = invite.Contacts.Count > 0 ? invite.Contacts[0].Uri : from.Uri;
        _remoteCSeq = invite.CSeq?.Number ?? 0;
        RouteSet = SipRouteSet.FromRecordRoute(invite);
        Channel = channel;
        RemoteEndPoint = remoteEndPoint;
    }

    /// <summary>Call-ID and tags.</summary>
    public SipDialogId Id { get; }

    /// <summary>The Call-ID.</summary>
    public string CallId => Id.CallId;

    /// <summary>Our URI (the To of the INVITE).</summary>
    public SipUri LocalUri { get; }

    /// <summary>The peer's URI (the From of the INVITE).</summary>
    public SipUri RemoteUri { get; }

    /// <summary>The Record-Route values of the INVITE, in order; requests we send follow them.</summary>
    public SipRouteSet RouteSet { get; }

    /// <summary>The peer's Contact, updated by target-refresh requests (re-INVITE, UPDATE).</summary>
    public SipUri RemoteTarget
    {
        get
        {
            lock (_gate)
            {
                return _remoteTarget;
            }
        }
    }

    /// <summary>The highest CSeq number the peer used.</summary>
    public uint RemoteCSeq
    {
        get
        {
            lock (_gate)
            {
                return _remoteCSeq;
            }
        }
    }

    /// <summary>The CSeq number of the last request we sent in the dialog (0 before any).</summary>
    public uint LocalCSeq
    {
        get
        {
            lock (_gate)
            {
                return _localCSeq;
            }
        }
    }

    /// <summary>The channel the dialog's INVITE came over; our in-dialog requests reuse it.</summary>
    public ISipChannel Channel { get; }

    /// <summary>The address the INVITE came from.</summary>
    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>True once a BYE was sent or accepted, or the stack gave up on the ACK.</summary>
    public bool IsTerminated
    {
        get
        {
            lock (_gate)
            {
                return _terminated;
            }
        }
    }

    /// <summary>
    /// Builds an in-dialog request (RFC 3261 §12.2.1.1): Request-URI and Route from the route set and the remote target
    /// (loose or strict routing), From/To with our and their tags, the next local CSeq, and a new Via branch sent by <paramref name="sentBy"/>.
    /// </summary>
    public SipRequest CreateRequest(string method, IPEndPoint sentBy)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(sentBy);
        uint cseq;
        SipUri target;
        lock (_gate)
        {
            cseq = ++_localCSeq;
            target = _remoteTarget;
        }

        var request = new SipRequest(method, RouteSet.RequestUri(target));
        var transport = Channel.Kind.ToString().ToUpperInvariant();
        var via = new SipViaHeader
        {
            Transport = transport,
            Host = sentBy.Address.ToString(),
            Port = sentBy.Port,
            Parameters = SipParameters.Empty.With("branch", SipIdentifiers.NewBranch()).With("rport", null),
        };
        request.Headers.Add(SipHeaderNames.Via, via.ToString());
        request.Headers.Add(SipHeaderNames.MaxForwards, "70");
        foreach (var route in RouteSet.Routes(target))
        {
            request.Headers.Add(SipHeaderNames.Route, route);
        }

        request.Headers.Add(SipHeaderNames.From, new SipNameAddress { Uri = LocalUri }.WithTag(Id.LocalTag).ToString());
        request.Headers.Add(SipHeaderNames.To, new SipNameAddress { Uri = RemoteUri }.WithTag(Id.RemoteTag).ToString());
        request.Headers.Add(SipHeaderNames.CallId, CallId);
        request.Headers.Add(SipHeaderNames.CSeq, string.Concat(cseq.ToString(CultureInfo.InvariantCulture), " ", method));
        request.Headers.Add(SipHeaderNames.ContentLength, "0");
        return request;
    }

    /// <summary>
    /// Checks a new in-dialog request's CSeq (RFC 3261 §12.2.2): false when it is lower than the last one;
    /// otherwise records it and, for a target refresh, the new Contact.
    /// </summary>
    internal bool TryAcceptRequest(SipRequest request)
    {
        var cseq = request.CSeq?.Number ?? 0;
        var refreshesTarget = request.Method is SipMethods.Invite or SipMethods.Update;
        var contact = refreshesTarget && request.Contacts.Count > 0 ? request.Contacts[0].Uri : null;
        lock (_gate)
        {
            if (cseq < _remoteCSeq)
            {
                return false;
            }

            _remoteCSeq = cseq;
            if (contact is not null)
            {
                _remoteTarget = contact;
            }

            return true;
        }
    }

    /// <summary>Remembers the accepted INVITE whose 2xx awaits an ACK.</summary>
    internal void ExpectAck(SipAcceptedInviteTransaction transaction)
    {
        lock (_gate)
        {
            _awaitingAck = transaction;
        }
    }

    /// <summary>Forgets <paramref name="transaction"/> once it ended, unless a later INVITE already took its place.</summary>
    internal void StopExpectingAck(SipAcceptedInviteTransaction transaction)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_awaitingAck, transaction))
            {
                _awaitingAck = null;
            }
        }
    }

    /// <summary>The accepted INVITE awaiting the ACK with this CSeq number, if any.</summary>
    internal SipAcceptedInviteTransaction? TransactionAwaitingAck(uint cseq)
    {
        lock (_gate)
        {
            return _awaitingAck is not null && _awaitingAck.CSeq == cseq ? _awaitingAck : null;
        }
    }

    /// <summary>Marks the dialog ended; true the first time.</summary>
    internal bool TryTerminate()
    {
        lock (_gate)
        {
            if (_terminated)
            {
                return false;
            }

            _terminated = true;
            return true;
        }
    }
}
