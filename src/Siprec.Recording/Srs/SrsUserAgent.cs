using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Siprec.Media.Codecs;
using Siprec.Media.Engine;
using Siprec.Media.Rtp;
using Siprec.Recording.Control;
using Siprec.Recording.Metadata;
using Siprec.Recording.Sessions;
using Siprec.Recording.Signalling;
using Siprec.Recording.Storage;
using Siprec.Recording.Transcription;
using Siprec.Sip;
using Siprec.Sip.Dialogs;
using Siprec.Sip.Headers;
using Siprec.Sip.Messages;
using Siprec.Sip.Sdp;
using Siprec.Sip.Transactions;

namespace Siprec.Recording.Srs;

/// <summary>
/// The Session Recording Server user agent (RFC 7866): turns recording INVITEs into recording sessions, keeps them in
/// step with re-INVITE/UPDATE, and finalizes them on BYE, RTP timeout or shutdown. Thread-safe.
/// </summary>
public sealed partial class SrsUserAgent : ISipRequestHandler, IAsyncDisposable
{
    private const int MinSessionExpires = 90;
    private static readonly TimeSpan OfferInProgressWait = TimeSpan.FromSeconds(2);
    private static readonly string[] AllowedMethods = [SipMethods.Invite, SipMethods.Ack, SipMethods.Bye, SipMethods.Cancel, SipMethods.Options, SipMethods.Update, SipMethods.Info];
    private static readonly string[] AcceptedBodies = ["application/sdp", "application/rs-metadata+xml", "application/rs-metadata", "multipart/mixed"];

    private readonly SrsOptions _options;
    private readonly ISessionRegistry _registry;
    private readonly PauseResumeService _pauses;
    private readonly MediaEngine _media;
    private readonly RtpPortAllocator _ports;
    private readonly AudioCodecRegistry _codecs;
    private readonly MediaStreamFactory _streams;
    private readonly RecordingOfferParser _offers;
    private readonly RecordingPathAllocator _paths;
    private readonly IReadOnlyList<LocalAudioCodec> _localCodecs;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SessionTranscriberFactory? _transcribers;
    private readonly ConcurrentDictionary<string, SrsCall> _calls = new(StringComparer.Ordinal);
    private readonly ITimer _watchdog;
    private readonly IReadOnlyList<IRecordingFinalizedSink> _finalizedSinks;
    private readonly ISrsCallObserver? _observer;
    private SipStack? _stack;
    private volatile bool _draining;

    /// <summary>
    /// Creates the user agent; call <see cref="Attach"/> with the stack that delivers its requests.
    /// <paramref name="finalizedSinks"/> are told about each session once its final sidecar is written;
    /// <paramref name="observer"/> sees refusals and ended calls (metrics); calls are transcribed live when
    /// <paramref name="transcribers"/> is given.
    /// </summary>
    public SrsUserAgent(SrsOptions options, ISessionRegistry registry, PauseResumeService pauses, MediaEngine media, RtpPortAllocator ports, AudioCodecRegistry codecs, TimeProvider time, ILogger<SrsUserAgent> logger,
        IEnumerable<IRecordingFinalizedSink>? finalizedSinks = null, ISrsCallObserver? observer = null, SessionTranscriberFactory? transcribers = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _observer = observer;
        _registry = registry;
        _pauses = pauses;
        _media = media;
        _ports = ports;
        _codecs = codecs;
        _streams = new MediaStreamFactory(codecs);
        _offers = new RecordingOfferParser(new RecordingSignallingOptions { Strict = options.Strict });
        _paths = new RecordingPathAllocator(options.RecordingDirectory);
        _localCodecs = LocalCodecs(codecs);
        _time = time;
        _logger = logger;
        _finalizedSinks = finalizedSinks?.ToList() ?? [];
        _transcribers = transcribers;
        foreach (var codec in _localCodecs.Where(c => !c.Available))
            Log.CodecUnavailable(_logger, $"{codec.EncodingName}/{codec.ClockRate}", codecs.Describe(codec.EncodingName, codec.ClockRate, codec.Channels).UnavailableReason ?? "unavailable");
        var tick = TimeSpan.FromSeconds(Math.Clamp(options.RtpTimeout.TotalSeconds / 4, 0.2, 1));
        _watchdog = time.CreateTimer(static s => ((SrsUserAgent)s!).CheckRtpTimeouts(), this, tick, tick);
    }

    /// <summary>Number of calls being recorded.</summary>
    public int ActiveCalls => _calls.Count;

    /// <summary>The SIP stack used to send our BYEs.</summary>
    public void Attach(SipStack stack) => _stack = stack;

    /// <summary>Stops taking new INVITEs (they get 503 with Retry-After); calls in progress go on.</summary>
    public void StartDraining() => _draining = true;

    /// <summary>True once <see cref="StartDraining"/> was called.</summary>
    public bool IsDraining => _draining;

    /// <summary>The media counters of each stream of a live call (codec, packets, jitter...); empty when no such call.</summary>
    public IReadOnlyList<RtpStreamStats> StreamStatsOf(string sessionId) =>
        _calls.TryGetValue(sessionId, out var call) ? call.Media.GetStreamStats() : [];

    /// <summary>Sends BYE on every live call and finalizes its files.</summary>
    public async Task EndAllAsync(SrsCallEndReason reason)
    {
        await Task.WhenAll(_calls.Values.Select(call => EndWithByeAsync(call, reason))).ConfigureAwait(false);
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
                    await OnInitialInviteAsync((SipInviteServerTransaction)transaction).ConfigureAwait(false);
                    if (transaction.FinalResponse is { StatusCode: >= 300 } refused)
                        _observer?.CallRejected(refused.StatusCode);
                    break;
                case SipMethods.Invite or SipMethods.Update:
                    await OnSessionUpdateAsync(transaction).ConfigureAwait(false);
                    break;
                case SipMethods.Bye:
                    await OnByeAsync(transaction).ConfigureAwait(false);
                    break;
                case SipMethods.Options:
                    await transaction.SendResponseAsync(SipStack.CreateOptionsResponse(request, AllowedMethods, SiprecOptionTags.Supported, AcceptedBodies)).ConfigureAwait(false);
                    break;
                case SipMethods.Info when transaction.Dialog is not null:
                    await transaction.RespondAsync(200).ConfigureAwait(false);
                    break;
                case SipMethods.Info or SipMethods.Update:
                    await transaction.RespondAsync(481, "Call/Transaction Does Not Exist").ConfigureAwait(false);
                    break;
                default:
                    var refusal = SipResponse.CreateFor(request, 405, "Method Not Allowed");
                    refusal.Headers.Add(SipHeaderNames.Allow, string.Join(", ", AllowedMethods));
                    await transaction.SendResponseAsync(refusal).ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.RequestFailed(_logger, request.Method, request.CallId ?? "", ex);
            if (!transaction.HasFinalResponse)
                await TryRespondAsync(transaction, 500, "Server Internal Error").ConfigureAwait(false);
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
        if (_calls.TryGetValue(dialog.CallId, out var call) && ReferenceEquals(call.Dialog, dialog))
        {
            var why = reason switch
            {
                SipDialogTerminationReason.RemoteBye => SrsCallEndReason.Bye,
                SipDialogTerminationReason.LocalBye => call.LocalByeReason ?? SrsCallEndReason.RtpTimeout,
                SipDialogTerminationReason.Shutdown => SrsCallEndReason.Shutdown,
                _ => SrsCallEndReason.DialogFailed,
            };
            _ = CompleteAsync(call, why);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _watchdog.DisposeAsync().ConfigureAwait(false);
        await Task.WhenAll(_calls.Values.Select(call => CompleteAsync(call, SrsCallEndReason.Shutdown))).ConfigureAwait(false);
    }

    private async Task OnInitialInviteAsync(SipInviteServerTransaction transaction)
    {
        var request = transaction.Request;
        var callId = request.CallId ?? string.Empty;
        if (_draining || _registry.Count >= _options.MaxSessions)
        {
            var busy = SipResponse.CreateFor(request, 503, "Service Unavailable");
            busy.Headers.Add("Retry-After", _options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture));
            await transaction.SendResponseAsync(busy).ConfigureAwait(false);
            return;
        }

        if (SessionExpiresTooSmall(request))
        {
            var tooSmall = SipResponse.CreateFor(request, 422, "Session Interval Too Small");
            tooSmall.Headers.Add("Min-SE", MinSessionExpires.ToString(CultureInfo.InvariantCulture));
            await transaction.SendResponseAsync(tooSmall).ConfigureAwait(false);
            return;
        }

        var outcome = _offers.Parse(request);
        if (!outcome.IsAccepted)
        {
            await RejectAsync(transaction, outcome.Rejection).ConfigureAwait(false);
            return;
        }

        var offer = outcome.Offer;
        if (offer.Sdp is null)
        {
            await RejectAsync(transaction, new SignallingRejection(488, "Not Acceptable Here", "a recording INVITE must carry an SDP offer",
                [new("Warning", "399 siprec \"SDP offer required\"")])).ConfigureAwait(false);
            return;
        }

        if (_calls.ContainsKey(callId) || _registry.TryGet(callId, out _))
        {
            await transaction.RespondAsync(482, "Loop Detected").ConfigureAwait(false);
            return;
        }

        var localAddress = LocalAddressFor(transaction);
        var builder = new SdpAnswerBuilder(AnswerOptions(localAddress), (ulong)RandomNumberGenerator.GetInt32(1, int.MaxValue));
        var leases = new Dictionary<int, RtpPortLease>();
        SdpAnswerOutcome answerOutcome;
        try
        {
            answerOutcome = builder.Build(offer.Sdp, index => Lease(leases, index).RtpPort);
        }
        catch (InvalidOperationException ex)
        {
            DisposeAll(leases.Values);
            Log.NoRtpPorts(_logger, callId, ex.Message);
            var busy = SipResponse.CreateFor(request, 503, "Service Unavailable");
            busy.Headers.Add("Retry-After", _options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture));
            await transaction.SendResponseAsync(busy).ConfigureAwait(false);
            return;
        }

        if (!answerOutcome.IsAccepted)
        {
            DisposeAll(leases.Values);
            await RejectAsync(transaction, answerOutcome.Rejection).ConfigureAwait(false);
            return;
        }

        var answer = answerOutcome.Answer;
        var metadata = offer.Metadata is null ? RecordingMetadataSnapshot.Empty : RecordingMetadataSnapshot.From(offer.Metadata);
        var startedAt = _time.GetUtcNow();
        var labels = answer.Streams.Select(s => s.Label).ToList();
        var session = new RecordingSession(callId, startedAt, _time, SessionParticipants.SessionIdOf(metadata),
            SessionParticipants.From(metadata, labels),
            answer.Streams.Select(s => new StreamDescription(s.Index, s.Label ?? (s.Index + 1).ToString(CultureInfo.InvariantCulture), s.Media)).ToList());

        SrsCall call;
        try
        {
            call = StartRecording(session, metadata, builder, answer, leases);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            DisposeAll(leases.Values);
            Log.RecordingFailed(_logger, callId, ex);
            await transaction.RespondAsync(500, "Server Internal Error").ConfigureAwait(false);
            return;
        }

        if (!_calls.TryAdd(callId, call) || !_registry.TryAdd(session))
        {
            _calls.TryRemove(new KeyValuePair<string, SrsCall>(callId, call));
            await DiscardAsync(call).ConfigureAwait(false);
            await transaction.RespondAsync(482, "Loop Detected").ConfigureAwait(false);
            return;
        }

        ApplySourcePause(call);
        var ok = Success(request, transaction, answer.Text, localAddress);
        if (transaction.CancellationRequested.IsCancellationRequested)
        {
            await AbandonAsync(call).ConfigureAwait(false);
            return;
        }

        try
        {
            await transaction.SendResponseAsync(ok).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // CANCEL won the race: the stack already answered 487.
            await AbandonAsync(call).ConfigureAwait(false);
            return;
        }

        call.Dialog = transaction.Dialog;
        Log.SessionStarted(_logger, callId, session.RecordingSessionId ?? "", call.ChannelOfMLine.Count(c => c >= 0), call.Location.AudioPath);
        await WriteSidecarAsync(call, null, null).ConfigureAwait(false);
    }

    private SrsCall StartRecording(RecordingSession session, RecordingMetadataSnapshot metadata, SdpAnswerBuilder builder, SdpAnswer answer, Dictionary<int, RtpPortLease> leases)
    {
        var location = _paths.Allocate(session.Id, session.StartedAt);
        var descriptions = new List<MediaStreamDescription>();
        var channelOf = new List<int>();
        foreach (var stream in answer.Streams)
        {
            if (stream.State != SdpStreamState.Rejected && stream.Codec is not null && leases.TryGetValue(stream.Index, out var lease))
            {
                channelOf.Add(descriptions.Count);
                descriptions.Add(_streams.Create(stream, lease));
            }
            else
            {
                channelOf.Add(-1);
                if (leases.Remove(stream.Index, out var unused))
                    unused.Dispose();
            }
        }

        var mediaOptions = new MediaSessionOptions(location.AudioPath)
        {
            SampleRate = _options.SampleRate,
            ChannelCount = Math.Max(1, descriptions.Count),
            MonoFilePaths = _options.PerStreamFiles ? descriptions.Select((_, i) => location.StreamAudioPath(i)).ToList() : null,
        };
        var transcriber = StartTranscription(session, location, answer.Streams.Where((_, i) => channelOf[i] >= 0).Select(s => s.Label).ToList());
        MediaSession media;
        try
        {
            media = _media.StartSession(mediaOptions, descriptions, session.Pause, transcriber);
        }
        catch
        {
            if (transcriber is not null)
                _ = transcriber.CompleteAsync();
            throw;
        }

        session.Transcription = transcriber;
        var call = new SrsCall(session, media, location, builder, metadata)
        {
            LastAnswer = answer,
            StreamFiles = mediaOptions.MonoFilePaths?.Select(Path.GetFileName).OfType<string>().ToList() ?? [],
        };
        call.ChannelOfMLine.AddRange(channelOf);
        foreach (var stream in answer.Streams)
        {
            call.LeaseOfMLine.Add(leases.GetValueOrDefault(stream.Index));
            call.AnsweredOfMLine.Add(stream);
        }

        return call;
    }

    /// <summary>The session's transcriber with its streams mapped (labels by channel), or null when transcription is off or cannot start.</summary>
    private SessionTranscriber? StartTranscription(RecordingSession session, RecordingLocation location, IReadOnlyList<string?> labelOfChannel)
    {
        if (_transcribers is null)
            return null;
        try
        {
            var transcriber = _transcribers.Create(session, location);
            for (var channel = 0; channel < labelOfChannel.Count; channel++)
                transcriber.MapStream(channel, labelOfChannel[channel]);
            return transcriber;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.TranscriptionNotStarted(_logger, session.Id, ex.Message);
            return null;
        }
    }

    private async Task OnSessionUpdateAsync(SipServerTransaction transaction)
    {
        var request = transaction.Request;
        if (!_calls.TryGetValue(request.CallId ?? string.Empty, out var call) || call.IsCompleting)
        {
            await transaction.RespondAsync(481, "Call/Transaction Does Not Exist").ConfigureAwait(false);
            return;
        }

        if (!await call.Signalling.WaitAsync(OfferInProgressWait).ConfigureAwait(false))
        {
            // RFC 3261 §14.2: an offer while another offer/answer on this call is still in progress.
            var glare = SipResponse.CreateFor(request, request.Method == SipMethods.Invite ? 491 : 500, request.Method == SipMethods.Invite ? "Request Pending" : "Server Internal Error");
            if (request.Method != SipMethods.Invite)
                glare.Headers.Add("Retry-After", "1");
            await transaction.SendResponseAsync(glare).ConfigureAwait(false);
            return;
        }

        try
        {
            var outcome = _offers.Parse(request);
            if (!outcome.IsAccepted)
            {
                await RejectAsync(transaction, outcome.Rejection).ConfigureAwait(false);
                return;
            }

            var offer = outcome.Offer;
            if (offer.Metadata is not null)
            {
                call.Metadata = call.Metadata.Merge(offer.Metadata);
                call.Session.RecordingSessionId = SessionParticipants.SessionIdOf(call.Metadata) ?? call.Session.RecordingSessionId;
                call.Session.Participants = SessionParticipants.From(call.Metadata, call.AnsweredOfMLine.Select(a => a.Label).ToList());
                call.Session.Transcription?.UpdateSpeakers();
                Log.MetadataUpdated(_logger, call.Session.Id, call.Session.Participants.Count);
            }

            string? body = null;
            if (offer.Sdp is not null)
            {
                var leases = new Dictionary<int, RtpPortLease>();
                for (var i = 0; i < call.LeaseOfMLine.Count; i++)
                {
                    if (call.LeaseOfMLine[i] is { IsDisposed: false } existing)
                        leases[i] = existing;
                }

                var answerOutcome = call.Answers.Build(offer.Sdp, index => Lease(leases, index).RtpPort);
                if (!answerOutcome.IsAccepted)
                {
                    DisposeAll(leases.Where(l => !call.LeaseOfMLine.Contains(l.Value)).Select(l => l.Value));
                    await RejectAsync(transaction, answerOutcome.Rejection).ConfigureAwait(false);
                    return;
                }

                await ReconcileMediaAsync(call, answerOutcome.Answer, leases).ConfigureAwait(false);
                call.LastAnswer = answerOutcome.Answer;
                body = answerOutcome.Answer.Text;
            }
            else if (request.Method == SipMethods.Invite && call.LastAnswer is not null)
            {
                // A re-INVITE without an offer asks us to offer (RFC 3261 §14.2); the unchanged session is our offer.
                body = call.LastAnswer.Text;
            }

            var localAddress = LocalAddressFor(transaction);
            await transaction.SendResponseAsync(Success(request, transaction, body, localAddress)).ConfigureAwait(false);
        }
        finally
        {
            call.Signalling.Release();
        }

        await WriteSidecarAsync(call, null, null).ConfigureAwait(false);
    }

    private async Task ReconcileMediaAsync(SrsCall call, SdpAnswer answer, Dictionary<int, RtpPortLease> leases)
    {
        foreach (var stream in answer.Streams)
        {
            var mline = stream.Index;
            var recorded = stream.State != SdpStreamState.Rejected && stream.Codec is not null && leases.ContainsKey(mline);
            if (mline >= call.ChannelOfMLine.Count)
            {
                call.ChannelOfMLine.Add(-1);
                call.LeaseOfMLine.Add(null);
                call.AnsweredOfMLine.Add(stream);
                if (recorded)
                {
                    try
                    {
                        call.ChannelOfMLine[mline] = call.Media.AddStream(_streams.Create(stream, leases[mline]));
                        call.LeaseOfMLine[mline] = leases[mline];
                        call.Session.Transcription?.MapStream(call.ChannelOfMLine[mline], stream.Label);
                    }
                    catch (InvalidOperationException ex)
                    {
                        Log.StreamNotRecorded(_logger, call.Session.Id, stream.Label ?? "", ex.Message);
                        leases[mline].Dispose();
                    }
                }

                continue;
            }

            var channel = call.ChannelOfMLine[mline];
            var before = call.AnsweredOfMLine[mline];
            call.AnsweredOfMLine[mline] = stream;
            if (channel >= 0 && !recorded)
            {
                await call.Media.RemoveStreamAsync(channel).ConfigureAwait(false);
                call.LeaseOfMLine[mline] = null;
                continue;
            }

            if (channel < 0)
                continue;

            if (MediaStreamFactory.NeedsNewReceiver(before, stream))
                await call.Media.ReplaceStreamAsync(channel, _streams.Create(stream, leases[mline])).ConfigureAwait(false);
            else
                call.Media.RelockSsrc(channel);
        }

        ApplySourcePause(call);
    }

    /// <summary>a=inactive (or c=0.0.0.0) on a stream silences its channel; on every recorded stream it is an SRC pause of the session.</summary>
    private void ApplySourcePause(SrsCall call)
    {
        var anyRecorded = false;
        var allPaused = true;
        for (var mline = 0; mline < call.ChannelOfMLine.Count; mline++)
        {
            var channel = call.ChannelOfMLine[mline];
            if (channel < 0)
                continue;
            anyRecorded = true;
            var paused = call.AnsweredOfMLine[mline].State == SdpStreamState.PausedBySource;
            call.Media.MarkStreamInactive(channel, paused);
            allPaused &= paused;
        }

        var sourcePaused = anyRecorded && allPaused;
        if (call.Session.Pause.Snapshot.SourcePaused != sourcePaused)
            _pauses.SetSourcePaused(call.Session.Id, sourcePaused);
    }

    private async Task OnByeAsync(SipServerTransaction transaction)
    {
        var receivedAt = _time.GetUtcNow();
        if (transaction.Dialog is null || !_calls.TryGetValue(transaction.Dialog.CallId, out var call))
        {
            await transaction.RespondAsync(481, "Call/Transaction Does Not Exist").ConfigureAwait(false);
            return;
        }

        await transaction.RespondAsync(200).ConfigureAwait(false);
        await CompleteAsync(call, SrsCallEndReason.Bye, receivedAt).ConfigureAwait(false);
    }

    private void CheckRtpTimeouts()
    {
        var now = _time.GetUtcNow();
        foreach (var call in _calls.Values)
        {
            if (call.IsCompleting || call.Dialog is null || call.Session.Pause.Snapshot.SourcePaused)
                continue;
            var last = call.Media.LastPacketAt ?? call.Session.StartedAt;
            if (now - last >= _options.RtpTimeout)
            {
                Log.RtpTimeout(_logger, call.Session.Id, (now - last).TotalSeconds);
                _ = EndWithByeAsync(call, SrsCallEndReason.RtpTimeout);
            }
        }
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

        await CompleteAsync(call, reason).ConfigureAwait(false);
    }

    /// <summary>Ends the call's recording (at <paramref name="endedAt"/> when known, else now) and writes its final sidecar; once per call.</summary>
    private async Task CompleteAsync(SrsCall call, SrsCallEndReason reason, DateTimeOffset? endedAt = null)
    {
        if (!call.TryBeginCompletion())
        {
            await call.Completed.ConfigureAwait(false);
            return;
        }

        var session = call.Session;
        session.State = SessionState.Ending;
        try
        {
            await call.Media.CompleteAsync(endedAt).ConfigureAwait(false);
            if (session.Transcription is { } transcription)
                await transcription.CompleteAsync().ConfigureAwait(false);
            endedAt ??= _time.GetUtcNow();
            if (session.Pause.Snapshot.SourcePaused)
                _pauses.SetSourcePaused(session.Id, false);
            if (await WriteSidecarAsync(call, endedAt, reason).ConfigureAwait(false) is { } sidecar)
                NotifyFinalized(new FinalizedRecording(call.Location, sidecar));
            Log.SessionEnded(_logger, session.Id, reason.ToString(), (endedAt.Value - session.StartedAt).TotalSeconds, call.Location.AudioPath);
            if (_observer is not null)
            {
                var bytes = File.Exists(call.Location.AudioPath) ? new FileInfo(call.Location.AudioPath).Length : 0;
                _observer.CallEnded(new SrsCallSummary(session.Id, reason, endedAt.Value - session.StartedAt, call.Media.GetStreamStats(), call.Location.AudioPath, bytes));
            }
        }
        finally
        {
            session.State = SessionState.Ended;
            _registry.TryRemove(session.Id, out _);
            _calls.TryRemove(new KeyValuePair<string, SrsCall>(session.Id, call));
            call.MarkCompleted();
        }
    }

    private async Task AbandonAsync(SrsCall call)
    {
        _calls.TryRemove(new KeyValuePair<string, SrsCall>(call.Session.Id, call));
        _registry.TryRemove(call.Session.Id, out _);
        await DiscardAsync(call).ConfigureAwait(false);
    }

    /// <summary>Stops a call that was never answered and removes its empty files.</summary>
    private static async Task DiscardAsync(SrsCall call)
    {
        call.TryBeginCompletion();
        try
        {
            await call.Media.CompleteAsync().ConfigureAwait(false);
            if (call.Session.Transcription is { } transcription)
            {
                await transcription.CompleteAsync().ConfigureAwait(false);
                File.Delete(call.Location.TranscriptPath);
            }

            File.Delete(call.Location.AudioPath);
            File.Delete(call.Location.SidecarPath);
        }
        finally
        {
            call.MarkCompleted();
        }
    }

    /// <summary>
    /// Writes the sidecar; writes of one call are serialized and none follows the final one, so a slow start-of-call
    /// write can never overwrite the end-of-call document. Returns what was written, or null.
    /// </summary>
    private async Task<SessionSidecar?> WriteSidecarAsync(SrsCall call, DateTimeOffset? endedAt, SrsCallEndReason? reason)
    {
        await call.SidecarWrites.WaitAsync().ConfigureAwait(false);
        try
        {
            if (call.FinalSidecarWritten)
                return null;
            var sidecar = SrsSidecarBuilder.Build(call, endedAt, reason, call.Session.Transcription?.TranscriptFile, _options.PauseBehavior);
            await SidecarFileWriter.WriteAsync(call.Location.SidecarPath, sidecar, durable: endedAt is not null).ConfigureAwait(false);
            call.FinalSidecarWritten = endedAt is not null;
            return sidecar;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.SidecarFailed(_logger, call.Session.Id, ex);
            return null;
        }
        finally
        {
            call.SidecarWrites.Release();
        }
    }

    private void NotifyFinalized(FinalizedRecording recording)
    {
        foreach (var sink in _finalizedSinks)
        {
            try
            {
                sink.OnRecordingFinalized(recording);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.FinalizedSinkFailed(_logger, recording.Sidecar.CallId, sink.GetType().Name, ex);
            }
        }
    }

    private SipResponse Success(SipRequest request, SipServerTransaction transaction, string? sdp, IPAddress localAddress)
    {
        var response = SipResponse.CreateFor(request, 200, "OK");
        var transport = transaction.Transport.ToString().ToLowerInvariant();
        var port = transaction.Channel.LocalEndPoint.Port;
        var host = localAddress.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{localAddress}]" : localAddress.ToString();
        var scheme = transport == "tls" ? "sips" : "sip";
        var transportParam = transport == "udp" ? "" : ";transport=" + transport;
        response.Headers.Add(SipHeaderNames.Contact, $"<{scheme}:srs@{host}:{port.ToString(CultureInfo.InvariantCulture)}{transportParam}>;+sip.srs");
        if (request.Require.Contains(SiprecOptionTags.Siprec, StringComparer.OrdinalIgnoreCase))
            response.Headers.Add(SipHeaderNames.Require, SiprecOptionTags.Siprec);
        response.Headers.Add(SipHeaderNames.Supported, string.Join(", ", SiprecOptionTags.Supported));
        response.Headers.Add(SipHeaderNames.Allow, string.Join(", ", AllowedMethods));
        if (request.Headers.Get(SipHeaderNames.SessionExpires) is { } sessionExpires && request.Method == SipMethods.Invite || request.Method == SipMethods.Update && request.Headers.Get(SipHeaderNames.SessionExpires) is not null)
        {
            // RFC 4028 as UAS: accept the interval and let the SRC refresh; we never end a call for a missing refresh.
            var interval = request.Headers.Get(SipHeaderNames.SessionExpires)!.Split(';')[0].Trim();
            response.Headers.Add(SipHeaderNames.SessionExpires, interval + ";refresher=uac");
            if (request.Supported.Contains(SiprecOptionTags.Timer, StringComparer.OrdinalIgnoreCase))
                response.Headers.Add(SipHeaderNames.Require, SiprecOptionTags.Timer);
        }

        if (sdp is not null)
        {
            response.Headers.Set(SipHeaderNames.ContentType, "application/sdp");
            response.Body = Encoding.UTF8.GetBytes(sdp);
        }

        return response;
    }

    private static bool SessionExpiresTooSmall(SipRequest request) =>
        request.Headers.Get(SipHeaderNames.SessionExpires) is { } value
        && int.TryParse(value.Split(';')[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        && seconds < MinSessionExpires;

    private static async Task RejectAsync(SipServerTransaction transaction, SignallingRejection rejection)
    {
        var response = SipResponse.CreateFor(transaction.Request, rejection.StatusCode, rejection.ReasonPhrase);
        foreach (var header in rejection.Headers)
            response.Headers.Add(header.Key, header.Value);
        await transaction.SendResponseAsync(response).ConfigureAwait(false);
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

    private RtpPortLease Lease(Dictionary<int, RtpPortLease> leases, int index)
    {
        if (!leases.TryGetValue(index, out var lease))
        {
            lease = _ports.Allocate(_options.RtpBindAddress);
            leases[index] = lease;
        }

        return lease;
    }

    private static void DisposeAll(IEnumerable<RtpPortLease> leases)
    {
        foreach (var lease in leases.ToList())
            lease.Dispose();
    }

    private SdpAnswerOptions AnswerOptions(IPAddress localAddress) => new()
    {
        LocalAddress = localAddress,
        Codecs = _localCodecs,
        SrtpPolicy = _options.SrtpPolicy,
        KeyFactory = NewSdesKey,
    };

    private static string NewSdesKey(string suite) =>
        "inline:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(30));

    /// <summary>The address the SRC should send media to: the configured one, else the local address routing to the SRC.</summary>
    private IPAddress LocalAddressFor(SipServerTransaction transaction)
    {
        if (_options.AdvertisedAddress is { } advertised)
            return advertised;
        var bound = transaction.Channel.LocalEndPoint.Address;
        if (!bound.Equals(IPAddress.Any) && !bound.Equals(IPAddress.IPv6Any))
            return bound;
        try
        {
            using var probe = new Socket(transaction.RemoteEndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            probe.Connect(transaction.RemoteEndPoint);
            return ((IPEndPoint)probe.LocalEndPoint!).Address;
        }
        catch (SocketException)
        {
            return IPAddress.Loopback;
        }
    }

    private static List<LocalAudioCodec> LocalCodecs(AudioCodecRegistry codecs)
    {
        (string Name, int Clock, int Channels)[] preference =
        [
            ("PCMU", 8000, 1), ("PCMA", 8000, 1), ("G722", 8000, 1), ("opus", 48000, 2), ("L16", 16000, 1), ("L16", 8000, 1), ("G729", 8000, 1),
        ];
        return preference
            .Select(p => new LocalAudioCodec(p.Name, p.Clock, p.Channels, codecs.Describe(p.Name, p.Clock, p.Channels).IsAvailable))
            .ToList();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Recording session started {SessionId} (RFC 7865 session {RecordingSessionId}) with {Channels} channel(s) to {Path}")]
        public static partial void SessionStarted(ILogger logger, string sessionId, string recordingSessionId, int channels, string path);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Recording session ended {SessionId}: {Reason} after {Seconds:F1}s, file {Path}")]
        public static partial void SessionEnded(ILogger logger, string sessionId, string reason, double seconds, string path);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "No RTP for {Seconds:F0}s on session {SessionId}; ending it with BYE")]
        public static partial void RtpTimeout(ILogger logger, string sessionId, double seconds);

        [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "{Method} for {SessionId} failed")]
        public static partial void RequestFailed(ILogger logger, string method, string sessionId, Exception exception);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "No RTP port for {SessionId}: {Reason}")]
        public static partial void NoRtpPorts(ILogger logger, string sessionId, string reason);

        [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "Could not start recording {SessionId}")]
        public static partial void RecordingFailed(ILogger logger, string sessionId, Exception exception);

        [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "INVITE {SessionId} cancelled by the SRC")]
        public static partial void Cancelled(ILogger logger, string sessionId);

        [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Codec {Codec} not offered: {Reason}")]
        public static partial void CodecUnavailable(ILogger logger, string codec, string reason);

        [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "BYE for {SessionId} failed: {Reason}")]
        public static partial void ByeFailed(ILogger logger, string sessionId, string reason);

        [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "Sidecar of {SessionId} not written")]
        public static partial void SidecarFailed(ILogger logger, string sessionId, Exception exception);

        [LoggerMessage(EventId = 40, Level = LogLevel.Error, Message = "Finalized-recording sink {Sink} failed for {SessionId}; the recording is unaffected")]
        public static partial void FinalizedSinkFailed(ILogger logger, string sessionId, string sink, Exception exception);

        [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Metadata of {SessionId} updated: {Participants} participant(s)")]
        public static partial void MetadataUpdated(ILogger logger, string sessionId, int participants);

        [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Stream {Label} of {SessionId} added by re-INVITE is not recorded: {Reason}")]
        public static partial void StreamNotRecorded(ILogger logger, string sessionId, string label, string reason);

        [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Transcription of {SessionId} not started; recording goes on: {Reason}")]
        public static partial void TranscriptionNotStarted(ILogger logger, string sessionId, string reason);
    }
}
