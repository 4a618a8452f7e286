using Microsoft.Extensions.Logging;
using Siprec.Media.Engine;
using Siprec.Recording.Admission;
using Siprec.Recording.Control;
using Siprec.Recording.Metadata;
using Siprec.Recording.Policies;
using Siprec.Recording.Sessions;
using Siprec.Recording.Signalling;
using Siprec.Recording.Storage;
using Siprec.Recording.Transcription;

namespace Siprec.Recording.Srs;

/// <summary>Starts recording an answered call: its files, a receiver per recorded m-line, and its transcription when enabled.</summary>
internal sealed partial class SrsRecordingStarter(
    SrsOptions options,
    MediaEngine media,
    MediaStreamFactory streams,
    SessionTranscriberFactory? transcribers,
    PauseResumeService pauses,
    TimeProvider time,
    SrsBackgroundTasks tasks,
    RecordingDiskGuard? disk,
    ILogger logger)
{
    private readonly RecordingPathAllocator _paths = new(options.RecordingDirectory);

    /// <summary>
    /// The call recording <paramref name="answer"/>: each m-line answered with a codec and a port gets a channel, the
    /// others give their port back. Throws <see cref="IOException"/>, <see cref="UnauthorizedAccessException"/> or
    /// <see cref="ArgumentException"/> when the files or receivers cannot be set up.
    /// </summary>
    public SrsCall Start(RecordingSession session, RecordingMetadataSnapshot metadata, SdpAnswerBuilder builder, SdpAnswer answer, RtpPortLeases leases)
    {
        var location = _paths.Allocate(session.Id, session.StartedAt);
        var descriptions = new List<MediaStreamDescription>();
        var mlines = new List<SrsMLine>();
        foreach (var stream in answer.Streams)
        {
            if (stream.State != SdpStreamState.Rejected && stream.Codec is not null && leases.Of(stream.Index) is { } lease)
            {
                mlines.Add(new SrsMLine(stream, descriptions.Count, lease));
                descriptions.Add(streams.Create(stream, lease));
            }
            else
            {
                mlines.Add(new SrsMLine(stream, -1, null));
                leases.Release(stream.Index);
            }
        }

        var mediaOptions = new MediaSessionOptions(location.AudioPath)
        {
            SampleRate = options.SampleRate,
            ChannelCount = Math.Max(1, descriptions.Count),
            MonoFilePaths = options.PerStreamFiles ? descriptions.Select((_, i) => location.StreamAudioPath(i)).ToList() : null,
            RecordingKeys = options.RecordingKeys,
            DetectInBandDtmf = options.DtmfPause is not null,
            WriteFailed = disk is null ? null : cause => disk.ReportWriteFailure(session.Id, cause),
        };
        var transcriber = StartTranscription(session, location, mlines.Where(m => m.IsRecorded).Select(m => m.Answered.Label).ToList());
        MediaSession recording;
        try
        {
            recording = media.StartSession(mediaOptions, descriptions, session.Pause, transcriber);
        }
        catch
        {
            if (transcriber is not null)
                tasks.Start(session.Id, "Closing the transcription", transcriber.CompleteAsync);
            throw;
        }

        session.Transcription = transcriber;
        var call = new SrsCall(session, recording, location, builder, metadata)
        {
            DtmfPolicy = options.DtmfPause is { } dtmf ? new DtmfPausePolicy(session, pauses, dtmf, time, recording.StartedAt) : null,
            LastAnswer = answer,
            StreamFiles = mediaOptions.MonoFilePaths?.Select(Path.GetFileName).OfType<string>().ToList() ?? [],
        };
        if (call.DtmfPolicy is { } policy)
            recording.DtmfSeen += policy.Observe;
        call.MLines.AddRange(mlines);
        return call;
    }

    /// <summary>The session's transcriber with its streams mapped (labels by channel), or null when transcription is off or cannot start.</summary>
    private SessionTranscriber? StartTranscription(RecordingSession session, RecordingLocation location, IReadOnlyList<string?> labelOfChannel)
    {
        if (transcribers is null)
            return null;
        try
        {
            var transcriber = transcribers.Create(session, location);
            for (var channel = 0; channel < labelOfChannel.Count; channel++)
                transcriber.MapStream(channel, labelOfChannel[channel]);
            return transcriber;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.TranscriptionNotStarted(logger, session.Id, ex.Message);
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Transcription of {SessionId} not started; recording goes on: {Reason}")]
        public static partial void TranscriptionNotStarted(ILogger logger, string sessionId, string reason);
    }
}
