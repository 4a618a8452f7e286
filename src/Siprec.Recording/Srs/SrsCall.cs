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
    private readonly ConcurrentQueue<DtmfEvent> _dtmf = new();
    private readonly ConcurrentQueue<SidecarError> _errors = new();
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
        media.DtmfReceived += _dtmf.Enqueue;
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
    public IReadOnlyCollection<SidecarError> Errors => _errors;

    /// <inheritdoc />
    public string SessionId => Session.Id;

    /// <inheritdoc />
    public bool ExpectsRtp => !IsCompleting && Dialog is not null && !Session.Pause.Snapshot.SourcePaused;

    /// <inheritdoc />
    public DateTimeOffset LastRtpAt => Media.LastPacketAt ?? Session.StartedAt;

    public IReadOnlyCollection<DtmfEvent> DtmfEvents => _dtmf;

    /// <summary>The call's DTMF pause policy; null when the policy is off.</summary>
    public DtmfPausePolicy? DtmfPolicy { get; init; }

    /// <summary>Notes a failed end-of-call step for the final sidecar.</summary>
    public void RecordError(SidecarError error) => _errors.Enqueue(error);

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
}
