using System.Threading.Channels;

namespace Siprec.Server.Tests.Support;

/// <summary>
/// Sees every attempt of the server's webhook client from inside its retry: when an attempt starts and when its answer
/// (or failure) is back, so a test moves the clock only while no attempt is in flight.
/// </summary>
public sealed class WebhookAttempts
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly Channel<bool> _started = Channel.CreateUnbounded<bool>();
    private readonly Channel<bool> _answered = Channel.CreateUnbounded<bool>();

    public DelegatingHandler CreateHandler() => new Observer(this);

    /// <summary>Waits until the next attempt is over: the server has its answer, or the attempt failed.</summary>
    public async Task AnsweredAsync() => await _answered.Reader.ReadAsync().AsTask().WaitAsync(Patience);

    /// <summary>Waits up to <paramref name="wait"/> for the next attempt to start.</summary>
    public async Task<bool> StartedWithinAsync(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            await _started.Reader.ReadAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return false;
        }
    }

    private sealed class Observer(WebhookAttempts owner) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            owner._started.Writer.TryWrite(true);
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            finally
            {
                owner._answered.Writer.TryWrite(true);
            }
        }
    }
}
