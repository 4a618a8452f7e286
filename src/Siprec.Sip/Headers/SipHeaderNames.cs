using System.Collections.Frozen;

namespace Siprec.Sip.Headers;

/// <summary>Canonical header names and the mapping from compact forms (RFC 3261 §7.3.3 and extensions).</summary>
public static class SipHeaderNames
{
    /// <summary>Via (compact v).</summary>
    public const string Via = "Via";
    /// <summary>From (compact f).</summary>
    public const string From = "From";
    /// <summary>To (compact t).</summary>
    public const string To = "To";
    /// <summary>Call-ID (compact i).</summary>
    public const string CallId = "Call-ID";
    /// <summary>CSeq.</summary>
    public const string CSeq = "CSeq";
    /// <summary>Contact (compact m).</summary>
    public const string Contact = "Contact";
    /// <summary>Max-Forwards.</summary>
    public const string MaxForwards = "Max-Forwards";
    /// <summary>Content-Type (compact c).</summary>
    public const string ContentType = "Content-Type";
    /// <summary>Content-Length (compact l).</summary>
    public const string ContentLength = "Content-Length";
    /// <summary>Content-Encoding (compact e).</summary>
    public const string ContentEncoding = "Content-Encoding";
    /// <summary>Content-Disposition.</summary>
    public const string ContentDisposition = "Content-Disposition";
    /// <summary>Content-ID (MIME, RFC 2045).</summary>
    public const string ContentId = "Content-ID";
    /// <summary>Require.</summary>
    public const string Require = "Require";
    /// <summary>Supported (compact k).</summary>
    public const string Supported = "Supported";
    /// <summary>Unsupported.</summary>
    public const string Unsupported = "Unsupported";
    /// <summary>Allow.</summary>
    public const string Allow = "Allow";
    /// <summary>Route.</summary>
    public const string Route = "Route";
    /// <summary>Record-Route.</summary>
    public const string RecordRoute = "Record-Route";
    /// <summary>Subject (compact s).</summary>
    public const string Subject = "Subject";
    /// <summary>Event (compact o).</summary>
    public const string Event = "Event";
    /// <summary>Allow-Events (compact u).</summary>
    public const string AllowEvents = "Allow-Events";
    /// <summary>Timestamp.</summary>
    public const string Timestamp = "Timestamp";
    /// <summary>User-Agent.</summary>
    public const string UserAgent = "User-Agent";
    /// <summary>Server.</summary>
    public const string Server = "Server";
    /// <summary>Expires.</summary>
    public const string Expires = "Expires";
    /// <summary>Session-Expires (compact x).</summary>
    public const string SessionExpires = "Session-Expires";
    /// <summary>Refer-To (compact r).</summary>
    public const string ReferTo = "Refer-To";
    /// <summary>Date.</summary>
    public const string Date = "Date";
    /// <summary>Retry-After.</summary>
    public const string RetryAfter = "Retry-After";
    /// <summary>Min-SE (RFC 4028).</summary>
    public const string MinSE = "Min-SE";
    /// <summary>Warning.</summary>
    public const string Warning = "Warning";
    /// <summary>Accept.</summary>
    public const string Accept = "Accept";
    /// <summary>Accept-Encoding.</summary>
    public const string AcceptEncoding = "Accept-Encoding";

    private static readonly string[] CanonicalNames =
    [
        Via, From, To, CallId, CSeq, Contact, MaxForwards, ContentType, ContentLength, ContentEncoding, ContentDisposition,
        ContentId, Require, Supported, Unsupported, Allow, Route, RecordRoute, Subject, Event, AllowEvents, Timestamp, UserAgent,
        Server, Expires, SessionExpires, ReferTo, Date, Accept, AcceptEncoding, "Accept-Language", "Alert-Info",
        "Authentication-Info", "Authorization", "Call-Info", "Content-Language", "Error-Info", "In-Reply-To", "MIME-Version",
        "Min-Expires", MinSE, "Organization", "Priority", "Proxy-Authenticate", "Proxy-Authorization", "Proxy-Require",
        "Reply-To", RetryAfter, Warning, "WWW-Authenticate", "Path", "P-Asserted-Identity", "P-Preferred-Identity", "Privacy",
        "Reason", "RSeq", "RAck", "Referred-By", "Accept-Contact", "Reject-Contact", "Request-Disposition", "Identity",
        "Identity-Info", "History-Info", "Diversion", "Subscription-State", "Recv-Info", "Replaces",
    ];

    private static readonly FrozenDictionary<string, string> Lookup = BuildLookup();

    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> SpanLookup =
        Lookup.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string> ListHeaders = new[]
    {
        Via, Contact, Route, RecordRoute, "Path", Require, Supported, Unsupported, "Proxy-Require", Allow, Accept,
        AcceptEncoding, "Accept-Language", AllowEvents, ContentEncoding, "Content-Language", "In-Reply-To", "Alert-Info",
        "Call-Info", "Error-Info", "P-Asserted-Identity", "History-Info", "Diversion", Warning, "Reason", "Recv-Info",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The canonical spelling of <paramref name="name"/>: compact forms expanded, known names re-cased.</summary>
    public static string Canonicalize(string name) => Lookup.TryGetValue(name, out var canonical) ? canonical : name;

    /// <summary>The canonical spelling of a header name read from the wire (ASCII token bytes).</summary>
    internal static string Canonicalize(ReadOnlySpan<byte> name)
    {
        if (name.Length > 64)
            return System.Text.Encoding.ASCII.GetString(name);
        Span<char> chars = stackalloc char[name.Length];
        for (var i = 0; i < name.Length; i++)
            chars[i] = (char)name[i];
        return SpanLookup.TryGetValue(chars, out var canonical) ? canonical : new string(chars);
    }

    /// <summary>True for headers whose value is a comma-separated list that may be split into one value per element.</summary>
    public static bool IsList(string canonicalName) => ListHeaders.Contains(canonicalName);

    private static FrozenDictionary<string, string> BuildLookup()
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in CanonicalNames)
            map[name] = name;
        map["i"] = CallId;
        map["m"] = Contact;
        map["e"] = ContentEncoding;
        map["l"] = ContentLength;
        map["c"] = ContentType;
        map["f"] = From;
        map["s"] = Subject;
        map["k"] = Supported;
        map["t"] = To;
        map["v"] = Via;
        map["u"] = AllowEvents;
        map["o"] = Event;
        map["r"] = ReferTo;
        map["x"] = SessionExpires;
        map["b"] = "Referred-By";
        map["a"] = "Accept-Contact";
        map["j"] = "Reject-Contact";
        map["d"] = "Request-Disposition";
        map["y"] = "Identity";
        map["n"] = "Identity-Info";
        return map.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
