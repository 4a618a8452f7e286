using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Siprec.Media.Codecs;
using Siprec.Media.Engine;
using Siprec.Media.Rtp;
using Siprec.Recording.Admission;
using Siprec.Recording.Control;
using Siprec.Recording.Sessions;
using Siprec.Recording.Signalling;
using Siprec.Recording.Storage;
using Siprec.Recording.Transcription;
using Siprec.Sip;
using Siprec.Sip.Dialogs;
using Siprec.Sip.Messages;
using Siprec.Sip.Transactions;

namespace Siprec.Recording.Srs;

/// <summary>
/// The Session Recording Server user agent (RFC 7866): routes each SIP request to what it does to a recording call
/// (an INVITE starts one, a re-INVITE/UPDATE keeps it in step, BYE ends it) and ends calls on RTP timeout, dialog
/// failure or shutdown. Thread-safe.
/// </summary>
public sealed partial class SrsUserAgent : ISipRequestHandler, IAsyncDisposable
{
    private readonly SrsCallTable _calls = new();
    private readonly SrsBackgroundTasks _tasks;
    private readonly NodeAdmission _admission;
    private readonly SrsResponseFactory _responses;
    private readonly SrsInviteHandler _invites;
    private readonly SrsSessionUpdateHandler _updates;
    private readonly SrsCallFinaliser _finaliser;
    private readonly RtpTimeoutWatchdog<SrsCall> _watchdog;
    private readonly ISrsCallObserver? _observer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private SipStack? _stack;

    /// <summary>
    /// Creates the user agent; call <see cref="Attach"/> with the stack that delivers its requests.
    /// <paramref name="finalizedSinks"/> are told about each session once its final sidecar is written;
    /// <paramref name="observer"/> sees refusals and ended calls (metrics); calls are transcribed live when
    /// <paramref name="transcribers"/> is given. New calls and OPTIONS probes are refused with 503 while
    /// <paramref name="admission"/> says so (by default: session capacity and free RTP ports); <paramref name="disk"/>
    /// hears of failed recording writes.
    /// </summary>
    public SrsUserAgent(SrsOptions options, ISessionRegistry registry, PauseResumeService pauses, MediaEngine media, RtpPortAllocator ports, AudioCodecRegistry codecs, TimeProvider time, ILogger<SrsUserAgent> logger,
        IEnumerable<IRecordingFinalizedSink>? finalizedSinks = null, ISrsCallObserver? observer = null, SessionTranscriberFactory? transcribers = null,
        NodeAdmission? admission = null, RecordingDiskGuard? disk = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(codecs);
        _observer = observer;
        _time = time;
        _logger = logger;
        _tasks = new SrsBackgroundTasks(logger);
        var streams = new MediaStreamFactory(codecs);
        var offers = new RecordingOfferParser(new RecordingSignallingOptions { Strict = options.Strict });
        var sidecars = new SrsSidecarWriter(options.PauseBehavior, options.StoreDtmfDigits && options.DtmfPause is null, options.RecordingKeys, logger);
        var reconciler = new SrsMediaReconciler(streams, pauses, logger);
        _finaliser = new SrsCallFinaliser(_calls, registry, pauses, sidecars, finalizedSinks?.ToList() ?? [], observer, time, logger);
        var localCodecs = LocalCodecPreference.From(codecs);
        foreach (var codec in localCodecs.Where(c => !c.Available))
            Log.CodecUnavailable(_logger, $"{codec.EncodingName}/{codec.ClockRate}", codecs.Describe(codec.EncodingName, codec.ClockRate, codec.Channels).UnavailableReason ?? "unavailable");
        _admission = admission ?? new NodeAdmission(new NodeDrain(), [new SessionCapacityCheck(registry, options.MaxSessions), new RtpPortCheck(ports)]);
        _responses = new SrsResponseFactory(options.RetryAfterSeconds);
        _invites = new SrsInviteHandler(options, _calls, registry, _admission, offers, localCodecs, ports, _responses,
            new SrsRecordingStarter(options, media, streams, transcribers, pauses, time, _tasks, disk, logger), reconciler, sidecars, _finaliser, time, logger);
        _updates = new SrsSessionUpdateHandler(options, _calls, offers, ports, reconciler, sidecars, logger);
        _watchdog = new RtpTimeoutWatchdog<SrsCall>(options.RtpTimeout, time, _calls.Snapshot,
            call => _tasks.Start(call.SessionId, "BYE on RTP timeout", () => EndWithByeAsync(call, SrsCallEndReason.RtpTimeout)), logger);
    }

    /// <summary>Number of calls being recorded.</summary>
    public int ActiveCalls => _calls.Count;

    /// <summary>The SIP stack used to send our BYEs.</summary>
    public void Attach(SipStack stack) => _stack = stack;

    /// <summary>Stops taking new calls for good (INVITEs and OPTIONS get 503 with Retry-After); calls in progress go on.</summary>
    public void StartDraining() => _admission.Drain.ShutDown();

    /// <summary>True once <see cref="StartDraining"/> was called.</summary>
    public bool IsDraining => _admission.Drain.IsShuttingDown;

    /// <summary>Why new calls are refused now (the first admission check that refuses), or null when they are accepted.</summary>
    public string? AdmissionRefusal => _admission.RefusalReason();

    /// <summary>The media counters of each stream of a live call (codec, packets, jitter...); empty when no such call.</summary>
    public IReadOnlyList<RtpStreamStats> StreamStatsOf(string sessionId) =>
        _calls.TryGet(sessionId, out var call) ? call.Media.GetStreamStats() : [];

    /// <summary>Sends BYE on every live call and finalizes its files.</summary>
    public async Task EndAllAsync(SrsCallEndReason reason)
    {
        await Task.WhenAll(_calls.Snapshot().Select(call => EndWithByeAsync(call, reason))).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task OnRequestAsync(SipServerTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var request = transaction.Request;
        try
        {
            switch (request.Method)
            {
                case SipMethods.Invite when transaction.Dialog is null:
                    await _invites.HandleAsync((SipInviteServerTransaction)transaction).ConfigureAwait(false);
                    if (transaction.FinalResponse is { StatusCode: >= 300 } refused)
                        _observer?.CallRejected(refused.StatusCode);
                    break;
                case SipMethods.Invite or SipMethods.Update:
                    await _updates.HandleAsync(transaction).ConfigureAwait(false);
                    break;
                case SipMethods.Bye:
                    await OnByeAsync(transaction).ConfigureAwait(false);
                    break;
                case SipMethods.Options when transaction.Dialog is null:
                    // A dispatcher probing with OPTIONS takes a 503 as "route around this node"; an in-dialog OPTIONS
                    // is a live call's keep-alive, which a refusing node still answers 200.
                    await transaction.SendResponseAsync(_admission.RefusalReason() is { } reason
                        ? _responses.Busy(request, reason)
                        : SrsResponseFactory.Options(request)).ConfigureAwait(false);
                    break;
                case SipMethods.Options:
                    await transaction.SendResponseAsync(SrsResponseFactory.Options(request)).ConfigureAwait(false);
                    break;
                case SipMethods.Info when transaction.Dialog is not null:
                    await transaction.RespondAsync(200).ConfigureAwait(false);
                    break;
                case SipMethods.Info or SipMethods.Update:
                    await transaction.RespondAsync(481, "No Dialog For Request").ConfigureAwait(false);
                    break;
                default:
                    await transaction.SendResponseAsync(SrsResponseFactory.MethodNotAllowed(request)).ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.RequestFailed(_logger, request.Method, request.CallId ?? "", ex);
            if (!transaction.HasFinalResponse)
                await TryRespondAsync(transaction, 500, "Request Handling Failed").ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void OnCancelled(SipInviteServerTransaction invite) =>
        Log.Cancelled(_logger, invite?.Request.CallId ?? "");

    /// <inheritdoc />
    public void OnAckReceived(SipDialog dialog, SipRequest ack)
    {
    }

    /// <inheritdoc />
    public void OnDialogTerminated(SipDialog dialog, SipDialogTerminationReason reason)
    {
        ArgumentNullException.ThrowIfNull(dialog);
        if (_calls.TryGet(dialog.CallId, out var call) && ReferenceEquals(call.Dialog, dialog))
        {
            var why = reason switch
            {
                SipDialogTerminationReason.RemoteBye => SrsCallEndReason.Bye,
                SipDialogTerminationReason.LocalBye => call.LocalByeReason ?? SrsCallEndReason.RtpTimeout,
                SipDialogTerminationReason.Shutdown => SrsCallEndReason.Shutdown,
                _ => SrsCallEndReason.DialogFailed,
            };
            _tasks.Start(call.SessionId, "Finalisation", () => _finaliser.CompleteAsync(call, why));
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _watchdog.DisposeAsync().ConfigureAwait(false);
        await Task.WhenAll(_calls.Snapshot().Select(call => _finaliser.CompleteAsync(call, SrsCallEndReason.Shutdown))).ConfigureAwait(false);
        await _tasks.DrainAsync().ConfigureAwait(false);
    }

    private async Task OnByeAsync(SipServerTransaction transaction)
    {
        var receivedAt = _time.GetUtcNow();
        if (transaction.Dialog is null || !_calls.TryGet(transaction.Dialog.CallId, out var call))
        {
            await transaction.RespondAsync(481, "Call/Transaction Does Not Exist").ConfigureAwait(false);
            return;
        }

        await transaction.RespondAsync(200).ConfigureAwait(false);
        await _finaliser.CompleteAsync(call, SrsCallEndReason.Bye, receivedAt).ConfigureAwait(false);
    }

    private async Task EndWithByeAsync(SrsCall call, SrsCallEndReason reason)
    {
        if (call.Dialog is { } dialog && _stack is { } stack && !dialog.IsTerminated)
        {
            call.LocalByeReason = reason;
            try
            {
                await stack.SendByeAsync(dialog).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or IOException or InvalidOperationException or ObjectDisposedException)
            {
                Log.ByeFailed(_logger, call.Session.Id, ex.Message);
            }
        }

        await _finaliser.CompleteAsync(call, reason).ConfigureAwait(false);
    }

    private static async Task TryRespondAsync(SipServerTransaction transaction, int status, string reason)
    {
        try
        {
            await transaction.RespondAsync(status, reason).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // A final response went out meanwhile.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "{Method} for {SessionId} failed")]
        public static partial void RequestFailed(ILogger logger, string method, string sessionId, Exception exception);

        [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "INVITE {SessionId} cancelled by the SRC")]
        public static partial void Cancelled(ILogger logger, string sessionId);

        [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Codec {Codec} not offered: {Reason}")]
        public static partial void CodecUnavailable(ILogger logger, string codec, string reason);

        [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "BYE for {SessionId} failed: {Reason}")]
        public static partial void ByeFailed(ILogger logger, string sessionId, string reason);
    }
}
