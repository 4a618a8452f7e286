using System.Text;
using Siprec.Sip.Headers;

namespace Siprec.Sip.Multipart;

/// <summary>Builds a <c>multipart/mixed</c> body with CRLF line ends, e.g. SDP plus RFC 7865 metadata.</summary>
public sealed class MultipartBodyBuilder
{
    private readonly List<(IReadOnlyList<SipHeader> Headers, ReadOnlyMemory<byte> Body)> _parts = [];

    /// <summary>Creates a builder using <paramref name="boundary"/>, or a random one when null.</summary>
    public MultipartBodyBuilder(string? boundary = null)
    {
        Boundary = boundary ?? "siprec-" + Guid.NewGuid().ToString("N");
        if (Boundary.Length is 0 or > 70)
            throw new ArgumentException("A boundary is 1 to 70 characters (RFC 2046).", nameof(boundary));
    }

    /// <summary>The boundary string (unquoted).</summary>
    public string Boundary { get; }

    /// <summary>The Content-Type header value for the built body, e.g. <c>multipart/mixed;boundary=...</c>.</summary>
    public string ContentType => string.Concat("multipart/mixed;boundary=", Boundary);

    /// <summary>Adds a part with <paramref name="contentType"/>, optional extra headers (Content-Disposition, Content-ID...) and body.</summary>
    public MultipartBodyBuilder Add(string contentType, ReadOnlyMemory<byte> body, params IEnumerable<KeyValuePair<string, string>> headers)
    {
        var list = new List<SipHeader> { new(SipHeaderNames.ContentType, contentType) };
        list.AddRange(headers.Select(h => new SipHeader(SipHeaderNames.Canonicalize(h.Key), h.Value)));
        _parts.Add((list, body));
        return this;
    }

    /// <summary>Adds a text part encoded as UTF-8.</summary>
    public MultipartBodyBuilder Add(string contentType, string body, params IEnumerable<KeyValuePair<string, string>> headers) =>
        Add(contentType, Encoding.UTF8.GetBytes(body), headers);

    /// <summary>Writes the body: each part as delimiter, headers, empty line, bytes; then the close delimiter.</summary>
    public byte[] ToArray()
    {
        using var stream = new MemoryStream();
        foreach (var (headers, body) in _parts)
        {
            Write(stream, "--" + Boundary + "\r\n");
            foreach (var header in headers)
                Write(stream, header.Name + ": " + header.Value + "\r\n");
            Write(stream, "\r\n");
            stream.Write(body.Span);
            Write(stream, "\r\n");
        }
        Write(stream, "--" + Boundary + "--\r\n");
        return stream.ToArray();
    }

    private static void Write(MemoryStream stream, string text) => stream.Write(Encoding.UTF8.GetBytes(text));
}
