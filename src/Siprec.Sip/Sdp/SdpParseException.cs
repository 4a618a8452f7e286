namespace Siprec.Sip.Sdp;

/// <summary>A malformed session description; <see cref="LineNumber"/> (1-based, 0 when not tied to a line) locates the problem.</summary>
public sealed class SdpParseException : FormatException
{
    /// <summary>Creates an exception for a problem on line <paramref name="lineNumber"/>.</summary>
    public SdpParseException(string message, int lineNumber)
        : base(lineNumber > 0 ? $"SDP line {lineNumber}: {message}" : message) => LineNumber = lineNumber;

    /// <summary>Creates an exception not tied to a line.</summary>
    public SdpParseException()
        : this("Malformed SDP.", 0)
    {
    }

    /// <summary>Creates an exception not tied to a line.</summary>
    public SdpParseException(string message)
        : this(message, 0)
    {
    }

    /// <summary>Creates an exception not tied to a line, with an inner exception.</summary>
    public SdpParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The 1-based line of the problem, or 0.</summary>
    public int LineNumber { get; }
}
