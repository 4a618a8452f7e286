namespace Siprec.Sip.Tests.Support;

/// <summary>
/// A request the test handler answered with a final response, as the peer saw it, holding only weak references to the
/// server transaction and its request so a test can tell whether the stack let them go.
/// </summary>
internal sealed class AnsweredRequest(
    StackHarness harness, SipUdpPeer peer, string request, int statusCode, string? firstResponse, WeakReference transaction, WeakReference received)
{
    /// <summary>The first datagram the peer got back, or null if none came.</summary>
    public string? FirstResponse { get; } = firstResponse;

    /// <summary>
    /// Has the handler answer with <paramref name="statusCode"/>, sends <paramref name="request"/> from <paramref name="peer"/>
    /// and waits for the response; the handler's own references to the transaction are dropped.
    /// </summary>
    public static async Task<AnsweredRequest> SendAsync(StackHarness harness, SipUdpPeer peer, string request, int statusCode, string reasonPhrase)
    {
        var answered = new TaskCompletionSource<(WeakReference Transaction, WeakReference Request)>(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Handler.Answer = (tx, ct) =>
        {
            answered.TrySetResult((new WeakReference(tx), new WeakReference(tx.Request)));
            return tx.RespondAsync(statusCode, reasonPhrase, ct).AsTask();
        };

        await peer.SendAsync(request, harness.Udp);
        var first = await peer.TryReceiveAsync(TestTimeouts.Expected);
        var (transaction, received) = await answered.Task.WaitAsync(TestTimeouts.Expected);
        Reachability.ForgetRecordedRequests(harness.Handler);
        return new AnsweredRequest(harness, peer, request, statusCode, first, transaction, received);
    }

    /// <summary>
    /// Asserts that the response had the status asked for, that the stack let the transaction and its request go yet keeps
    /// one entry in its matching table, and that a repeat of the request gets the very same response.
    /// </summary>
    public async Task AssertLetGoYetAnsweredAgainAsync()
    {
        Assert.NotNull(FirstResponse);
        Assert.Contains($" {statusCode} ", FirstResponse, StringComparison.Ordinal);
        Assert.True(await Reachability.CollectedAsync(transaction), "the answered transaction is still referenced");
        Assert.True(await Reachability.CollectedAsync(received), "the answered request is still referenced");
        Assert.Equal(1, harness.Stack.ServerTransactionCount);

        await peer.SendAsync(request, harness.Udp);
        Assert.Equal(FirstResponse, await peer.TryReceiveAsync(TestTimeouts.Expected));
    }
}
