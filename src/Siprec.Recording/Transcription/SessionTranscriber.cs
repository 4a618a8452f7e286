using Microsoft.Extensions.Logging;
using Siprec.Media.Pipeline;
using Siprec.Recording.Sessions;
using Siprec.Transcription;
using Siprec.Transcription.Feed;
using Siprec.Transcription.Output;

namespace Siprec.Recording.Transcription;

/// <summary>
/// Transcribes one recording session: one <see cref="TranscriptionFeed"/> per recorded stream (speaker = the participant
/// sending that stream's label, kept current by <see cref="UpdateSpeakers"/>; channel = stream index), results to the
/// session's transcript file and the shared sinks.
/// <see cref="OnAudio"/> runs on the RTP hot path. Every feed obeys the session's <see cref="PauseState"/> itself and is woken by
/// its changes, so a transcription pause reaches every provider stream at once. A provider failure stays inside the feeds and
/// never reaches the recording.
/// </summary>
public sealed partial class SessionTranscriber : IStreamAudioSink, IAsyncDisposable
{
    private readonly RecordingSession _session;
    private readonly ISpeechRecognizer _recognizer;
    private readonly TranscriptJsonlWriter _file;
    private readonly IReadOnlyList<ITranscriptSink> _sinks;
    private readonly TranscriptionMetrics _metrics;
    private readonly string? _language;
    private readonly TranscriptionFeedOptions _feedOptions;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private StreamFeed?[] _feeds = [];
    private bool _completing;
    private int _completed;

    internal SessionTranscriber(
        RecordingSession session,
        ISpeechRecognizer recognizer,
        TranscriptJsonlWriter file,
        string transcriptFile,
        IReadOnlyList<ITranscriptSink> sharedSinks,
        TranscriptionMetrics metrics,
        string? language,
        TranscriptionFeedOptions feedOptions,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        _session = session;
        _recognizer = recognizer;
        _file = file;
        TranscriptFile = transcriptFile;
        _sinks = [file, .. sharedSinks];
        _metrics = metrics;
        _language = language;
        _feedOptions = feedOptions;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<SessionTranscriber>();
    }

    /// <summary>The transcript's file name, next to the recording.</summary>
    public string TranscriptFile { get; }

    /// <summary>The provider's name.</summary>
    public string Provider => _recognizer.Name;

    /// <summary>A snapshot of every stream's transcription.</summary>
    public SessionTranscriptionStatus Status
    {
        get
        {
            var feeds = Volatile.Read(ref _feeds);
            var streams = feeds.OfType<StreamFeed>()
                .Select(f => new StreamTranscriptionStatus(f.Channel, f.Label, f.SpeakerAor, f.SpeakerName, f.Feed.Status))
                .ToList();
            return new SessionTranscriptionStatus(_recognizer.Name, _session.Pause.Snapshot.TranscriptionPaused, TranscriptFile, streams);
        }
    }

    /// <summary>
    /// Starts transcribing the stream recorded on <paramref name="channel"/> with SDP label <paramref name="label"/>; the speaker is
    /// the participant sending that label. Audio of a channel arrives only once it is mapped; mapping a channel again does nothing.
    /// </summary>
    public void MapStream(int channel, string? label)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        lock (_lock)
        {
            if (_completing || (channel < _feeds.Length && _feeds[channel] is not null))
            {
                return;
            }

            var speaker = SpeakerOf(label);
            var options = new SpeechStreamOptions(_session.Id, channel, speaker?.Aor, speaker?.Name, _language, _recognizer.PreferredSampleRate, TimeSpan.Zero);
            var feed = new TranscriptionFeed(
                _recognizer, options, _sinks, _metrics, _feedOptions, _time, _loggers.CreateLogger<TranscriptionFeed>(), _session.Pause);

            var feeds = new StreamFeed?[Math.Max(_feeds.Length, channel + 1)];
            _feeds.CopyTo(feeds, 0);
            feeds[channel] = new StreamFeed(channel, label, speaker?.Aor, speaker?.Name, feed);
            Volatile.Write(ref _feeds, feeds);
            feed.Start();
        }
    }

    /// <summary>
    /// Re-reads who sends each mapped stream from the session's participants, after a metadata update renamed, added or
    /// re-associated them; results from then on, and the status, name the new speaker.
    /// </summary>
    public void UpdateSpeakers()
    {
        lock (_lock)
        {
            var feeds = (StreamFeed?[])_feeds.Clone();
            var changed = false;
            for (var channel = 0; channel < feeds.Length; channel++)
            {
                if (feeds[channel] is not { } stream)
                {
                    continue;
                }

                var speaker = SpeakerOf(stream.Label);
                if (string.Equals(speaker?.Aor, stream.SpeakerAor, StringComparison.Ordinal) && string.Equals(speaker?.Name, stream.SpeakerName, StringComparison.Ordinal))
                {
                    continue;
                }

                stream.Feed.SetSpeaker(speaker?.Aor, speaker?.Name);
                feeds[channel] = stream with { SpeakerAor = speaker?.Aor, SpeakerName = speaker?.Name };
                changed = true;
                Log.SpeakerChanged(_logger, _session.Id, channel, speaker?.Aor ?? "", speaker?.Name ?? "");
            }

            if (changed)
            {
                Volatile.Write(ref _feeds, feeds);
            }
        }
    }

    /// <inheritdoc />
    public void OnAudio(int streamIndex, ReadOnlySpan<short> pcm, int sampleRate, long sessionSamplePosition)
    {
        var feeds = Volatile.Read(ref _feeds);
        if ((uint)streamIndex < (uint)feeds.Length && feeds[streamIndex] is { } stream)
        {
            stream.Feed.Write(pcm, sampleRate, sessionSamplePosition);
        }
    }

    /// <summary>
    /// Ends every feed, waiting (bounded by the feed's completion timeout) for the last results of those whose provider is up;
    /// feeds that are reconnecting are stopped at once. Then closes the transcript file. Never throws.
    /// </summary>
    public async Task CompleteAsync()
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return;
        }

        StreamFeed?[] feeds;
        lock (_lock)
        {
            _completing = true;
            feeds = _feeds;
        }

        var live = feeds.OfType<StreamFeed>().ToList();
        // A feed whose provider is down has nowhere to flush to; waiting for it would only hold up the end of the call.
        await Task.WhenAll(live
            .Where(f => f.Feed.Status.State is not (TranscriptionFeedState.Reconnecting or TranscriptionFeedState.CircuitOpen))
            .Select(f => f.Feed.CompleteAsync())).ConfigureAwait(false);
        foreach (var stream in live)
        {
            await stream.Feed.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            await _file.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            Log.TranscriptNotClosed(_logger, _session.Id, ex.Message);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => new(CompleteAsync());

    private Participant? SpeakerOf(string? label) =>
        label is null ? null : _session.Participants.FirstOrDefault(p => p.StreamLabels.Contains(label, StringComparer.Ordinal));

    private sealed record StreamFeed(int Channel, string? Label, string? SpeakerAor, string? SpeakerName, TranscriptionFeed Feed);

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Stream {Channel} of {SessionId} now speaks for {SpeakerAor} ({SpeakerName})")]
        public static partial void SpeakerChanged(ILogger logger, string sessionId, int channel, string speakerAor, string speakerName);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Transcript of {SessionId} not closed cleanly: {Error}")]
        public static partial void TranscriptNotClosed(ILogger logger, string sessionId, string error);
    }
}
