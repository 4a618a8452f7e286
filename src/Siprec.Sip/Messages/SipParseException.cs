namespace Siprec.Sip.Messages;

/// <summary>A malformed SIP message: carries the <see cref="SipParseError"/> and the status code a server should answer with.</summary>
public sealed class SipParseException : Exception
{
    /// <summary>Creates an exception for <paramref name="error"/> with a human-readable <paramref name="message"/>.</summary>
    public SipParseException(SipParseError error, string message)
        : base(message) => Error = error;

    /// <summary>Creates an exception with a generic message.</summary>
    public SipParseException()
        : this(SipParseError.InvalidStartLine, "Malformed SIP message.")
    {
    }

    /// <summary>Creates an exception with a message, reason <see cref="SipParseError.InvalidStartLine"/>.</summary>
    public SipParseException(string message)
        : this(SipParseError.InvalidStartLine, message)
    {
    }

    /// <summary>Creates an exception with a message and inner exception, reason <see cref="SipParseError.InvalidStartLine"/>.</summary>
    public SipParseException(string message, Exception innerException)
        : base(message, innerException) => Error = SipParseError.InvalidStartLine;

    /// <summary>Why the message was rejected.</summary>
    public SipParseError Error { get; }

    /// <summary>The response status a server should send for a request rejected this way (400, 505 or 513).</summary>
    public int SuggestedStatusCode => new SipParseFailure(Error, Message).SuggestedStatusCode;
}
