namespace Siprec.Sip.Multipart;

/// <summary>A malformed multipart body: no delimiter, a part without a header terminator, or a bad part header.</summary>
public sealed class MultipartParseException : FormatException
{
    /// <summary>Creates an exception with a message.</summary>
    public MultipartParseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a generic message.</summary>
    public MultipartParseException()
        : base("Malformed multipart body.")
    {
    }

    /// <summary>Creates an exception with a message and inner exception.</summary>
    public MultipartParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
