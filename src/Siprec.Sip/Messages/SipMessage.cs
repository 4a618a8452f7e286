using System.Globalization;
using Siprec.Sip.Headers;

namespace Siprec.Sip.Messages;

/// <summary>
/// A SIP request or response: headers and a body. Typed properties parse the header text (Via, From, To and CSeq are
/// cached until the headers change) and return null (or skip an element) when it is absent or invalid. Not thread-safe.
/// </summary>
public abstract class SipMessage
{
    /// <summary>The SIP version this library speaks.</summary>
    public const string Version20 = "SIP/2.0";

    private (int Version, SipCSeq? Value)? _cseq;
    private (int Version, SipNameAddress? Value)? _from;
    private (int Version, SipNameAddress? Value)? _to;
    private (int Version, IReadOnlyList<SipViaHeader>? Value)? _vias;

    /// <summary>Creates a message with the given headers (taken, not copied) and body.</summary>
    protected SipMessage(SipHeaderCollection? headers, ReadOnlyMemory<byte> body)
    {
        Headers = headers ?? new SipHeaderCollection();
        Body = body;
    }

    /// <summary>The header fields, in order. Content-Length here is ignored by the writer, which computes it.</summary>
    public SipHeaderCollection Headers { get; }

    /// <summary>The message body (empty when none).</summary>
    public ReadOnlyMemory<byte> Body { get; set; }

    /// <summary>True for a request, false for a response.</summary>
    public abstract bool IsRequest { get; }

    /// <summary>The Call-ID, or null.</summary>
    public string? CallId => Headers.Get(SipHeaderNames.CallId);

    /// <summary>The CSeq, or null when absent or invalid.</summary>
    public SipCSeq? CSeq => Cached(ref _cseq, m => SipCSeq.TryParse(m.Headers.Get(SipHeaderNames.CSeq), out var value) ? value : null);

    /// <summary>The From header, or null when absent or invalid.</summary>
    public SipNameAddress? From =>
        Cached(ref _from, m => SipNameAddress.TryParse(m.Headers.Get(SipHeaderNames.From), out var value) ? value : null);

    /// <summary>The To header, or null when absent or invalid.</summary>
    public SipNameAddress? To =>
        Cached(ref _to, m => SipNameAddress.TryParse(m.Headers.Get(SipHeaderNames.To), out var value) ? value : null);

    /// <summary>The Via values, topmost first (invalid ones skipped).</summary>
    public IReadOnlyList<SipViaHeader> Vias => Cached(ref _vias, m => m.ParseAll<SipViaHeader>(SipHeaderNames.Via, SipViaHeader.TryParse))!;

    /// <summary>The Contact values, in order (<c>*</c> and invalid ones skipped).</summary>
    public IReadOnlyList<SipNameAddress> Contacts => ParseAll<SipNameAddress>(SipHeaderNames.Contact, SipNameAddress.TryParse);

    /// <summary>The Content-Type, or null when absent or invalid.</summary>
    public SipContentType? ContentType =>
        SipContentType.TryParse(Headers.Get(SipHeaderNames.ContentType), out var value) ? value : null;

    /// <summary>Max-Forwards, or null when absent or not a number.</summary>
    public int? MaxForwards =>
        int.TryParse(Headers.Get(SipHeaderNames.MaxForwards), NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite,
            CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>The option tags of all Require headers.</summary>
    public IReadOnlyList<string> Require => Tokens(SipHeaderNames.Require);

    /// <summary>The option tags of all Supported headers.</summary>
    public IReadOnlyList<string> Supported => Tokens(SipHeaderNames.Supported);

    /// <inheritdoc/>
    public override string ToString() => SipMessageWriter.ToString(this);

    private delegate bool TryParser<T>(ReadOnlySpan<char> text, out T? value);

    private T? Cached<T>(ref (int Version, T? Value)? slot, Func<SipMessage, T?> parse)
        where T : class
    {
        // Typed views are re-parsed only after the headers change; the transaction layer reads them on every message.
        if (slot is { } cached && cached.Version == Headers.Version)
            return cached.Value;
        var value = parse(this);
        slot = (Headers.Version, value);
        return value;
    }

    private List<T> ParseAll<T>(string name, TryParser<T> parse)
        where T : class
    {
        var result = new List<T>();
        foreach (var value in Headers.GetAll(name))
        {
            foreach (var element in SipHeaderValueList.Split(value))
            {
                if (parse(element, out var parsed) && parsed is not null)
                    result.Add(parsed);
            }
        }
        return result;
    }

    private List<string> Tokens(string name)
    {
        var result = new List<string>();
        foreach (var value in Headers.GetAll(name))
        {
            foreach (var element in SipHeaderValueList.Split(value))
            {
                if (element.Length > 0)
                    result.Add(element);
            }
        }
        return result;
    }
}
