using Prometheus;
using Siprec.Media.Engine;
using Siprec.Media.Rtp;
using Siprec.Recording.Sessions;
using Siprec.Recording.Srs;
using Siprec.Server.Configuration;

namespace Siprec.Server.Observability;

/// <summary>
/// Session, media and storage metrics. RTP counters and gauges (active sessions, RTP ports, free disk) are read from
/// the media engine and the registries at scrape time, so live calls count without any work per packet; session,
/// recording and jitter figures are added when a call ends.
/// </summary>
public sealed class RecordingMetrics : ISrsCallObserver
{
    private static readonly double[] JitterBuckets = [0.001, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.5];

    private readonly Counter _sessions;
    private readonly Counter _packets;
    private readonly Counter _bytes;
    private readonly Counter _lost;
    private readonly Counter _late;
    private readonly Counter _srtpFailures;
    private readonly Histogram _jitter;
    private readonly Counter _recordings;
    private readonly Counter _recordingBytes;

    /// <summary>
    /// Creates the metrics in <paramref name="registry"/>; each scrape reads the RTP counters of <paramref name="media"/>
    /// and the gauges of <paramref name="sessions"/>, <paramref name="ports"/> and the recording volume.
    /// </summary>
    public RecordingMetrics(CollectorRegistry registry, ISessionRegistry sessions, RtpPortAllocator ports, MediaEngine media, SiprecOptions options)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(ports);
        ArgumentNullException.ThrowIfNull(media);
        ArgumentNullException.ThrowIfNull(options);
        var factory = Metrics.WithCustomRegistry(registry);
        _sessions = factory.CreateCounter("siprec_sessions_total", "Recording sessions by outcome: bye, rtp_timeout, shutdown, dialog_failed, rejected.", "outcome");
        _packets = factory.CreateCounter("siprec_rtp_packets_total", "RTP packets accepted, counted while calls run.");
        _bytes = factory.CreateCounter("siprec_rtp_bytes_total", "RTP datagram bytes (UDP payload) received, counted while calls run.");
        _lost = factory.CreateCounter("siprec_rtp_packets_lost_total", "RTP packets lost (sequence gaps), counted while calls run.");
        _late = factory.CreateCounter("siprec_rtp_packets_late_total", "RTP packets that arrived too late to be placed, counted while calls run.");
        _srtpFailures = factory.CreateCounter("siprec_srtp_auth_failures_total", "SRTP packets that failed authentication, counted while calls run.");
        _jitter = factory.CreateHistogram("siprec_rtp_jitter_seconds", "Interarrival jitter (RFC 3550) of each stream at the end of its session.",
            new HistogramConfiguration { Buckets = JitterBuckets });
        _recordings = factory.CreateCounter("siprec_recordings_written_total", "WAV recordings finalized.");
        _recordingBytes = factory.CreateCounter("siprec_recording_bytes_total", "Bytes of finalized WAV recordings.");
        var active = factory.CreateGauge("siprec_sessions_active", "Sessions being recorded now.");
        var maxSessions = factory.CreateGauge("siprec_sessions_max", "MAX_SESSIONS.");
        var portsInUse = factory.CreateGauge("siprec_rtp_port_pairs_in_use", "RTP port pairs (RTP+RTCP) leased now.");
        var portsCapacity = factory.CreateGauge("siprec_rtp_port_pairs_capacity", "RTP port pairs in the configured range.");
        var diskFree = factory.CreateGauge("siprec_disk_free_bytes", "Free bytes on the volume of RECORDING_DIR.");
        maxSessions.Set(options.Recording.MaxSessions);
        var directory = options.Recording.Directory;
        registry.AddBeforeCollectCallback(() =>
        {
            AdvanceRtpCounters(media.GetReceptionTotals());
            active.Set(sessions.Count);
            portsInUse.Set(ports.InUse);
            portsCapacity.Set(ports.Capacity);
            if (DiskSpace.TryRead(directory, out var free, out _))
            {
                diskFree.Set(free);
            }
        });
        foreach (var outcome in (string[])["bye", "rtp_timeout", "shutdown", "dialog_failed", "rejected"])
        {
            _sessions.WithLabels(outcome);
        }
    }

    /// <inheritdoc />
    public void CallRejected(int statusCode) => _sessions.WithLabels("rejected").Inc();

    /// <inheritdoc />
    public void CallEnded(SrsCallSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        _sessions.WithLabels(Outcome(summary.Reason)).Inc();
        foreach (var stream in summary.Streams.Where(s => s.PacketsReceived > 0))
        {
            _jitter.Observe(stream.Jitter.TotalSeconds);
        }

        _recordings.Inc();
        _recordingBytes.Inc(summary.AudioBytes);
    }

    // The engine's totals already include every ended session, so a call's end adds nothing to these counters and
    // cannot count its packets twice; IncTo keeps each counter from going back when loss shrinks as a late packet fills a gap.
    private void AdvanceRtpCounters(RtpReceptionTotals totals)
    {
        _packets.IncTo(totals.PacketsReceived);
        _bytes.IncTo(totals.Bytes);
        _lost.IncTo(totals.PacketsLost);
        _late.IncTo(totals.PacketsLate);
        _srtpFailures.IncTo(totals.SrtpAuthFailures);
    }

    private static string Outcome(SrsCallEndReason reason) => reason switch
    {
        SrsCallEndReason.Bye => "bye",
        SrsCallEndReason.RtpTimeout => "rtp_timeout",
        SrsCallEndReason.Shutdown => "shutdown",
        _ => "dialog_failed",
    };
}
