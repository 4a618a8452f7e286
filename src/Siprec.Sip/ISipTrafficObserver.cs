namespace Siprec.Sip;

/// <summary>
/// Told of each new request the stack receives and each response it sends, for counting. Called on the receive
/// path: implementations must be fast, thread-safe and must not throw.
/// </summary>
public interface ISipTrafficObserver
{
    /// <summary>A new request arrived (retransmissions of a known transaction are not reported; every ACK is).</summary>
    void RequestReceived(string method);

    /// <summary>A response was sent for the first time (retransmissions are not reported).</summary>
    void ResponseSent(int statusCode);

    /// <summary>An INVITE or UPDATE, or a request too malformed to read, was refused with <paramref name="statusCode"/> (4xx-6xx).</summary>
    void RequestRefused(int statusCode);

    /// <summary>A new request of <paramref name="method"/> was answered 503 at once because request handling is over its budget.</summary>
    void RequestShed(string method)
    {
    }

    /// <summary>A message could not be read; <paramref name="reason"/> is a fixed label such as <c>invalid_content_length</c>.</summary>
    void MessageMalformed(string reason)
    {
    }
}
