namespace Siprec.Sip.Transport;

/// <summary>What framing found at the head of a stream buffer.</summary>
internal enum StreamFrameVerdict
{
    /// <summary>A whole message is there.</summary>
    Framed,

    /// <summary>The message is not complete yet; wait for more bytes.</summary>
    NeedMore,

    /// <summary>The bytes cannot be a SIP message; the stream cannot be resynchronised.</summary>
    Malformed,

    /// <summary>The message exceeds the configured maximum size.</summary>
    TooLarge,
}
