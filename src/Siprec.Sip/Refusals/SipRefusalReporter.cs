using System.Net;
using Microsoft.Extensions.Logging;
using Siprec.Sip.Headers;
using Siprec.Sip.Messages;
using Siprec.Sip.Transport;

namespace Siprec.Sip.Refusals;

/// <summary>
/// Makes every refusal of an INVITE or UPDATE explain itself: a <c>Warning: 399</c> with our host and the reason
/// phrase on the response, one warning in the log (a few per source address, then a summary with counts) and a count
/// for the traffic observer. Malformed messages share the same per-source log limit.
/// </summary>
internal sealed partial class SipRefusalReporter : IDisposable
{
    private const int LoggedPerWindow = 5;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly string? _advertisedHost;
    private readonly ILogger _logger;
    private readonly ISipTrafficObserver? _observer;
    private readonly SourceRateLimiter _limiter;

    public SipRefusalReporter(string? advertisedHost, TimeProvider time, ILogger logger, ISipTrafficObserver? observer)
    {
        _advertisedHost = advertisedHost is not null && IPAddress.TryParse(advertisedHost, out var address) ? SipLocalUri.FormatHost(address) : advertisedHost;
        _logger = logger;
        _observer = observer;
        _limiter = new SourceRateLimiter(LoggedPerWindow, Window, time, (source, count) => Log.Suppressed(_logger, count, source, (int)Window.TotalSeconds));
    }

    /// <summary>True for the final responses that refuse a request this reporter explains; 487 answers a CANCEL, it refuses nothing.</summary>
    public static bool IsRefusal(SipRequest request, int statusCode) =>
        statusCode >= 400 && statusCode != 487 && request.Method is SipMethods.Invite or SipMethods.Update;

    /// <summary>The host named in our Warning headers on <paramref name="channel"/>: the advertised host, else the local address, else <paramref name="fallbackHost"/>.</summary>
    public string AgentFor(ISipChannel channel, string fallbackHost)
    {
        if (_advertisedHost is not null)
            return _advertisedHost;
        var local = channel.LocalEndPoint.Address;
        return local.Equals(IPAddress.Any) || local.Equals(IPAddress.IPv6Any) ? fallbackHost : SipLocalUri.FormatHost(local);
    }

    /// <summary>
    /// Adds a 399 Warning repeating the reason phrase (kept beside a more specific warning such as 305, replaced by none
    /// the caller already wrote with 399) and reports a refusal of <paramref name="request"/>.
    /// </summary>
    public void Explain(SipRequest request, SipResponse response, ISipChannel channel, IPEndPoint remote)
    {
        if (!IsRefusal(request, response.StatusCode))
            return;
        if (!response.Headers.GetAll(SipHeaderNames.Warning).Any(w => w.StartsWith("399 ", StringComparison.Ordinal)))
            response.Headers.Add(SipHeaderNames.Warning, SipWarning.Format(SipWarning.Miscellaneous, AgentFor(channel, request.RequestUri.Host), response.ReasonPhrase));
        Report(request.Method, request.CallId, remote, response.StatusCode, response.ReasonPhrase);
    }

    /// <summary>Reports a request refused before it could be parsed; <paramref name="callId"/> is null when unreadable.</summary>
    public void Report(string? method, string? callId, IPEndPoint remote, int statusCode, string reason)
    {
        _observer?.RequestRefused(statusCode);
        if (_limiter.TryPass(remote.Address))
            Log.Refused(_logger, method ?? "request", statusCode, reason, callId ?? "-", remote);
    }

    /// <summary>Logs a malformed message that gets no answer, within the same per-source limit.</summary>
    public void Malformed(IPEndPoint remote, SipTransportKind transport, string reason)
    {
        if (_limiter.TryPass(remote.Address))
            Log.Malformed(_logger, remote, transport, reason);
    }

    public void Dispose() => _limiter.Dispose();

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Method} with {StatusCode} {Reason}: Call-ID {CallId} from {Remote}")]
        public static partial void Refused(ILogger logger, string method, int statusCode, string reason, string callId, IPEndPoint remote);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Malformed message from {Remote} over {Transport}: {Reason}")]
        public static partial void Malformed(ILogger logger, IPEndPoint remote, SipTransportKind transport, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} more refused or malformed messages from {Source} in the last {Seconds} s were not logged one by one")]
        public static partial void Suppressed(ILogger logger, int count, IPAddress source, int seconds);
    }
}
