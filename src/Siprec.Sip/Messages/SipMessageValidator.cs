using System.Globalization;
using Siprec.Sip.Headers;

namespace Siprec.Sip.Messages;

/// <summary>Checks the mandatory headers of RFC 3261 §8.1.1 and the syntax of the headers a transaction layer relies on.</summary>
internal static class SipMessageValidator
{
    /// <summary>False, with a specific reason, for the first problem found.</summary>
    public static bool TryValidate(SipMessage message, out SipParseFailure failure)
    {
        var headers = message.Headers;
        var vias = headers.GetAll(SipHeaderNames.Via);
        if (vias.Count == 0)
            return Fail(out failure, SipParseError.MissingVia, "The Via header is missing.");
        foreach (var via in vias)
        {
            if (!SipViaHeader.TryParse(via, out _))
                return Fail(out failure, SipParseError.InvalidVia, $"The Via value '{via}' is malformed.");
        }

        if (!CheckNameAddress(headers, SipHeaderNames.From, SipParseError.MissingFrom, SipParseError.InvalidFrom, out failure)
            || !CheckNameAddress(headers, SipHeaderNames.To, SipParseError.MissingTo, SipParseError.InvalidTo, out failure)
            || !TrySingle(headers, SipHeaderNames.CallId, SipParseError.MissingCallId, out var callId, out failure))
            return false;
        if (callId.Length == 0 || callId.AsSpan().IndexOfAny(' ', '\t') >= 0)
            return Fail(out failure, SipParseError.InvalidCallId, "The Call-ID is empty or malformed.");

        if (!TrySingle(headers, SipHeaderNames.CSeq, SipParseError.MissingCSeq, out var cseqText, out failure))
            return false;
        if (!SipCSeq.TryParse(cseqText, out var cseq) || cseq.Number > int.MaxValue)
            return Fail(out failure, SipParseError.InvalidCSeq, $"The CSeq '{cseqText}' is malformed.");
        if (message is SipRequest request && !string.Equals(cseq.Method, request.Method, StringComparison.Ordinal))
            return Fail(out failure, SipParseError.CSeqMethodMismatch, $"The CSeq method {cseq.Method} differs from the request method {request.Method}.");

        var maxForwards = headers.GetAll(SipHeaderNames.MaxForwards);
        if (maxForwards.Count > 1)
            return Fail(out failure, SipParseError.DuplicateHeader, "Max-Forwards appears more than once.");
        if (maxForwards.Count == 1 &&
            (!byte.TryParse(maxForwards[0], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            return Fail(out failure, SipParseError.InvalidMaxForwards, $"Max-Forwards '{maxForwards[0]}' is not a number from 0 to 255.");

        foreach (var contact in headers.GetAll(SipHeaderNames.Contact))
        {
            if (contact != "*" && !SipNameAddress.TryParse(contact, out _))
                return Fail(out failure, SipParseError.InvalidContact, $"The Contact value '{contact}' is malformed.");
        }

        var contentTypes = headers.GetAll(SipHeaderNames.ContentType);
        if (contentTypes.Count > 1)
            return Fail(out failure, SipParseError.DuplicateHeader, "Content-Type appears more than once.");
        if (contentTypes.Count == 1 && !SipContentType.TryParse(contentTypes[0], out _))
            return Fail(out failure, SipParseError.InvalidContentType, $"The Content-Type '{contentTypes[0]}' is malformed.");

        var dates = headers.GetAll(SipHeaderNames.Date);
        if (dates.Count > 1)
            return Fail(out failure, SipParseError.DuplicateHeader, "Date appears more than once.");
        if (dates.Count == 1 && !DateTimeOffset.TryParseExact(
                dates[0], "ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
            return Fail(out failure, SipParseError.InvalidDate, $"The Date '{dates[0]}' is not an RFC 1123 date in GMT.");

        var lengths = headers.GetAll(SipHeaderNames.ContentLength);
        if (lengths.Count == 0)
            return true;
        if (!TryParseContentLength(lengths[0], out var first, out failure))
            return false;
        foreach (var length in lengths)
        {
            if (!TryParseContentLength(length, out var other, out failure))
                return false;
            if (other != first)
                return Fail(out failure, SipParseError.DuplicateHeader, "Content-Length appears more than once with different values.");
        }

        return true;
    }

    /// <summary>Parses a Content-Length value (digits only); false with <see cref="SipParseError.InvalidContentLength"/>.</summary>
    public static bool TryParseContentLength(string text, out long length, out SipParseFailure failure)
    {
        failure = default;
        if (text.Length is > 0 and <= 10 &&
            long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out length) && length <= int.MaxValue)
            return true;
        length = 0;
        return Fail(out failure, SipParseError.InvalidContentLength, $"Content-Length '{text}' is not a valid length.");
    }

    private static bool CheckNameAddress(SipHeaderCollection headers, string name, SipParseError missing, SipParseError invalid, out SipParseFailure failure)
    {
        if (!TrySingle(headers, name, missing, out var text, out failure))
            return false;
        return SipNameAddress.TryParse(text, out _) || Fail(out failure, invalid, $"The {name} value '{text}' is malformed.");
    }

    private static bool TrySingle(SipHeaderCollection headers, string name, SipParseError missing, out string value, out SipParseFailure failure)
    {
        var values = headers.GetAll(name);
        value = values.Count == 1 ? values[0] : string.Empty;
        failure = default;
        if (values.Count == 0)
            return Fail(out failure, missing, $"The {name} header is missing.");
        return values.Count == 1 || Fail(out failure, SipParseError.DuplicateHeader, $"The {name} header appears more than once.");
    }

    private static bool Fail(out SipParseFailure failure, SipParseError error, string message) => SipMessageParser.Fail(out failure, error, message);
}
