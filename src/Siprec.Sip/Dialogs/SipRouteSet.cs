using Siprec.Sip.Headers;
using Siprec.Sip.Messages;

namespace Siprec.Sip.Dialogs;

/// <summary>
/// A UAS dialog's route set (RFC 3261 §12.1.1): the Record-Route values of the INVITE, in order, and how a request we
/// send follows it (§12.2.1.1): loose routing when the first hop says <c>;lr</c>, strict (RFC 2543) routing otherwise.
/// </summary>
public sealed class SipRouteSet
{
    private readonly string[] _values;
    private readonly SipUri? _firstHop;

    /// <summary>Takes the route values in order, each a name-addr as written (all URI and header parameters kept).</summary>
    public SipRouteSet(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = [.. values];
        _firstHop = _values.Length > 0 && SipNameAddress.TryParse(_values[0], out var first) ? first.Uri : null;
    }

    /// <summary>The route values, in order.</summary>
    public IReadOnlyList<string> Values => _values;

    /// <summary>True when the first hop lacks <c>;lr</c>: a strict router that expects its own URI as Request-URI.</summary>
    public bool IsStrict => _firstHop is not null && !_firstHop.Parameters.Contains("lr");

    /// <summary>The route set a UAS learns from <paramref name="invite"/>: its Record-Route values, top first.</summary>
    public static SipRouteSet FromRecordRoute(SipRequest invite)
    {
        ArgumentNullException.ThrowIfNull(invite);
        var values = new List<string>();
        foreach (var value in invite.Headers.GetAll(SipHeaderNames.RecordRoute))
        {
            values.AddRange(SipHeaderValueList.Split(value));
        }

        return new SipRouteSet(values);
    }

    /// <summary>
    /// The Request-URI of a request to <paramref name="remoteTarget"/>: the target itself, or for a strict first hop
    /// that hop's URI without what a Request-URI may not carry (the <c>method</c> parameter and URI headers, §19.1.1).
    /// </summary>
    public SipUri RequestUri(SipUri remoteTarget)
    {
        ArgumentNullException.ThrowIfNull(remoteTarget);
        return IsStrict ? _firstHop! with { Parameters = _firstHop.Parameters.Without("method"), Headers = SipParameters.Empty } : remoteTarget;
    }

    /// <summary>
    /// The Route values of a request to <paramref name="remoteTarget"/>: the whole set when loose routing; for a strict
    /// first hop the rest of the set followed by the remote target, which the last strict router puts back.
    /// </summary>
    public IReadOnlyList<string> Routes(SipUri remoteTarget)
    {
        ArgumentNullException.ThrowIfNull(remoteTarget);
        return IsStrict ? [.. _values[1..], new SipNameAddress { Uri = remoteTarget }.ToString()] : _values;
    }

    /// <summary>Where a request to <paramref name="remoteTarget"/> goes first: the first hop, or the target when the set is empty.</summary>
    public SipUri NextHop(SipUri remoteTarget)
    {
        ArgumentNullException.ThrowIfNull(remoteTarget);
        return _firstHop ?? remoteTarget;
    }
}
