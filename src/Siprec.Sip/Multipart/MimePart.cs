using Siprec.Sip.Headers;

namespace Siprec.Sip.Multipart;

/// <summary>One body part of a multipart body: its MIME headers and its bytes.</summary>
public sealed class MimePart
{
    /// <summary>Creates a part; <paramref name="headers"/> is taken as is.</summary>
    public MimePart(SipHeaderCollection headers, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        Headers = headers;
        Body = body;
    }

    /// <summary>The part headers, in order.</summary>
    public SipHeaderCollection Headers { get; }

    /// <summary>The part body (a slice of the enclosing body when parsed).</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The part Content-Type, or null when absent or invalid (RFC 2046 then implies text/plain).</summary>
    public SipContentType? ContentType =>
        SipContentType.TryParse(Headers.Get(SipHeaderNames.ContentType), out var value) ? value : null;

    /// <summary>The Content-Disposition value (e.g. <c>recording-session</c>, <c>session;handling=required</c>), or null.</summary>
    public string? ContentDisposition => Headers.Get(SipHeaderNames.ContentDisposition);

    /// <summary>The disposition type alone, lower case (e.g. <c>recording-session</c>), or null.</summary>
    public string? DispositionType
    {
        get
        {
            var value = ContentDisposition;
            if (value is null)
                return null;
            var semicolon = value.IndexOf(';', StringComparison.Ordinal);
            return (semicolon < 0 ? value : value[..semicolon]).Trim().ToLowerInvariant();
        }
    }

    /// <summary>The Content-ID without angle brackets, or null.</summary>
    public string? ContentId => Headers.Get(SipHeaderNames.ContentId)?.Trim().TrimStart('<').TrimEnd('>');
}
