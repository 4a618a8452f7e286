using Siprec.Sip.Headers;

namespace Siprec.Sip.Messages;

/// <summary>A SIP request: method, Request-URI, headers and body.</summary>
public sealed class SipRequest : SipMessage
{
    /// <summary>Creates a request; <paramref name="headers"/> is taken as is (not copied).</summary>
    public SipRequest(string method, SipUri requestUri, SipHeaderCollection? headers = null, ReadOnlyMemory<byte> body = default)
        : base(headers, body)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(requestUri);
        Method = method;
        RequestUri = requestUri;
    }

    /// <summary>The method, case-sensitive (e.g. <see cref="SipMethods.Invite"/>).</summary>
    public string Method { get; }

    /// <summary>The Request-URI.</summary>
    public SipUri RequestUri { get; set; }

    /// <inheritdoc/>
    public override bool IsRequest => true;
}
