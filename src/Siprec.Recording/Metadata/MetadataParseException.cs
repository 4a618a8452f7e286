namespace Siprec.Recording.Metadata;

/// <summary>A metadata body that is not well-formed XML or not a recording metadata document; the request is answered 400.</summary>
public sealed class MetadataParseException : Exception
{
    /// <summary>Creates the exception with the reason to report.</summary>
    public MetadataParseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the reason to report and the underlying error.</summary>
    public MetadataParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic reason.</summary>
    public MetadataParseException()
        : base("Malformed recording metadata.")
    {
    }
}
