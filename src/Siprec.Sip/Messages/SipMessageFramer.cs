using System.Buffers;
using System.Globalization;
using System.Text;
using Siprec.Sip.Grammar;

namespace Siprec.Sip.Messages;

/// <summary>
/// Cuts SIP messages out of a byte stream (TCP/TLS, RFC 3261 §18.3) using the header terminator and Content-Length.
/// Stateless and thread-safe; the caller owns the buffer and advances it.
/// </summary>
public static class SipMessageFramer
{
    /// <summary>
    /// True when <paramref name="buffer"/> starts with a whole message (after optional CRLF keep-alives); <paramref name="end"/>
    /// is then just past its body. False when more bytes are needed: nothing is consumed and <paramref name="end"/> is the start.
    /// Throws <see cref="SipParseException"/> when the stream is malformed: missing or bad Content-Length, headers over the limit.
    /// </summary>
    public static bool TryFrame(ReadOnlySequence<byte> buffer, out SequencePosition end) =>
        TryFrame(buffer, out end, SipParserOptions.Default);

    /// <summary>As <see cref="TryFrame(ReadOnlySequence{byte}, out SequencePosition)"/> with explicit limits.</summary>
    public static bool TryFrame(ReadOnlySequence<byte> buffer, out SequencePosition end, SipParserOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        end = buffer.Start;
        var reader = new SequenceReader<byte>(buffer);
        var keepAlive = reader.AdvancePastAny((byte)'\r', (byte)'\n');
        var messageStart = reader.Position;
        long headersEnd;
        while (true)
        {
            if (!reader.TryAdvanceTo((byte)'\n'))
            {
                CheckHeaderSize(buffer.Length - keepAlive, options);
                return false;
            }
            CheckHeaderSize(reader.Consumed - keepAlive, options);
            if (reader.IsNext((byte)'\n'))
            {
                headersEnd = reader.Consumed + 1;
                break;
            }
            if (reader.IsNext("\r\n"u8))
            {
                headersEnd = reader.Consumed + 2;
                break;
            }
        }
        CheckHeaderSize(headersEnd - keepAlive, options);
        var headerSection = buffer.Slice(messageStart, headersEnd - keepAlive);
        var contentLength = ReadContentLength(headerSection, options);
        var total = headersEnd + contentLength;
        if (buffer.Length < total)
            return false;
        end = buffer.GetPosition(total);
        return true;
    }

    /// <summary>The position after any leading CR/LF keep-alive bytes (RFC 5626 §4.4.1); callers may consume up to it at any time.</summary>
    public static SequencePosition SkipKeepAlives(ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        reader.AdvancePastAny((byte)'\r', (byte)'\n');
        return reader.Position;
    }

    private static long ReadContentLength(ReadOnlySequence<byte> headerSection, SipParserOptions options)
    {
        byte[]? rented = null;
        try
        {
            ReadOnlySpan<byte> headers;
            if (headerSection.IsSingleSegment)
            {
                headers = headerSection.FirstSpan;
            }
            else
            {
                rented = ArrayPool<byte>.Shared.Rent((int)headerSection.Length);
                headerSection.CopyTo(rented);
                headers = rented.AsSpan(0, (int)headerSection.Length);
            }
            return FindContentLength(headers, options);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static long FindContentLength(ReadOnlySpan<byte> headers, SipParserOptions options)
    {
        long found = -1;
        var first = true;
        while (!headers.IsEmpty)
        {
            var lf = headers.IndexOf((byte)'\n');
            var line = lf < 0 ? headers : headers[..lf];
            headers = lf < 0 ? [] : headers[(lf + 1)..];
            if (first)
            {
                first = false;
                continue;
            }
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || SipCharacters.IsWhitespace(line[0]))
                continue;
            var name = SipCharacters.TrimWhitespace(line[..colon]);
            if (!Ascii.EqualsIgnoreCase(name, "Content-Length"u8) && !Ascii.EqualsIgnoreCase(name, "l"u8))
                continue;
            var value = SipCharacters.TrimWhitespace(line[(colon + 1)..].TrimEnd((byte)'\r'));
            if (value.IsEmpty || value.Length > 10 ||
                !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > int.MaxValue)
                throw new SipParseException(SipParseError.InvalidContentLength, "Content-Length is not a valid length.");
            if (found >= 0 && found != length)
                SipMessageParser.Throw(SipParseError.DuplicateHeader, "Content-Length appears more than once with different values.");
            found = length;
        }
        if (found < 0)
            SipMessageParser.Throw(SipParseError.MissingContentLength, "A message on a stream transport must carry Content-Length.");
        if (found > options.MaxBodyBytes)
            SipMessageParser.Throw(SipParseError.BodyTooLarge, $"Content-Length {found} exceeds {options.MaxBodyBytes} bytes.");
        return found;
    }

    private static void CheckHeaderSize(long size, SipParserOptions options)
    {
        if (size > options.MaxHeaderBytes)
            SipMessageParser.Throw(SipParseError.HeadersTooLarge, $"The header section exceeds {options.MaxHeaderBytes} bytes.");
    }
}
