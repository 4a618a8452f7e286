namespace Siprec.Sip.Messages;

/// <summary>Why a SIP message was rejected by the parser or framer.</summary>
public enum SipParseError
{
    /// <summary>No bytes, or only line breaks.</summary>
    Empty,
    /// <summary>The header section has no terminating empty line.</summary>
    MissingHeaderTerminator,
    /// <summary>The header section (or start line) exceeds the configured limit.</summary>
    HeadersTooLarge,
    /// <summary>More header fields than the configured limit.</summary>
    TooManyHeaders,
    /// <summary>The start line is neither a request line nor a status line.</summary>
    InvalidStartLine,
    /// <summary>The request method is not a token.</summary>
    InvalidMethod,
    /// <summary>The Request-URI is malformed (whitespace, angle brackets, bad host...).</summary>
    InvalidRequestUri,
    /// <summary>The SIP-Version is malformed.</summary>
    InvalidVersion,
    /// <summary>The SIP-Version is well-formed but not 2.0.</summary>
    UnsupportedVersion,
    /// <summary>The status code is not three digits from 100 to 699.</summary>
    InvalidStatusCode,
    /// <summary>The reason phrase holds control characters.</summary>
    InvalidReasonPhrase,
    /// <summary>A header line has no colon, an invalid name, or begins with whitespace where no header precedes.</summary>
    InvalidHeaderLine,
    /// <summary>A header value has unbalanced quotes or angle brackets, or an invalid escape.</summary>
    InvalidHeaderValue,
    /// <summary>A header that may appear once appears several times with different values.</summary>
    DuplicateHeader,
    /// <summary>No Via header.</summary>
    MissingVia,
    /// <summary>A Via value is malformed.</summary>
    InvalidVia,
    /// <summary>No From header.</summary>
    MissingFrom,
    /// <summary>The From value is malformed.</summary>
    InvalidFrom,
    /// <summary>No To header.</summary>
    MissingTo,
    /// <summary>The To value is malformed.</summary>
    InvalidTo,
    /// <summary>No Call-ID header.</summary>
    MissingCallId,
    /// <summary>The Call-ID value is empty or holds whitespace.</summary>
    InvalidCallId,
    /// <summary>No CSeq header.</summary>
    MissingCSeq,
    /// <summary>The CSeq value is malformed or its number exceeds 32 bits.</summary>
    InvalidCSeq,
    /// <summary>The CSeq method differs from the request method.</summary>
    CSeqMethodMismatch,
    /// <summary>Max-Forwards is not a number from 0 to 255.</summary>
    InvalidMaxForwards,
    /// <summary>A Contact value is malformed.</summary>
    InvalidContact,
    /// <summary>The Content-Type value is malformed.</summary>
    InvalidContentType,
    /// <summary>The Date value is not an RFC 1123 date in GMT (RFC 3261 §20.17).</summary>
    InvalidDate,
    /// <summary>Content-Length is not a non-negative number.</summary>
    InvalidContentLength,
    /// <summary>A stream-framed message has no Content-Length (RFC 3261 §18.3).</summary>
    MissingContentLength,
    /// <summary>The body is shorter than Content-Length.</summary>
    BodyTruncated,
    /// <summary>The body exceeds the configured limit.</summary>
    BodyTooLarge,
}
