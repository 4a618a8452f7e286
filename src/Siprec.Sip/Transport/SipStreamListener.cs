using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Siprec.Sip.Refusals;

namespace Siprec.Sip.Transport;

/// <summary>A TCP or TLS listener: accepts up to the configured number of connections and runs each one.</summary>
public sealed partial class SipStreamListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly X509Certificate2? _certificate;
    private readonly ISipMessageReceiver _receiver;
    private readonly SipTransportOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<SipStreamConnection, Task> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _acceptLoop = Task.CompletedTask;

    /// <summary>Binds and listens at once; TLS needs <paramref name="certificate"/> with its private key.</summary>
    public SipStreamListener(
        SipTransportKind kind,
        IPEndPoint bindTo,
        X509Certificate2? certificate,
        ISipMessageReceiver receiver,
        SipTransportOptions options,
        TimeProvider timeProvider,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(bindTo);
        if (kind == SipTransportKind.Udp)
        {
            throw new ArgumentException("A stream listener serves TCP or TLS.", nameof(kind));
        }

        if (kind == SipTransportKind.Tls && certificate is null)
        {
            throw new ArgumentException("TLS needs a server certificate.", nameof(certificate));
        }

        Kind = kind;
        _certificate = certificate;
        _receiver = receiver;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _socket = new Socket(bindTo.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _socket.Bind(bindTo);
        _socket.Listen(128);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    /// <summary>TCP or TLS.</summary>
    public SipTransportKind Kind { get; }

    /// <summary>The bound address, with the real port when 0 was asked for.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The number of open connections.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>Starts accepting connections.</summary>
    public void Start() => _acceptLoop = Task.Run(() => AcceptLoopAsync(_stopping.Token));

    /// <summary>Stops accepting, closes every connection and waits for their loops to end.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        foreach (var connection in _connections.Keys)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(_connections.Values).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                Log.AcceptFailed(_logger, ex.SocketErrorCode);
                continue;
            }

            if (_connections.Count >= _options.MaxConnections)
            {
                Log.ConnectionRefused(_logger, accepted.RemoteEndPoint, _options.MaxConnections);
                accepted.Dispose();
                continue;
            }

            accepted.NoDelay = true;
            _ = RunConnectionAsync(accepted, cancellationToken);
        }
    }

    private async Task RunConnectionAsync(Socket socket, CancellationToken cancellationToken)
    {
        var remote = (IPEndPoint)socket.RemoteEndPoint!;
        var local = (IPEndPoint)socket.LocalEndPoint!;
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (Kind == SipTransportKind.Tls)
        {
            var tls = new SslStream(stream, leaveInnerStreamOpen: false);
            using var handshake = new CancellationTokenSource(_options.TlsHandshakeTimeout, _timeProvider);
            using var stopRegistration = cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), handshake);
            try
            {
                await tls.AuthenticateAsServerAsync(
                    new SslServerAuthenticationOptions { ServerCertificate = _certificate, ClientCertificateRequired = false },
                    handshake.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await tls.DisposeAsync().ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
            {
                var fault = ex is OperationCanceledException
                    ? new SipStreamFault(SipMalformedReasons.TlsHandshakeTimeout, 400, $"no TLS handshake within {_options.TlsHandshakeTimeout.TotalSeconds:0.#} s")
                    : new SipStreamFault(SipMalformedReasons.TlsHandshakeFailed, 400, "TLS handshake failed: " + ex.Message);
                _receiver.OnTransportFault(Kind, remote, fault);
                await tls.DisposeAsync().ConfigureAwait(false);
                return;
            }

            stream = tls;
        }

        var connection = new SipStreamConnection(Kind, stream, local, remote, _receiver, _options, _timeProvider, _logger);
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _connections[connection] = completion.Task;
        try
        {
            await connection.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.ConnectionFailed(_logger, remote, ex);
        }
        finally
        {
            _connections.TryRemove(connection, out _);
            completion.TrySetResult();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "Accept failed: {Error}")]
        public static partial void AcceptFailed(ILogger logger, SocketError error);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Refused connection from {Remote}: {Max} connections open")]
        public static partial void ConnectionRefused(ILogger logger, EndPoint? remote, int max);

        [LoggerMessage(Level = LogLevel.Error, Message = "Connection from {Remote} failed")]
        public static partial void ConnectionFailed(ILogger logger, IPEndPoint remote, Exception exception);
    }
}
