using Siprec.Media.Engine;
using Siprec.Media.Pipeline;
using Siprec.Recording.Sessions;
using Siprec.Recording.Storage;

namespace Siprec.Recording.Srs;

/// <summary>Builds a call's sidecar document from its session, media statistics and pause history.</summary>
internal static class SrsSidecarBuilder
{
    public static SessionSidecar Build(SrsCall call, DateTimeOffset? endedAt, SrsCallEndReason? reason, string? transcriptFile, PausedAudioBehavior pauseBehavior = PausedAudioBehavior.Skip, bool storeDtmfDigits = false)
    {
        var session = call.Session;
        var media = call.Media;
        var stats = media.GetStreamStats();
        var streams = new List<SidecarStream>();
        foreach (var mline in call.MLines.Where(m => m.IsRecorded))
        {
            var stat = stats.FirstOrDefault(s => s.StreamIndex == mline.Channel);
            var answered = mline.Answered;
            streams.Add(new SidecarStream
            {
                Channel = mline.Channel + 1,
                Label = answered.Label,
                Codec = answered.Codec is { } codec ? $"{codec.EncodingName}/{codec.ClockRate}" : null,
                Srtp = answered.RemoteCrypto is not null,
                Ssrcs = stat?.SsrcsSeen ?? [],
                PacketsReceived = stat?.PacketsReceived ?? 0,
                PacketsLost = stat?.PacketsLost ?? 0,
                PacketsLate = stat?.PacketsLate ?? 0,
                PacketsDuplicate = stat?.PacketsDuplicate ?? 0,
                JitterMs = stat?.Jitter.TotalMilliseconds ?? 0,
            });
        }

        var participants = session.Participants.Select(p => new SidecarParticipant(
            null, p.Aor, p.Name,
            p.StreamLabels.Select(l => ChannelOfLabel(call, l)).Where(c => c > 0).Distinct().ToList())).ToList();

        var dtmf = call.DtmfEvents
            .Select(d => new SidecarDtmf(d.StreamIndex + 1, storeDtmfDigits ? d.Digit.ToString() : SidecarDtmf.WithheldDigit, d.SessionOffset.TotalSeconds, (int)d.Duration.TotalMilliseconds))
            .ToList();

        return new SessionSidecar
        {
            CallId = session.Id,
            SessionId = session.RecordingSessionId,
            RecordingFile = Path.GetFileName(call.Location.AudioPath),
            TranscriptFile = transcriptFile,
            StreamFiles = call.StreamFiles,
            StartedAt = session.StartedAt,
            EndedAt = endedAt,
            EndReason = reason is null ? null : ReasonText(reason.Value),
            SampleRate = media.SampleRate,
            PauseBehavior = pauseBehavior.ToString().ToLowerInvariant(),
            Participants = participants,
            Streams = streams,
            Pauses = Pauses(session.Pause.History, media.GetPauseTransitions(), media.SampleRate),
            DtmfEvents = dtmf,
            Errors = call.Errors.Count > 0 ? [.. call.Errors] : null,
        };
    }

    private static int ChannelOfLabel(SrsCall call, string label) =>
        call.MLines.FirstOrDefault(m => m.IsRecorded && string.Equals(m.Answered.Label, label, StringComparison.Ordinal)) is { } mline
            ? mline.Channel + 1
            : 0;

    /// <summary>
    /// Each pause interval with where the writer applied it in the file: the nearest "paused" transition the media
    /// writer recorded from shortly before the interval's start (the writer cuts where the first withheld packet starts,
    /// which may lie up to 60 ms before the gate closed).
    /// </summary>
    private static List<SidecarPause> Pauses(IReadOnlyList<PauseInterval> history, IReadOnlyList<Siprec.Media.Timeline.PauseTransition> transitions, int sampleRate)
    {
        var result = new List<SidecarPause>(history.Count);
        foreach (var interval in history)
        {
            double? offset = null;
            double? duration = null;
            if (interval.RecordingPaused)
            {
                var start = transitions.Where(t => t.Paused && t.WallClock >= interval.Start.AddMilliseconds(-100))
                    .OrderBy(t => t.WallClock).FirstOrDefault();
                if (start is not null)
                {
                    offset = (double)start.FileSampleOffset / sampleRate;
                    var end = transitions.FirstOrDefault(t => !t.Paused && t.WallClock > start.WallClock);
                    duration = start.Behavior == PausedAudioBehavior.Skip ? 0
                        : end is null ? null : (double)(end.FileSampleOffset - start.FileSampleOffset) / sampleRate;
                }
            }

            result.Add(new SidecarPause
            {
                Source = interval.Source.ToString().ToLowerInvariant(),
                Recording = interval.RecordingPaused,
                Transcription = interval.TranscriptionPaused,
                Behavior = interval.RecordingPaused ? interval.Behavior.ToString().ToLowerInvariant() : null,
                Reason = interval.Reason,
                KeyId = interval.KeyId,
                StartedAt = interval.Start,
                EndedAt = interval.End,
                MediaOffsetSeconds = offset,
                MediaDurationSeconds = duration,
            });
        }

        return result;
    }

    private static string ReasonText(SrsCallEndReason reason) => reason switch
    {
        SrsCallEndReason.Bye => "bye",
        SrsCallEndReason.RtpTimeout => "rtp_timeout",
        SrsCallEndReason.Shutdown => "shutdown",
        _ => "dialog_failed",
    };
}
