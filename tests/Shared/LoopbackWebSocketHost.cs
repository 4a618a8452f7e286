using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Siprec.Testing;

/// <summary>A Kestrel host on 127.0.0.1 (ephemeral port) serving one WebSocket path: what each fake speech provider stands on.</summary>
internal sealed class LoopbackWebSocketHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackWebSocketHost(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The <c>ws://</c> address of the path.</summary>
    public Uri Endpoint { get; }

    public static async Task<LoopbackWebSocketHost> StartAsync(string path, RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.UseWebSockets();
        app.Map(path, handler);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackWebSocketHost(app, new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal).TrimEnd('/') + path));
    }

    /// <summary>
    /// Reads one whole message into <paramref name="buffer"/>: its length and type, or null when the connection is over
    /// (aborted, or closed by the peer, whose close is then answered).
    /// </summary>
    public static async Task<(int Count, WebSocketMessageType Type)?> ReceiveMessageAsync(WebSocket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var count = 0;
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer.AsMemory(count), cancellationToken);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    return null;
                }

                count += received.Count;
                if (received.EndOfMessage)
                {
                    return (count, received.MessageType);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
