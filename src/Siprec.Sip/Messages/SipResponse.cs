using Siprec.Sip.Headers;

namespace Siprec.Sip.Messages;

/// <summary>A SIP response: status code, reason phrase, headers and body.</summary>
public sealed class SipResponse : SipMessage
{
    /// <summary>Creates a response; a null <paramref name="reasonPhrase"/> takes the RFC 3261 default for the code.</summary>
    public SipResponse(int statusCode, string? reasonPhrase = null, SipHeaderCollection? headers = null, ReadOnlyMemory<byte> body = default)
        : base(headers, body)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 699);
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase ?? SipReasonPhrases.For(statusCode);
    }

    /// <summary>The status code, 100 to 699.</summary>
    public int StatusCode { get; }

    /// <summary>The reason phrase (may be empty).</summary>
    public string ReasonPhrase { get; }

    /// <inheritdoc/>
    public override bool IsRequest => false;

    /// <summary>
    /// Creates a response to <paramref name="request"/> per RFC 3261 §8.2.6: copies every Via in order, From, To,
    /// Call-ID and CSeq (and Timestamp for 100). The To tag is left to the caller (dialog layer).
    /// </summary>
    public static SipResponse CreateFor(SipRequest request, int statusCode, string? reasonPhrase = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = new SipResponse(statusCode, reasonPhrase);
        foreach (var header in request.Headers)
        {
            var copy = header.Name switch
            {
                SipHeaderNames.Via or SipHeaderNames.From or SipHeaderNames.To or SipHeaderNames.CallId or SipHeaderNames.CSeq => true,
                SipHeaderNames.Timestamp => statusCode == 100,
                _ => false,
            };
            if (copy)
                response.Headers.AddCanonical(header.Name, header.Value);
        }
        return response;
    }
}
