using System.Collections.Concurrent;
using Siprec.Media.Engine;
using Siprec.Media.Rtp;
using Siprec.Recording.Metadata;
using Siprec.Recording.Policies;
using Siprec.Recording.Sessions;
using Siprec.Recording.Signalling;
using Siprec.Recording.Storage;
using Siprec.Sip.Dialogs;

namespace Siprec.Recording.Srs;

/// <summary>
/// One answered recording call: its session, its media, its negotiated streams and its files. Signalling for a call
/// is handled one request at a time (<see cref="Signalling"/>); completion happens once.
/// </summary>
internal sealed class SrsCall : IRtpTimeoutSubject
{
    // Made at the first event: most calls never see one, and a queue's first segment costs about 1 KB.
    private ConcurrentQueue<DtmfEvent>? _dtmf;
    private ConcurrentQueue<SidecarError>? _errors;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _completed;
    private int _leniencies;

    public SrsCall(RecordingSession session, MediaSession media, RecordingLocation location, SdpAnswerBuilder answers, RecordingMetadataSnapshot metadata)
    {
        Session = session;
        Media = media;
        Location = location;
        Answers = answers;
        Metadata = metadata;
        media.DtmfReceived += OnDtmf;
    }

    public RecordingSession Session { get; }

    public MediaSession Media { get; }

    public RecordingLocation Location { get; }

    public SdpAnswerBuilder Answers { get; }

    /// <summary>Serializes re-INVITE/UPDATE handling of this call.</summary>
    public SemaphoreSlim Signalling { get; } = new(1, 1);

    /// <summary>Serializes sidecar writes of this call.</summary>
    public SemaphoreSlim SidecarWrites { get; } = new(1, 1);

    /// <summary>Set once the end-of-call sidecar is on disk; later writes are skipped.</summary>
    public bool FinalSidecarWritten { get; set; }

    public RecordingMetadataSnapshot Metadata { get; set; }

    public SipDialog? Dialog { get; set; }

    /// <summary>The last answer sent (re-sent as our offer when a re-INVITE carries no SDP).</summary>
    public SdpAnswer? LastAnswer { get; set; }

    /// <summary>Per offered m-line, in m-line order.</summary>
    public List<SrsMLine> MLines { get; } = [];

    /// <summary>Failures of the end-of-call steps, written in the final sidecar.</summary>
    public IReadOnlyCollection<SidecarError> Errors => Volatile.Read(ref _errors) ?? (IReadOnlyCollection<SidecarError>)[];

    /// <inheritdoc />
    public string SessionId => Session.Id;

    /// <inheritdoc />
    public bool ExpectsRtp => !IsCompleting && Dialog is not null && !Session.Pause.Snapshot.SourcePaused;

    /// <inheritdoc />
    public DateTimeOffset LastRtpAt => Media.LastPacketAt ?? Session.StartedAt;

    public IReadOnlyCollection<DtmfEvent> DtmfEvents => Volatile.Read(ref _dtmf) ?? (IReadOnlyCollection<DtmfEvent>)[];

    /// <summary>The call's DTMF pause policy; null when the policy is off.</summary>
    public DtmfPausePolicy? DtmfPolicy { get; init; }

    /// <summary>Notes a failed end-of-call step for the final sidecar.</summary>
    public void RecordError(SidecarError error) => LazyInitializer.EnsureInitialized(ref _errors).Enqueue(error);

    /// <summary>File names of the per-stream mono WAVs, when they are written.</summary>
    public IReadOnlyList<string> StreamFiles { get; init; } = [];

    /// <summary>True for the one caller that gets to complete the call; it must call <see cref="MarkCompleted"/> when done.</summary>
    public bool TryBeginCompletion() => Interlocked.Exchange(ref _completed, 1) == 0;

    /// <summary>Completes once the call's files are final.</summary>
    public Task Completed => _completion.Task;

    /// <summary>Says the call's files are final.</summary>
    public void MarkCompleted() => _completion.TrySetResult();

    public bool IsCompleting => Volatile.Read(ref _completed) != 0;

    /// <summary>Records the leniencies the call needed and returns those it had not needed before.</summary>
    public MetadataLeniency NoteLeniencies(MetadataLeniency seen) =>
        seen & ~(MetadataLeniency)Interlocked.Or(ref _leniencies, (int)seen);

    /// <summary>Why we are sending BYE on this call, so the dialog's end reports that reason rather than a guess.</summary>
    public SrsCallEndReason? LocalByeReason { get; set; }

    private void OnDtmf(DtmfEvent dtmf) => LazyInitializer.EnsureInitialized(ref _dtmf).Enqueue(dtmf);
}
