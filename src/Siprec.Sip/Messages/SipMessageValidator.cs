using System.Globalization;
using Siprec.Sip.Headers;

namespace Siprec.Sip.Messages;

/// <summary>Checks the mandatory headers of RFC 3261 §8.1.1 and the syntax of the headers a transaction layer relies on.</summary>
internal static class SipMessageValidator
{
    /// <summary>Throws <see cref="SipParseException"/> with a specific reason for the first problem found.</summary>
    public static void Validate(SipMessage message)
    {
        var headers = message.Headers;
        var vias = headers.GetAll(SipHeaderNames.Via);
        if (vias.Count == 0)
            SipMessageParser.Throw(SipParseError.MissingVia, "The Via header is missing.");
        foreach (var via in vias)
        {
            if (!SipViaHeader.TryParse(via, out _))
                SipMessageParser.Throw(SipParseError.InvalidVia, $"The Via value '{via}' is malformed.");
        }

        CheckNameAddress(headers, SipHeaderNames.From, SipParseError.MissingFrom, SipParseError.InvalidFrom);
        CheckNameAddress(headers, SipHeaderNames.To, SipParseError.MissingTo, SipParseError.InvalidTo);

        var callId = Single(headers, SipHeaderNames.CallId, SipParseError.MissingCallId);
        if (callId.Length == 0 || callId.AsSpan().IndexOfAny(' ', '\t') >= 0)
            SipMessageParser.Throw(SipParseError.InvalidCallId, "The Call-ID is empty or malformed.");

        var cseqText = Single(headers, SipHeaderNames.CSeq, SipParseError.MissingCSeq);
        if (!SipCSeq.TryParse(cseqText, out var cseq) || cseq.Number > int.MaxValue)
            SipMessageParser.Throw(SipParseError.InvalidCSeq, $"The CSeq '{cseqText}' is malformed.");
        if (message is SipRequest request && !string.Equals(cseq.Method, request.Method, StringComparison.Ordinal))
            SipMessageParser.Throw(SipParseError.CSeqMethodMismatch, $"The CSeq method {cseq.Method} differs from the request method {request.Method}.");

        var maxForwards = headers.GetAll(SipHeaderNames.MaxForwards);
        if (maxForwards.Count > 1)
            SipMessageParser.Throw(SipParseError.DuplicateHeader, "Max-Forwards appears more than once.");
        if (maxForwards.Count == 1 &&
            (!byte.TryParse(maxForwards[0], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            SipMessageParser.Throw(SipParseError.InvalidMaxForwards, $"Max-Forwards '{maxForwards[0]}' is not a number from 0 to 255.");

        foreach (var contact in headers.GetAll(SipHeaderNames.Contact))
        {
            if (contact != "*" && !SipNameAddress.TryParse(contact, out _))
                SipMessageParser.Throw(SipParseError.InvalidContact, $"The Contact value '{contact}' is malformed.");
        }

        var contentTypes = headers.GetAll(SipHeaderNames.ContentType);
        if (contentTypes.Count > 1)
            SipMessageParser.Throw(SipParseError.DuplicateHeader, "Content-Type appears more than once.");
        if (contentTypes.Count == 1 && !SipContentType.TryParse(contentTypes[0], out _))
            SipMessageParser.Throw(SipParseError.InvalidContentType, $"The Content-Type '{contentTypes[0]}' is malformed.");

        var dates = headers.GetAll(SipHeaderNames.Date);
        if (dates.Count > 1)
            SipMessageParser.Throw(SipParseError.DuplicateHeader, "Date appears more than once.");
        if (dates.Count == 1 && !DateTimeOffset.TryParseExact(
                dates[0], "ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
            SipMessageParser.Throw(SipParseError.InvalidDate, $"The Date '{dates[0]}' is not an RFC 1123 date in GMT.");

        var lengths = headers.GetAll(SipHeaderNames.ContentLength);
        foreach (var length in lengths)
        {
            if (ParseContentLength(length) != ParseContentLength(lengths[0]))
                SipMessageParser.Throw(SipParseError.DuplicateHeader, "Content-Length appears more than once with different values.");
        }
    }

    /// <summary>Parses a Content-Length value (digits only); throws <see cref="SipParseError.InvalidContentLength"/>.</summary>
    public static long ParseContentLength(string text)
    {
        if (text.Length is > 0 and <= 10 &&
            long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var length) && length <= int.MaxValue)
            return length;
        throw new SipParseException(SipParseError.InvalidContentLength, $"Content-Length '{text}' is not a valid length.");
    }

    private static void CheckNameAddress(SipHeaderCollection headers, string name, SipParseError missing, SipParseError invalid)
    {
        var text = Single(headers, name, missing);
        if (!SipNameAddress.TryParse(text, out _))
            SipMessageParser.Throw(invalid, $"The {name} value '{text}' is malformed.");
    }

    private static string Single(SipHeaderCollection headers, string name, SipParseError missing)
    {
        var values = headers.GetAll(name);
        if (values.Count == 0)
            SipMessageParser.Throw(missing, $"The {name} header is missing.");
        if (values.Count > 1)
            SipMessageParser.Throw(SipParseError.DuplicateHeader, $"The {name} header appears more than once.");
        return values[0];
    }
}
