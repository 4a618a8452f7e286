using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Siprec.Recording.Srs;
using Siprec.Server.Configuration;
using Siprec.Sip;
using Siprec.Sip.Overload;
using Siprec.Sip.Transactions;
using Siprec.Sip.Transport;

namespace Siprec.Server.Hosting;

/// <summary>
/// Runs the SIP listeners with the recording user agent behind them. Started before the HTTP server, so
/// <c>/health/live</c> answers only once SIP is listening. Shutdown drains: while the host is stopping (and HTTP still
/// answers) new INVITEs get 503 and live calls go on until they end or the drain timeout passes; then the rest get BYE
/// and every file is finalized.
/// </summary>
public sealed partial class SipRecorderService : IHostedLifecycleService, IAsyncDisposable
{
    private static readonly TimeSpan DrainPoll = TimeSpan.FromMilliseconds(100);

    private readonly SrsUserAgent _userAgent;
    private readonly SipStack _stack;
    private readonly TimeSpan _drainTimeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the stack for the configured transports; <paramref name="traffic"/> counts SIP requests and responses.</summary>
    public SipRecorderService(SiprecOptions options, SrsUserAgent userAgent, TimeProvider time, ILoggerFactory loggers, ISipTrafficObserver? traffic = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        _userAgent = userAgent;
        _drainTimeout = options.ShutdownDrainTimeout;
        _time = time;
        _logger = loggers.CreateLogger<SipRecorderService>();
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
        TlsConfigured = tls;
        var overload = new SipOverloadOptions { MaxQueuedRequests = options.Sip.MaxQueuedRequests, MaxQueueDelay = options.Sip.MaxQueueDelay };
        if (options.Sip.Workers > 0)
        {
            overload = overload with { Workers = options.Sip.Workers };
        }

        _stack = new SipStack(transport, new SipTimerOptions(), userAgent, time, loggers, traffic, overload);
        userAgent.Attach(_stack);
    }

    /// <summary>The bound UDP address, once started.</summary>
    public IPEndPoint? UdpEndPoint => _stack.UdpEndPoint;

    /// <summary>The bound TCP address, once started.</summary>
    public IPEndPoint? TcpEndPoint => _stack.TcpEndPoint;

    /// <summary>The bound TLS address, once started (null without a certificate).</summary>
    public IPEndPoint? TlsEndPoint => _stack.TlsEndPoint;

    /// <summary>True when a TLS certificate is configured, so a TLS listener is expected.</summary>
    public bool TlsConfigured { get; }

    /// <summary>What waits for a SIP request-handling worker now.</summary>
    public SipBacklog SipBacklog => _stack.Backlog;

    /// <summary>True once every configured listener is bound, until shutdown stops them.</summary>
    public bool IsListening { get; private set; }

    /// <summary>True once shutdown began: new INVITEs are refused with 503.</summary>
    public bool IsDraining => _userAgent.IsDraining;

    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _stack.StartAsync(cancellationToken).ConfigureAwait(false);
        IsListening = true;
    }

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs before any service stops (HTTP still answers): refuses new calls and waits for live ones to end.</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _userAgent.StartDraining();
        var active = _userAgent.ActiveCalls;
        if (active == 0)
        {
            return;
        }

        Log.Draining(_logger, active, _drainTimeout.TotalSeconds);
        var deadline = _time.GetUtcNow() + _drainTimeout;
        try
        {
            while (_userAgent.ActiveCalls > 0 && _time.GetUtcNow() < deadline)
            {
                await Task.Delay(DrainPoll, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout cut the wait short; StopAsync ends what is left.
        }

        if (_userAgent.ActiveCalls > 0)
        {
            Log.DrainTimedOut(_logger, _userAgent.ActiveCalls);
        }
    }

    /// <summary>Ends every call still live with BYE, finalizes its files, then closes the listeners.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _userAgent.StartDraining();
        await _userAgent.EndAllAsync(SrsCallEndReason.Shutdown).ConfigureAwait(false);
        IsListening = false;
        await _stack.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _stack.DisposeAsync().ConfigureAwait(false);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Draining: waiting for live sessions to end")]
        public static partial void Draining(ILogger logger, int sessions, double timeoutSeconds);

        [LoggerMessage(2, LogLevel.Warning, "Drain timeout passed; ending the remaining sessions")]
        public static partial void DrainTimedOut(ILogger logger, int sessions);
    }
}
