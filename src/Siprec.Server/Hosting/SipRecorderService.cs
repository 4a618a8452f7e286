using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Siprec.Recording.Srs;
using Siprec.Server.Configuration;
using Siprec.Sip;
using Siprec.Sip.Transactions;
using Siprec.Sip.Transport;

namespace Siprec.Server.Hosting;

/// <summary>
/// Runs the SIP listeners with the recording user agent behind them. Started before the HTTP server, so
/// <c>/health/live</c> answers only once SIP is listening; on stop it ends every call with BYE and finalizes its files.
/// </summary>
public sealed class SipRecorderService : IHostedService, IAsyncDisposable
{
    private readonly SrsUserAgent _userAgent;
    private readonly SipStack _stack;

    /// <summary>Creates the stack for the configured transports.</summary>
    public SipRecorderService(SiprecOptions options, SrsUserAgent userAgent, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        _userAgent = userAgent;
        var tls = options.Sip.TlsCert is not null;
        var transport = new SipTransportOptions
        {
            Host = options.Sip.Host,
            UdpPort = options.Sip.Port,
            TcpPort = options.Sip.Port,
            TlsPort = tls ? options.Sip.TlsPort : null,
            TlsCertificatePath = options.Sip.TlsCert,
            TlsKeyPath = options.Sip.TlsKey,
        };
        _stack = new SipStack(transport, new SipTimerOptions(), userAgent, time, loggers);
        userAgent.Attach(_stack);
    }

    /// <summary>The bound UDP address, once started.</summary>
    public IPEndPoint? UdpEndPoint => _stack.UdpEndPoint;

    /// <summary>The bound TCP address, once started.</summary>
    public IPEndPoint? TcpEndPoint => _stack.TcpEndPoint;

    /// <summary>The bound TLS address, once started (null without a certificate).</summary>
    public IPEndPoint? TlsEndPoint => _stack.TlsEndPoint;

    /// <summary>True once every configured listener is bound.</summary>
    public bool IsListening { get; private set; }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _stack.StartAsync(cancellationToken).ConfigureAwait(false);
        IsListening = true;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _userAgent.StartDraining();
        await _userAgent.EndAllAsync(SrsCallEndReason.Shutdown).ConfigureAwait(false);
        IsListening = false;
        await _stack.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _stack.DisposeAsync().ConfigureAwait(false);
}
