using System.Collections;

namespace Siprec.Sip.Headers;

/// <summary>
/// The ordered header fields of a message. Names are matched case-insensitively with compact forms expanded
/// (<c>v</c> is <c>Via</c>). Not thread-safe: a message is owned by one task at a time.
/// </summary>
public sealed class SipHeaderCollection : IReadOnlyList<SipHeader>
{
    private readonly List<SipHeader> _headers;

    /// <summary>Creates an empty collection.</summary>
    public SipHeaderCollection() => _headers = [];

    /// <summary>Creates a collection holding a copy of <paramref name="headers"/>, in order.</summary>
    public SipHeaderCollection(IEnumerable<SipHeader> headers) => _headers = [.. headers];

    /// <inheritdoc/>
    public int Count => _headers.Count;

    /// <inheritdoc/>
    public SipHeader this[int index] => _headers[index];

    /// <summary>The value of the first header named <paramref name="name"/>, or null.</summary>
    public string? Get(string name)
    {
        name = SipHeaderNames.Canonicalize(name);
        foreach (var header in _headers)
        {
            if (Matches(header, name))
                return header.Value;
        }
        return null;
    }

    /// <summary>Every value of headers named <paramref name="name"/>, in order (list headers hold one element each when parsed).</summary>
    public IReadOnlyList<string> GetAll(string name)
    {
        name = SipHeaderNames.Canonicalize(name);
        List<string>? values = null;
        foreach (var header in _headers)
        {
            if (Matches(header, name))
                (values ??= []).Add(header.Value);
        }
        return values ?? (IReadOnlyList<string>)[];
    }

    /// <summary>True when at least one header is named <paramref name="name"/>.</summary>
    public bool Contains(string name) => Get(name) is not null;

    /// <summary>Appends a header; throws <see cref="ArgumentException"/> when the name is not a token or the value holds CR or LF.</summary>
    public void Add(string name, string value)
    {
        _headers.Add(Create(name, value));
        Version++;
    }

    /// <summary>Inserts a header before all others of the same name (or at the end when there is none), as a proxy adds a Via.</summary>
    public void AddFirst(string name, string value)
    {
        var header = Create(name, value);
        var index = IndexOf(header.Name);
        if (index < 0)
            _headers.Add(header);
        else
            _headers.Insert(index, header);
        Version++;
    }

    /// <summary>Replaces all headers named <paramref name="name"/> by one, kept at the position of the first; appends when absent.</summary>
    public void Set(string name, string value)
    {
        var header = Create(name, value);
        var index = IndexOf(header.Name);
        Version++;
        if (index < 0)
        {
            _headers.Add(header);
            return;
        }
        _headers[index] = header;
        for (var i = _headers.Count - 1; i > index; i--)
        {
            if (Matches(_headers[i], header.Name))
                _headers.RemoveAt(i);
        }
    }

    /// <summary>Replaces only the first header named <paramref name="name"/>; false when there is none.</summary>
    public bool ReplaceFirst(string name, string value)
    {
        var header = Create(name, value);
        var index = IndexOf(header.Name);
        if (index < 0)
            return false;
        _headers[index] = header;
        Version++;
        return true;
    }

    /// <summary>Removes every header named <paramref name="name"/>; true when any was removed.</summary>
    public bool Remove(string name)
    {
        name = SipHeaderNames.Canonicalize(name);
        Version++;
        return _headers.RemoveAll(h => Matches(h, name)) > 0;
    }

    /// <inheritdoc/>
    public IEnumerator<SipHeader> GetEnumerator() => _headers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _headers.GetEnumerator();

    /// <summary>Appends a header whose name is already canonical (parser fast path).</summary>
    internal void AddCanonical(string canonicalName, string value)
    {
        _headers.Add(new SipHeader(canonicalName, value));
        Version++;
    }

    /// <summary>Changes on every mutation, so typed views parsed from the headers can be cached until then.</summary>
    internal int Version { get; private set; }

    private static SipHeader Create(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (!Grammar.SipCharacters.IsToken(name.AsSpan()))
            throw new ArgumentException($"Header name '{name}' is not a token.", nameof(name));
        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            throw new ArgumentException($"The {name} header value must not contain CR or LF.", nameof(value));
        return new SipHeader(SipHeaderNames.Canonicalize(name), value);
    }

    private int IndexOf(string canonicalName)
    {
        for (var i = 0; i < _headers.Count; i++)
        {
            if (Matches(_headers[i], canonicalName))
                return i;
        }
        return -1;
    }

    private static bool Matches(SipHeader header, string canonicalName) =>
        string.Equals(header.Name, canonicalName, StringComparison.OrdinalIgnoreCase);
}
