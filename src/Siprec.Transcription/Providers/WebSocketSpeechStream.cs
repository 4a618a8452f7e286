using System.Net.WebSockets;

namespace Siprec.Transcription.Providers;

/// <summary>
/// A provider stream over one WebSocket: owns the socket and its receive loop, which hands every text message to
/// <see cref="HandleMessage"/> and ends the results when the server closes, the stream is disposed or the connection fails.
/// A provider adds its audio framing, its close request and its message parsing.
/// </summary>
internal abstract class WebSocketSpeechStream : SpeechStreamBase
{
    private readonly CancellationTokenSource _receiveCancellation = new();
    private readonly Task _receiveLoop;
    private volatile bool _closing;

    /// <summary>Takes ownership of the connected <paramref name="socket"/> and starts receiving.</summary>
    protected WebSocketSpeechStream(ClientWebSocket socket, string providerName, SpeechStreamOptions options, TimeProvider timeProvider)
        : base(providerName, options, timeProvider)
    {
        Socket = socket;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>How long completion waits for the provider's last results.</summary>
    protected static TimeSpan DrainTimeout { get; } = TimeSpan.FromSeconds(10);

    /// <summary>The connection to the provider.</summary>
    protected ClientWebSocket Socket { get; }

    /// <summary>
    /// Connects <paramref name="socket"/> to <paramref name="uri"/> and opens a stream on it with <paramref name="open"/>.
    /// On failure the socket is disposed; a transport failure is reported as a <see cref="SpeechProviderException"/>.
    /// </summary>
    public static async Task<ISpeechStream> ConnectAsync(
        ClientWebSocket socket,
        Uri uri,
        string providerName,
        Func<ClientWebSocket, CancellationToken, Task<ISpeechStream>> open,
        CancellationToken cancellationToken)
    {
        try
        {
            await socket.ConnectAsync(uri, cancellationToken).ConfigureAwait(false);
            return await open(socket, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException)
        {
            socket.Dispose();
            throw new SpeechProviderException(providerName, $"cannot connect to {uri.GetLeftPart(UriPartial.Path)}: {ex.Message}", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>From now on a close by the server ends the results normally instead of as a failure.</summary>
    protected void ExpectClose() => _closing = true;

    /// <summary>Waits, at most <see cref="DrainTimeout"/>, for the receive loop to see the server's close.</summary>
    protected Task WaitForCloseAsync(CancellationToken cancellationToken) =>
        _receiveLoop.WaitAsync(DrainTimeout, Time, cancellationToken);

    /// <summary>Handles one text message; an exception ends the stream with that failure.</summary>
    protected abstract void HandleMessage(ReadOnlySpan<byte> json);

    /// <summary>Handles one binary message (ignored unless a provider answers in binary); an exception ends the stream with that failure.</summary>
    protected virtual void HandleBinaryMessage(ReadOnlySpan<byte> message)
    {
    }

    /// <inheritdoc />
    protected override async ValueTask DisposeCoreAsync()
    {
        ExpectClose();
        await _receiveCancellation.CancelAsync().ConfigureAwait(false);
        try
        {
            await _receiveLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loop was stopped on purpose.
        }

        Socket.Dispose();
        _receiveCancellation.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var reader = new WebSocketMessageReader(Socket);
        try
        {
            while (true)
            {
                var type = await reader.ReadAsync(_receiveCancellation.Token).ConfigureAwait(false);
                if (type == WebSocketMessageType.Close)
                {
                    if (!_closing)
                    {
                        throw new SpeechProviderException(ProviderName, $"server closed the stream: {Socket.CloseStatus} {Socket.CloseStatusDescription}");
                    }

                    // A provider that closes first after our close request waits for our half of the handshake.
                    if (Socket.State == WebSocketState.CloseReceived)
                    {
                        await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, _receiveCancellation.Token).ConfigureAwait(false);
                    }

                    CompleteResults(null);
                    return;
                }

                if (type == WebSocketMessageType.Text)
                {
                    HandleMessage(reader.Message.Span);
                }
                else
                {
                    HandleBinaryMessage(reader.Message.Span);
                }
            }
        }
        catch (OperationCanceledException) when (_receiveCancellation.IsCancellationRequested)
        {
            CompleteResults(null);
        }
        catch (Exception ex)
        {
            // Any transport or protocol failure ends this stream; the feed reconnects.
            CompleteResults(ex as SpeechProviderException ?? new SpeechProviderException(ProviderName, ex.Message, ex));
        }
    }
}
