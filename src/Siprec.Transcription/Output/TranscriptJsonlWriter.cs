using System.Text.Json;

namespace Siprec.Transcription.Output;

/// <summary>
/// Writes final results to <c>&lt;recording-name&gt;.transcript.jsonl</c>: one JSON object per line with snake_case fields,
/// flushed after every line. Interim results are ignored. Thread-safe.
/// </summary>
public sealed class TranscriptJsonlWriter : ITranscriptSink, IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly Utf8JsonWriter _json;
    private bool _disposed;

    /// <summary>Creates or appends to the file at <paramref name="path"/>.</summary>
    public TranscriptJsonlWriter(string path)
        : this(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, useAsync: true))
    {
    }

    /// <summary>Writes to <paramref name="stream"/>, which the writer then owns.</summary>
    public TranscriptJsonlWriter(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _json = new Utf8JsonWriter(stream, new JsonWriterOptions { SkipValidation = false });
    }

    /// <summary>The file name for a recording, e.g. <c>call-1.transcript.jsonl</c> for <c>call-1</c>.</summary>
    public static string FileNameFor(string recordingName) => recordingName + ".transcript.jsonl";

    /// <inheritdoc />
    public async ValueTask WriteAsync(TranscriptResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.IsFinal)
        {
            return;
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _json.Reset();
            TranscriptJson.Write(_json, result);
            await _json.FlushAsync(cancellationToken).ConfigureAwait(false);
            _stream.WriteByte((byte)'\n');
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await _json.DisposeAsync().ConfigureAwait(false);
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }
}
