namespace Siprec.Sip.Transport;

/// <summary>
/// The header lines of a received message read straight from its bytes, for the paths that answer or refuse it
/// without parsing it: split at LF, CR trimmed, ending at the empty line or the end of the data. Allocates nothing.
/// </summary>
internal ref struct SipRawHeaderLines
{
    private ReadOnlySpan<byte> _rest;
    private ReadOnlySpan<byte> _current;

    /// <summary>Reads the header lines of <paramref name="headerSection"/>, the bytes after the start line.</summary>
    public SipRawHeaderLines(ReadOnlySpan<byte> headerSection) => _rest = headerSection;

    /// <summary>The line <see cref="MoveNext"/> moved to.</summary>
    public readonly SipRawHeaderLine Current => new(_current);

    /// <summary>
    /// Splits <paramref name="raw"/> into its start line (CR trimmed) and its header lines; false when the data does
    /// not hold a line break after its first byte.
    /// </summary>
    public static bool TrySplit(ReadOnlySpan<byte> raw, out ReadOnlySpan<byte> startLine, out SipRawHeaderLines headers)
    {
        var lineEnd = raw.IndexOf((byte)'\n');
        startLine = lineEnd <= 0 ? default : raw[..lineEnd].TrimEnd((byte)'\r');
        headers = new SipRawHeaderLines(lineEnd <= 0 ? default : raw[(lineEnd + 1)..]);
        return lineEnd > 0;
    }

    /// <summary>Lets <c>foreach</c> walk the lines.</summary>
    public readonly SipRawHeaderLines GetEnumerator() => this;

    /// <summary>Moves to the next header line; false at the empty line that ends the headers, or at the end of the data.</summary>
    public bool MoveNext()
    {
        if (_rest.IsEmpty)
        {
            return false;
        }

        var end = _rest.IndexOf((byte)'\n');
        var line = (end < 0 ? _rest : _rest[..end]).TrimEnd((byte)'\r');
        _rest = end < 0 || line.IsEmpty ? default : _rest[(end + 1)..];
        _current = line;
        return !line.IsEmpty;
    }
}
