namespace Siprec.Sip.Messages;

/// <summary>Why <see cref="SipMessageParser.TryParse(ReadOnlySpan{byte}, SipParserOptions, out SipMessage?, out SipParseFailure)"/> rejected a message, and the answer it calls for.</summary>
/// <param name="Error">The reason, as counted and logged.</param>
/// <param name="Message">A human-readable description, sent back as the reason phrase of the error answer.</param>
public readonly record struct SipParseFailure(SipParseError Error, string Message)
{
    /// <summary>The response status a server should send for a request rejected this way (400, 505 or 513).</summary>
    public int SuggestedStatusCode => Error switch
    {
        SipParseError.UnsupportedVersion => 505,
        SipParseError.HeadersTooLarge or SipParseError.TooManyHeaders or SipParseError.BodyTooLarge => 513,
        _ => 400,
    };
}
