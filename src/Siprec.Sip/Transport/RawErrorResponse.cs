using System.Security.Cryptography;
using System.Text;
using Siprec.Sip.Headers;

namespace Siprec.Sip.Transport;

/// <summary>
/// Builds the error answer (400, 505, 513) to a request the parser rejected, by echoing its raw Via, From, To,
/// Call-ID and CSeq lines, with a <c>Warning: 399</c> repeating the reason; a malformed message never becomes a
/// parsed request whose headers could be copied.
/// </summary>
internal static class RawErrorResponse
{
    /// <summary>
    /// Returns the response bytes, or null when the data is not a request or lacks a header a response needs;
    /// <paramref name="callId"/> is the request's Call-ID when one was found; <paramref name="retryAfter"/>, when given,
    /// becomes a Retry-After header (an overload 503).
    /// </summary>
    public static byte[]? TryBuild(ReadOnlySpan<byte> raw, int statusCode, string reason, string warningAgent, out string? callId, string? retryAfter = null)
    {
        callId = null;
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 699);
        if (!SipRawHeaderLines.TrySplit(raw, out var requestLine, out var lines))
        {
            return null;
        }

        var lastSpace = requestLine.LastIndexOf((byte)' ');
        if (requestLine.StartsWith("SIP/"u8) || lastSpace < 0 || !requestLine[(lastSpace + 1)..].StartsWith("SIP/"u8) || requestLine.StartsWith("ACK "u8))
        {
            return null;
        }

        // Strings only for the lines echoed back: a hostile datagram's other lines may be long and are never decoded.
        var via = new List<string>(2);
        string? from = null, to = null, callIdLine = null, cseq = null;
        foreach (var line in lines)
        {
            if (!line.HasName)
            {
                continue;
            }

            if (line.Is("Via"u8, (byte)'v'))
            {
                via.Add(Encoding.UTF8.GetString(line.Line));
            }
            else if (line.Is("From"u8, (byte)'f'))
            {
                from ??= Encoding.UTF8.GetString(line.Line);
            }
            else if (line.Is("To"u8, (byte)'t'))
            {
                to ??= Encoding.UTF8.GetString(line.Line);
            }
            else if (line.Is("Call-ID"u8, (byte)'i'))
            {
                callIdLine ??= Encoding.UTF8.GetString(line.Line);
            }
            else if (line.Is("CSeq"u8, 0))
            {
                cseq ??= Encoding.UTF8.GetString(line.Line);
            }
        }

        if (via.Count == 0 || from is null || to is null || callIdLine is null || cseq is null)
        {
            return null;
        }

        callId = callIdLine[(callIdLine.IndexOf(':') + 1)..].Trim();
        var phrase = SanitizeReason(reason);
        var response = new StringBuilder(512);
        response.Append("SIP/2.0 ").Append(statusCode).Append(' ').Append(phrase).Append("\r\n");
        foreach (var line in via)
        {
            response.Append(line).Append("\r\n");
        }

        response.Append(from).Append("\r\n");
        response.Append(to);
        if (!to.Contains(";tag=", StringComparison.OrdinalIgnoreCase))
        {
            response.Append(";tag=").Append(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        }

        response.Append("\r\n").Append(callIdLine).Append("\r\n").Append(cseq).Append("\r\n");
        response.Append(SipHeaderNames.Warning).Append(": ").Append(SipWarning.Format(SipWarning.Miscellaneous, warningAgent, phrase)).Append("\r\n");
        if (retryAfter is not null)
        {
            response.Append(SipHeaderNames.RetryAfter).Append(": ").Append(retryAfter).Append("\r\n");
        }

        response.Append("Content-Length: 0\r\n\r\n");
        return Encoding.UTF8.GetBytes(response.ToString());
    }

    private static string SanitizeReason(string reason)
    {
        var cleaned = new StringBuilder(reason.Length);
        foreach (var c in reason)
        {
            cleaned.Append(c is '\r' or '\n' || char.IsControl(c) ? ' ' : c);
        }

        return cleaned.Length == 0 ? "Bad Request" : cleaned.ToString();
    }
}
