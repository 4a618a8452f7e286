using System.Globalization;
using System.Text;
using Siprec.Sip.Grammar;
using Siprec.Sip.Headers;

namespace Siprec.Sip.Multipart;

/// <summary>A parsed multipart body (RFC 2046 §5.1), e.g. the SDP and RFC 7865 metadata parts of a SIPREC INVITE.</summary>
public sealed class MultipartBody
{
    private MultipartBody(IReadOnlyList<MimePart> parts) => Parts = parts;

    /// <summary>The parts in the order they appear.</summary>
    public IReadOnlyList<MimePart> Parts { get; }

    /// <summary>The first part whose media type is <paramref name="mediaType"/> (e.g. <c>application/sdp</c>), or null.</summary>
    public MimePart? Find(string mediaType) => Parts.FirstOrDefault(p => p.ContentType?.Is(mediaType) == true);

    /// <summary>
    /// Splits <paramref name="body"/> on <paramref name="boundary"/> (quotes tolerated). Preamble, epilogue, CRLF or LF line ends
    /// and a missing close delimiter are tolerated; part bodies are slices of <paramref name="body"/>.
    /// Throws <see cref="MultipartParseException"/> when no delimiter is found or a part is malformed.
    /// </summary>
    public static MultipartBody Parse(ReadOnlyMemory<byte> body, string boundary)
    {
        ArgumentNullException.ThrowIfNull(boundary);
        boundary = boundary.Trim().Trim('"');
        if (boundary.Length is 0 or > 200)
            throw new MultipartParseException("The multipart boundary is empty or longer than 200 characters.");
        var delimiter = Encoding.UTF8.GetBytes("--" + boundary);
        var span = body.Span;
        var position = FindDelimiter(span, delimiter, 0);
        if (position < 0)
            throw new MultipartParseException($"The body holds no delimiter line for boundary '{boundary}'.");
        var parts = new List<MimePart>();
        while (true)
        {
            var afterDelimiter = position + delimiter.Length;
            if (span[afterDelimiter..].StartsWith("--"u8))
                break;
            var partStart = SkipLineEnd(span, afterDelimiter);
            if (partStart < 0)
                break;
            var next = FindDelimiter(span, delimiter, partStart);
            var partEnd = next < 0 ? span.Length : TrimPrecedingLineBreak(span, partStart, next);
            parts.Add(ParsePart(body[partStart..partEnd]));
            if (next < 0)
                break;
            position = next;
        }
        if (parts.Count == 0)
            throw new MultipartParseException("The multipart body has no parts.");
        return new MultipartBody(parts);
    }

    private static MimePart ParsePart(ReadOnlyMemory<byte> part)
    {
        var span = part.Span;
        var headers = new SipHeaderCollection();
        var position = 0;
        string? currentName = null;
        StringBuilder? currentValue = null;
        while (true)
        {
            var lf = span[position..].IndexOf((byte)'\n');
            if (lf < 0)
            {
                if (position == 0 && span.IsEmpty)
                    return new MimePart(headers, part);
                throw new MultipartParseException("A body part has no empty line after its headers.");
            }
            var line = span.Slice(position, lf).TrimEnd((byte)'\r');
            position += lf + 1;
            if (line.IndexOf((byte)'\r') >= 0)
                throw new MultipartParseException("A body part header line contains a bare CR.");
            if (line.IsEmpty)
                break;
            if (SipCharacters.IsWhitespace(line[0]) && currentValue is not null)
            {
                currentValue.Append(' ').Append(Encoding.UTF8.GetString(SipCharacters.TrimWhitespace(line)));
                continue;
            }
            Flush(headers, currentName, currentValue);
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || !SipCharacters.IsToken(SipCharacters.TrimWhitespace(line[..colon])))
                throw new MultipartParseException($"A body part header line is malformed: '{Encoding.UTF8.GetString(line)}'.");
            currentName = Encoding.ASCII.GetString(SipCharacters.TrimWhitespace(line[..colon]));
            currentValue = new StringBuilder(Encoding.UTF8.GetString(SipCharacters.TrimWhitespace(line[(colon + 1)..])));
        }
        Flush(headers, currentName, currentValue);
        var content = part[position..];
        if (headers.Get(Headers.SipHeaderNames.ContentLength) is { } lengthText &&
            int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var length) && length < content.Length)
            content = content[..length];
        return new MimePart(headers, content);
    }

    private static void Flush(SipHeaderCollection headers, string? name, StringBuilder? value)
    {
        if (name is not null && value is not null)
            headers.Add(name, value.ToString());
    }

    private static int FindDelimiter(ReadOnlySpan<byte> span, ReadOnlySpan<byte> delimiter, int from)
    {
        var position = from;
        while (position <= span.Length - delimiter.Length)
        {
            var index = span[position..].IndexOf(delimiter);
            if (index < 0)
                return -1;
            var at = position + index;
            var atLineStart = at == 0 || span[at - 1] == '\n';
            if (atLineStart && IsDelimiterEnd(span[(at + delimiter.Length)..]))
                return at;
            position = at + 1;
        }
        return -1;
    }

    private static bool IsDelimiterEnd(ReadOnlySpan<byte> rest)
    {
        if (rest.StartsWith("--"u8))
            return true;
        var trimmed = rest.TrimStart(" \t"u8);
        return trimmed.IsEmpty || trimmed[0] is (byte)'\r' or (byte)'\n';
    }

    private static int SkipLineEnd(ReadOnlySpan<byte> span, int position)
    {
        var lf = span[position..].IndexOf((byte)'\n');
        return lf < 0 ? -1 : position + lf + 1;
    }

    private static int TrimPrecedingLineBreak(ReadOnlySpan<byte> span, int start, int delimiterAt)
    {
        // The line break before a delimiter belongs to the delimiter (RFC 2046 §5.1.1).
        var end = delimiterAt;
        if (end > start && span[end - 1] == '\n')
            end--;
        if (end > start && span[end - 1] == '\r')
            end--;
        return end;
    }
}
