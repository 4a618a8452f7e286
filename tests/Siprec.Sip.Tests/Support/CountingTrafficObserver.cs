using System.Collections.Concurrent;

namespace Siprec.Sip.Tests.Support;

/// <summary>Keeps the method of every request and the status code of every refusal the stack reports.</summary>
internal sealed class CountingTrafficObserver : ISipTrafficObserver
{
    private readonly ConcurrentQueue<int> _refused = new();
    private readonly ConcurrentQueue<string> _shed = new();
    private readonly ConcurrentQueue<string> _malformed = new();
    private readonly ConcurrentQueue<string> _received = new();

    public IReadOnlyList<int> Refused => [.. _refused];

    public IReadOnlyList<string> Shed => [.. _shed];

    public IReadOnlyList<string> Malformed => [.. _malformed];

    public IReadOnlyList<string> Received => [.. _received];

    public void RequestReceived(string method) => _received.Enqueue(method);

    public void ResponseSent(int statusCode)
    {
    }

    public void RequestRefused(int statusCode) => _refused.Enqueue(statusCode);

    public void RequestShed(string method) => _shed.Enqueue(method);

    public void MessageMalformed(string reason) => _malformed.Enqueue(reason);
}
