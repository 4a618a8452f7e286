using Siprec.Sip.Headers;

namespace Siprec.Sip.Messages;

/// <summary>The headers a request must carry before a transaction or dialog can be found for it (RFC 3261 §8.1.1).</summary>
internal static class SipRequiredHeaders
{
    /// <summary>The reason phrase of the 400 for the first missing or unusable header; null when every one is there.</summary>
    public static string? FindMissing(SipRequest request)
    {
        if (request.TopVia() is null)
        {
            return "Missing or invalid Via";
        }

        if (request.From is null)
        {
            return "Missing or invalid From";
        }

        if (request.To is null)
        {
            return "Missing or invalid To";
        }

        if (string.IsNullOrEmpty(request.CallId))
        {
            return "Missing Call-ID";
        }

        var cseq = request.CSeq;
        if (cseq is null)
        {
            return "Missing or invalid CSeq";
        }

        return string.Equals(cseq.Method, request.Method, StringComparison.Ordinal) ? null : "CSeq method does not match the request method";
    }
}
