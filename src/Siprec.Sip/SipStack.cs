using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Siprec.Sip.Dialogs;
using Siprec.Sip.Headers;
using Siprec.Sip.Messages;
using Siprec.Sip.Overload;
using Siprec.Sip.Transactions;
using Siprec.Sip.Transport;

namespace Siprec.Sip;

/// <summary>
/// The SIP user agent server: binds the configured transports, runs transactions and dialogs, and hands requests
/// to an <see cref="ISipRequestHandler"/>. Start once, stop once; all members are thread-safe.
/// </summary>
public sealed class SipStack : IAsyncDisposable
{
    private readonly SipTransportOptions _transportOptions;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly SipMessageDispatcher _dispatcher;
    private UdpSipTransport? _udp;
    private SipStreamListener? _tcp;
    private SipStreamListener? _tls;
    private System.Security.Cryptography.X509Certificates.X509Certificate2? _certificate;
    private int _started;
    private int _stopped;

    /// <summary>Creates a stopped stack; <paramref name="timeProvider"/> drives every SIP timer.</summary>
    public SipStack(
        SipTransportOptions transportOptions,
        SipTimerOptions timerOptions,
        ISipRequestHandler handler,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        ISipTrafficObserver? trafficObserver = null,
        SipOverloadOptions? overload = null)
    {
        ArgumentNullException.ThrowIfNull(transportOptions);
        ArgumentNullException.ThrowIfNull(timerOptions);
        ArgumentNullException.ThrowIfNull(handler);
        _transportOptions = transportOptions;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _dispatcher = new SipMessageDispatcher(handler, timerOptions, _timeProvider, transportOptions.AdvertisedHost, _loggerFactory.CreateLogger<SipStack>(), trafficObserver, overload);
    }

    /// <summary>The bound UDP address (real port), or null when UDP is off or the stack is not started.</summary>
    public IPEndPoint? UdpEndPoint => _udp?.LocalEndPoint;

    /// <summary>The bound TCP address (real port), or null.</summary>
    public IPEndPoint? TcpEndPoint => _tcp?.LocalEndPoint;

    /// <summary>The bound TLS address (real port), or null.</summary>
    public IPEndPoint? TlsEndPoint => _tls?.LocalEndPoint;

    /// <summary>The live dialogs.</summary>
    public SipDialogTable Dialogs => _dispatcher.Dialogs;

    /// <summary>What waits for a request-handling worker now, and whether new requests are being refused.</summary>
    public SipBacklog Backlog => _dispatcher.Backlog;

    /// <summary>The number of server transactions still matching retransmissions.</summary>
    public int ServerTransactionCount => _dispatcher.ServerTransactionCount;

    /// <summary>
    /// Binds every configured transport and starts receiving. Throws <see cref="InvalidOperationException"/> for a
    /// bad host or TLS file, <see cref="System.Net.Sockets.SocketException"/> when a port is taken.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The SIP stack is already started.");
        }

        if (!IPAddress.TryParse(_transportOptions.Host, out var host))
        {
            throw new InvalidOperationException($"SIP host '{_transportOptions.Host}' is not an IP address.");
        }

        if (_transportOptions.TlsPort is not null)
        {
            var certificatePath = _transportOptions.TlsCertificatePath
                ?? throw new InvalidOperationException("A SIP TLS port is configured but no TLS certificate file is.");
            _certificate = SipCertificateLoader.LoadPem(certificatePath, _transportOptions.TlsKeyPath);
        }

        try
        {
            if (_transportOptions.UdpPort is { } udpPort)
            {
                _udp = new UdpSipTransport(new IPEndPoint(host, udpPort), _transportOptions.MaxMessageSize, _dispatcher, _loggerFactory.CreateLogger<UdpSipTransport>());
            }

            if (_transportOptions.TcpPort is { } tcpPort)
            {
                _tcp = new SipStreamListener(SipTransportKind.Tcp, new IPEndPoint(host, tcpPort), null, _dispatcher, _transportOptions, _timeProvider, _loggerFactory.CreateLogger<SipStreamListener>());
            }

            if (_transportOptions.TlsPort is { } tlsPort && _certificate is not null)
            {
                _tls = new SipStreamListener(SipTransportKind.Tls, new IPEndPoint(host, tlsPort), _certificate, _dispatcher, _transportOptions, _timeProvider, _loggerFactory.CreateLogger<SipStreamListener>());
            }
        }
        catch
        {
            await StopAsync(cancellationToken).ConfigureAwait(false);
            throw;
        }

        _dispatcher.StartWorkers();
        _udp?.Start();
        _tcp?.Start();
        _tls?.Start();
    }

    /// <summary>Stops the transports, ends every transaction and reports every live dialog terminated (Shutdown).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        _dispatcher.Shutdown();
        if (_udp is not null)
        {
            await _udp.DisposeAsync().ConfigureAwait(false);
        }

        if (_tcp is not null)
        {
            await _tcp.DisposeAsync().ConfigureAwait(false);
        }

        if (_tls is not null)
        {
            await _tls.DisposeAsync().ConfigureAwait(false);
        }

        await _dispatcher.StopWorkersAsync().ConfigureAwait(false);
        _certificate?.Dispose();
    }

    /// <summary>
    /// Sends BYE on <paramref name="dialog"/> (a non-INVITE client transaction, retransmitted on UDP) and ends the
    /// dialog at once. Yields the final response, or null on timeout or when the dialog was already over.
    /// </summary>
    public Task<SipResponse?> SendByeAsync(SipDialog dialog, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dialog);
        return _dispatcher.SendByeAsync(dialog, SipDialogTerminationReason.LocalBye, cancellationToken);
    }

    /// <summary>A 200 answer to OPTIONS advertising the given methods, option tags and accepted body types.</summary>
    public static SipResponse CreateOptionsResponse(SipRequest options, IEnumerable<string> allow, IEnumerable<string> supported, IEnumerable<string> accept)
    {
        ArgumentNullException.ThrowIfNull(options);
        var response = SipResponse.CreateFor(options, 200, "OK");
        response.Headers.Add(SipHeaderNames.Allow, string.Join(", ", allow));
        response.Headers.Add(SipHeaderNames.Supported, string.Join(", ", supported));
        response.Headers.Add(SipHeaderNames.Accept, string.Join(", ", accept));
        return response;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
