namespace Siprec.Recording.Signalling;

/// <summary>A request the recorder refuses: the final response to send, with the headers that explain why.</summary>
/// <param name="StatusCode">The SIP status code (400, 403, 415, 420, 488).</param>
/// <param name="ReasonPhrase">The reason phrase of the status line.</param>
/// <param name="Detail">A human-readable explanation for logs (and a <c>Warning</c> text where one is sent).</param>
/// <param name="Headers">Headers to add to the response, such as <c>Accept</c>, <c>Unsupported</c> or <c>Warning</c>, in order.</param>
public sealed record SignallingRejection(
    int StatusCode,
    string ReasonPhrase,
    string Detail,
    IReadOnlyList<KeyValuePair<string, string>> Headers);
