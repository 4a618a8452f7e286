using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Siprec.Media.AtRest;
using Siprec.Recording.Sessions;
using Siprec.Recording.Storage;
using Siprec.Transcription;
using Siprec.Transcription.Feed;
using Siprec.Transcription.Output;

namespace Siprec.Recording.Transcription;

/// <summary>Creates a <see cref="SessionTranscriber"/> per recorded call, sharing one recognizer, the metrics and the server-wide sinks.</summary>
public sealed class SessionTranscriberFactory
{
    private readonly ISpeechRecognizer _recognizer;
    private readonly IReadOnlyList<ITranscriptSink> _sharedSinks;
    private readonly TranscriptionMetrics _metrics;
    private readonly string? _language;
    private readonly TranscriptionFeedOptions _feedOptions;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly IRecordingKeyProvider? _keys;

    /// <summary>
    /// Creates the factory; <paramref name="sharedSinks"/> (live feed, webhook) get every session's results besides its
    /// transcript file, which <paramref name="keys"/>, when given, encrypt at rest.
    /// </summary>
    public SessionTranscriberFactory(
        ISpeechRecognizer recognizer,
        IReadOnlyList<ITranscriptSink> sharedSinks,
        TranscriptionMetrics metrics,
        string? language,
        TimeProvider time,
        ILoggerFactory? loggers = null,
        TranscriptionFeedOptions? feedOptions = null,
        IRecordingKeyProvider? keys = null)
    {
        _keys = keys;
        ArgumentNullException.ThrowIfNull(recognizer);
        ArgumentNullException.ThrowIfNull(sharedSinks);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(time);
        _recognizer = recognizer;
        _sharedSinks = sharedSinks;
        _metrics = metrics;
        _language = language;
        _time = time;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _feedOptions = feedOptions ?? TranscriptionFeedOptions.Default;
    }

    /// <summary>The provider's name.</summary>
    public string Provider => _recognizer.Name;

    /// <summary>Creates the transcriber of <paramref name="session"/>, writing its transcript at <paramref name="location"/>; throws <see cref="IOException"/> when the file cannot be created.</summary>
    public SessionTranscriber Create(RecordingSession session, RecordingLocation location)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(location);
        var file = new TranscriptJsonlWriter(_keys is null
            ? OwnerOnlyFiles.Open(location.TranscriptPath, FileMode.Append, FileAccess.Write, FileShare.Read, useAsync: true)
            : EncryptedChunkStream.Create(location.TranscriptPath, _keys));
        return new SessionTranscriber(
            session,
            _recognizer,
            file,
            Path.GetFileName(location.TranscriptPath),
            _sharedSinks,
            _metrics,
            _language,
            _feedOptions,
            _time,
            _loggers);
    }
}
