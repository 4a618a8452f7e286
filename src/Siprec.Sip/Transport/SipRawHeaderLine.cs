namespace Siprec.Sip.Transport;

/// <summary>
/// One raw header line of a received message, as <see cref="SipRawHeaderLines"/> hands it out: slices of the received
/// bytes, the line without its line break, and the name and value on either side of its first colon.
/// </summary>
internal readonly ref struct SipRawHeaderLine
{
    public SipRawHeaderLine(ReadOnlySpan<byte> line)
    {
        Line = line;
        var colon = line.IndexOf((byte)':');
        HasName = colon > 0;
        Name = HasName ? line[..colon].Trim(" \t"u8) : default;
        Value = HasName ? line[(colon + 1)..].Trim(" \t"u8) : default;
    }

    /// <summary>The whole line, without its CR LF.</summary>
    public ReadOnlySpan<byte> Line { get; }

    /// <summary>True when a colon follows at least one byte; false for a line a header cannot be read from.</summary>
    public bool HasName { get; }

    /// <summary>The bytes before the first colon, blanks trimmed; empty when <see cref="HasName"/> is false.</summary>
    public ReadOnlySpan<byte> Name { get; }

    /// <summary>The bytes after the first colon, blanks trimmed; empty when <see cref="HasName"/> is false.</summary>
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>True when the line begins with a blank: a folded continuation of the header before it (RFC 3261 §7.3.1).</summary>
    public bool IsContinuation => !Line.IsEmpty && Line[0] is (byte)' ' or (byte)'\t';

    /// <summary>True when the name is <paramref name="full"/> or its compact form <paramref name="compact"/> (0 for none), in any case.</summary>
    public bool Is(ReadOnlySpan<byte> full, byte compact) =>
        System.Text.Ascii.EqualsIgnoreCase(Name, full) || (compact != 0 && Name.Length == 1 && (Name[0] | 0x20) == compact);
}
