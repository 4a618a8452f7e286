using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Siprec.Sip.Grammar;
using Siprec.Sip.Headers;

namespace Siprec.Sip.Messages;

/// <summary>
/// Parses one complete SIP message (RFC 3261 §7, §25) from bytes: a UDP datagram or a frame cut by
/// <see cref="SipMessageFramer"/>. Strings are made only for values the message keeps. Stateless and thread-safe.
/// </summary>
public static class SipMessageParser
{
    /// <summary>Parses a framed message that may span several segments (see <see cref="SipMessageFramer"/>); throws <see cref="SipParseException"/>.</summary>
    public static SipMessage Parse(ReadOnlySequence<byte> data, SipParserOptions? options = null)
    {
        options ??= SipParserOptions.Default;
        data = data.Slice(SipMessageFramer.SkipKeepAlives(data));
        if (data.IsSingleSegment)
            return Parse(data.FirstSpan, options);
        if (data.Length > (long)options.MaxHeaderBytes + options.MaxBodyBytes + 4)
            Throw(SipParseError.BodyTooLarge, "The message exceeds the configured header and body limits.");
        var length = (int)data.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            data.CopyTo(rented);
            return Parse(rented.AsSpan(0, length), options);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Parses <paramref name="data"/> with default limits; throws <see cref="SipParseException"/> when malformed.</summary>
    public static SipMessage Parse(ReadOnlySpan<byte> data) => Parse(data, SipParserOptions.Default);

    /// <summary>
    /// Parses <paramref name="data"/>: leading line breaks are skipped; bytes beyond Content-Length are ignored (RFC 3261 §18.3);
    /// a body shorter than Content-Length is malformed; without Content-Length the body is the rest of the data.
    /// Throws <see cref="SipParseException"/> with a specific <see cref="SipParseError"/> when malformed.
    /// </summary>
    public static SipMessage Parse(ReadOnlySpan<byte> data, SipParserOptions options)
    {
        if (!TryParse(data, options, out var message, out var failure))
            Throw(failure.Error, failure.Message);
        return message;
    }

    /// <summary>
    /// Parses <paramref name="data"/> as <see cref="Parse(ReadOnlySpan{byte}, SipParserOptions)"/> does, but tells a
    /// malformed message by returning false with the same reason instead of throwing: the path that faces the network.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, SipParserOptions options, [NotNullWhen(true)] out SipMessage? message, out SipParseFailure failure)
    {
        ArgumentNullException.ThrowIfNull(options);
        message = null;
        var start = 0;
        while (start < data.Length && data[start] is (byte)'\r' or (byte)'\n')
            start++;
        if (start == data.Length)
            return Fail(out failure, SipParseError.Empty, "The message is empty.");
        data = data[start..];

        var position = 0;
        if (!TryReadLine(data, ref position, out var startLine))
            return FailUnterminated(data, options, out failure);
        if (!CheckHeaderSize(position, options, out failure))
            return false;

        var headers = new SipHeaderCollection();
        if (!TryParseStartLine(startLine, headers, out var parsed, out failure))
            return false;
        var headerStart = -1;
        var headerEnd = -1;
        var folded = false;
        var complete = false;
        while (true)
        {
            var lineStart = position;
            if (!TryReadLine(data, ref position, out var line))
                break;
            if (!CheckHeaderSize(position, options, out failure))
                return false;
            if (line.IsEmpty)
            {
                complete = true;
                break;
            }
            if (SipCharacters.IsWhitespace(line[0]))
            {
                if (headerStart < 0)
                    return Fail(out failure, SipParseError.InvalidHeaderLine, "A header continuation line has no header before it.");
                folded = true;
                headerEnd = lineStart + line.Length;
                continue;
            }
            if (headerStart >= 0 && !TryAddHeader(headers, data[headerStart..headerEnd], folded, options, out failure))
                return false;
            headerStart = lineStart;
            headerEnd = lineStart + line.Length;
            folded = false;
        }
        if (!complete)
            return FailUnterminated(data, options, out failure);
        if (headerStart >= 0 && !TryAddHeader(headers, data[headerStart..headerEnd], folded, options, out failure))
            return false;

        if (!SipMessageValidator.TryValidate(parsed, out failure) || !TryReadBody(data[position..], headers, options, out var body, out failure))
            return false;
        parsed.Body = body;
        message = parsed;
        return true;
    }

    private static bool TryReadBody(ReadOnlySpan<byte> rest, SipHeaderCollection headers, SipParserOptions options, out ReadOnlyMemory<byte> body, out SipParseFailure failure)
    {
        body = ReadOnlyMemory<byte>.Empty;
        failure = default;
        var lengthText = headers.Get(SipHeaderNames.ContentLength);
        if (lengthText is null)
        {
            if (rest.Length > options.MaxBodyBytes)
                return Fail(out failure, SipParseError.BodyTooLarge, $"The body exceeds {options.MaxBodyBytes} bytes.");
            body = rest.IsEmpty ? ReadOnlyMemory<byte>.Empty : rest.ToArray();
            return true;
        }
        if (!SipMessageValidator.TryParseContentLength(lengthText, out var length, out failure))
            return false;
        if (length > options.MaxBodyBytes)
            return Fail(out failure, SipParseError.BodyTooLarge, $"Content-Length {length} exceeds {options.MaxBodyBytes} bytes.");
        if (length > rest.Length)
            return Fail(out failure, SipParseError.BodyTruncated, $"The body has {rest.Length} bytes but Content-Length says {length}.");
        body = length == 0 ? ReadOnlyMemory<byte>.Empty : rest[..(int)length].ToArray();
        return true;
    }

    private static bool TryParseStartLine(ReadOnlySpan<byte> line, SipHeaderCollection headers, [NotNullWhen(true)] out SipMessage? message, out SipParseFailure failure)
    {
        if (line.Length >= 4 && Ascii.EqualsIgnoreCase(line[..4], "SIP/"u8))
            return TryParseStatusLine(line, headers, out message, out failure);
        return TryParseRequestLine(line, headers, out message, out failure);
    }

    private static bool TryParseRequestLine(ReadOnlySpan<byte> line, SipHeaderCollection headers, [NotNullWhen(true)] out SipMessage? message, out SipParseFailure failure)
    {
        message = null;
        var firstSpace = line.IndexOf((byte)' ');
        var lastSpace = line.LastIndexOf((byte)' ');
        if (firstSpace <= 0 || lastSpace == firstSpace || lastSpace == line.Length - 1 ||
            line[firstSpace + 1] == ' ' || line[lastSpace - 1] == ' ' || SipCharacters.IsWhitespace(line[^1]))
            return Fail(out failure, SipParseError.InvalidStartLine, "The request line must be 'Method SP Request-URI SP SIP-Version' with single spaces.");
        var method = line[..firstSpace];
        if (!SipCharacters.IsToken(method))
            return Fail(out failure, SipParseError.InvalidMethod, "The method is not a token.");
        if (!CheckVersion(line[(lastSpace + 1)..], out failure))
            return false;
        var uriBytes = line[(firstSpace + 1)..lastSpace];
        if (uriBytes.IsEmpty || uriBytes.IndexOfAny(" \t"u8) >= 0)
            return Fail(out failure, SipParseError.InvalidRequestUri, "The Request-URI is empty or contains whitespace.");
        if (!SipUri.TryParse(Encoding.UTF8.GetString(uriBytes), out var uri))
            return Fail(out failure, SipParseError.InvalidRequestUri, "The Request-URI is malformed.");
        if (uri.Headers.Count > 0)
            return Fail(out failure, SipParseError.InvalidRequestUri, "The Request-URI must not carry URI headers (RFC 3261 §19.1.5).");
        message = new SipRequest(SipMethods.Intern(method), uri, headers);
        return true;
    }

    private static bool TryParseStatusLine(ReadOnlySpan<byte> line, SipHeaderCollection headers, [NotNullWhen(true)] out SipMessage? message, out SipParseFailure failure)
    {
        message = null;
        var firstSpace = line.IndexOf((byte)' ');
        if (firstSpace < 0)
            return Fail(out failure, SipParseError.InvalidStartLine, "The status line must be 'SIP-Version SP Status-Code SP Reason-Phrase'.");
        if (!CheckVersion(line[..firstSpace], out failure))
            return false;
        var rest = line[(firstSpace + 1)..];
        var codeEnd = rest.IndexOf((byte)' ');
        var code = codeEnd < 0 ? rest : rest[..codeEnd];
        if (code.Length != 3 || !SipCharacters.IsDigit(code[0]) || !SipCharacters.IsDigit(code[1]) || !SipCharacters.IsDigit(code[2]))
            return Fail(out failure, SipParseError.InvalidStatusCode, "The status code must be three digits.");
        var statusCode = ((code[0] - '0') * 100) + ((code[1] - '0') * 10) + (code[2] - '0');
        if (statusCode < 100 || statusCode > 699)
            return Fail(out failure, SipParseError.InvalidStatusCode, "The status code must be from 100 to 699.");
        var reason = codeEnd < 0 ? [] : rest[(codeEnd + 1)..];
        foreach (var b in reason)
        {
            if (b < 0x20 && b != '\t' || b == 0x7f)
                return Fail(out failure, SipParseError.InvalidReasonPhrase, "The reason phrase contains a control character.");
        }
        message = new SipResponse(statusCode, reason.IsEmpty ? string.Empty : Encoding.UTF8.GetString(reason), headers);
        return true;
    }

    private static bool CheckVersion(ReadOnlySpan<byte> version, out SipParseFailure failure)
    {
        failure = default;
        if (version.Length < 7 || !Ascii.EqualsIgnoreCase(version[..4], "SIP/"u8))
            return Fail(out failure, SipParseError.InvalidVersion, "The SIP-Version is malformed.");
        var numbers = version[4..];
        var dot = numbers.IndexOf((byte)'.');
        if (dot <= 0 || dot == numbers.Length - 1 || !AllDigits(numbers[..dot]) || !AllDigits(numbers[(dot + 1)..]))
            return Fail(out failure, SipParseError.InvalidVersion, "The SIP-Version is malformed.");
        if (!numbers.SequenceEqual("2.0"u8))
            return Fail(out failure, SipParseError.UnsupportedVersion, "Only SIP/2.0 is supported.");
        return true;
    }

    private static bool AllDigits(ReadOnlySpan<byte> value)
    {
        foreach (var b in value)
        {
            if (!SipCharacters.IsDigit(b))
                return false;
        }
        return true;
    }

    private static bool TryAddHeader(SipHeaderCollection headers, ReadOnlySpan<byte> raw, bool folded, SipParserOptions options, out SipParseFailure failure)
    {
        failure = default;
        var colon = raw.IndexOf((byte)':');
        if (colon < 0)
            return Fail(out failure, SipParseError.InvalidHeaderLine, "A header line has no colon.");
        var nameBytes = SipCharacters.TrimWhitespace(raw[..colon]);
        if (!SipCharacters.IsToken(nameBytes) || raw[..colon].IndexOfAny((byte)'\r', (byte)'\n') >= 0 || SipCharacters.IsWhitespace(raw[0]))
            return Fail(out failure, SipParseError.InvalidHeaderLine, "A header name is not a token.");
        var name = SipHeaderNames.Canonicalize(nameBytes);
        if (HasBareCarriageReturn(raw[(colon + 1)..]))
            return Fail(out failure, SipParseError.InvalidHeaderValue, $"The {name} header contains a bare CR.");
        var value = folded ? Unfold(raw[(colon + 1)..]) : Encoding.UTF8.GetString(SipCharacters.TrimWhitespace(raw[(colon + 1)..]));
        if (!SipHeaderNames.IsList(name))
            return TryAppend(headers, name, value, options, out failure);
        var rest = value.AsSpan();
        var any = false;
        while (true)
        {
            var comma = SipQuoting.IndexOfUnquoted(rest, ',');
            if (comma == -2)
                return Fail(out failure, SipParseError.InvalidHeaderValue, $"The {name} header has unbalanced quotes or angle brackets.");
            var element = SipCharacters.TrimWhitespace(comma < 0 ? rest : rest[..comma]);
            if (!element.IsEmpty)
            {
                if (!TryAppend(headers, name, element.Length == value.Length ? value : element.ToString(), options, out failure))
                    return false;
                any = true;
            }
            if (comma < 0)
                break;
            rest = rest[(comma + 1)..];
        }
        return any || TryAppend(headers, name, string.Empty, options, out failure);
    }

    private static bool HasBareCarriageReturn(ReadOnlySpan<byte> value)
    {
        for (var cr = value.IndexOf((byte)'\r'); cr >= 0; cr = value.IndexOf((byte)'\r'))
        {
            if (cr + 1 >= value.Length || value[cr + 1] != '\n')
                return true;
            value = value[(cr + 1)..];
        }
        return false;
    }

    private static bool TryAppend(SipHeaderCollection headers, string name, string value, SipParserOptions options, out SipParseFailure failure)
    {
        if (headers.Count >= options.MaxHeaderCount)
            return Fail(out failure, SipParseError.TooManyHeaders, $"The message has more than {options.MaxHeaderCount} header fields.");
        headers.AddCanonical(name, value);
        failure = default;
        return true;
    }

    private static string Unfold(ReadOnlySpan<byte> raw)
    {
        // Folding is rare: decode then collapse each line break and the whitespace around it to one space (RFC 3261 §7.3.1).
        var text = Encoding.UTF8.GetString(raw);
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\r' or '\n')
            {
                while (builder.Length > 0 && SipCharacters.IsWhitespace(builder[^1]))
                    builder.Length--;
                while (i + 1 < text.Length && (text[i + 1] is '\r' or '\n' || SipCharacters.IsWhitespace(text[i + 1])))
                    i++;
                builder.Append(' ');
                continue;
            }
            builder.Append(c);
        }
        return SipCharacters.TrimWhitespace(builder.ToString().AsSpan()).ToString();
    }

    private static bool TryReadLine(ReadOnlySpan<byte> data, ref int position, out ReadOnlySpan<byte> line)
    {
        var rest = data[position..];
        var lf = rest.IndexOf((byte)'\n');
        if (lf < 0)
        {
            line = [];
            return false;
        }
        line = lf > 0 && rest[lf - 1] == '\r' ? rest[..(lf - 1)] : rest[..lf];
        position += lf + 1;
        return true;
    }

    private static bool CheckHeaderSize(int position, SipParserOptions options, out SipParseFailure failure)
    {
        failure = default;
        return position <= options.MaxHeaderBytes
            || Fail(out failure, SipParseError.HeadersTooLarge, $"The header section exceeds {options.MaxHeaderBytes} bytes.");
    }

    private static bool FailUnterminated(ReadOnlySpan<byte> data, SipParserOptions options, out SipParseFailure failure) =>
        CheckHeaderSize(data.Length, options, out failure)
        && Fail(out failure, SipParseError.MissingHeaderTerminator, "The header section is not terminated by an empty line.");

    /// <summary>Sets <paramref name="failure"/> and returns false, so that a check reads <c>return Fail(...)</c>.</summary>
    internal static bool Fail(out SipParseFailure failure, SipParseError error, string message)
    {
        failure = new SipParseFailure(error, message);
        return false;
    }

    [DoesNotReturn]
    internal static void Throw(SipParseError error, string message) => throw new SipParseException(error, message);
}
