using System.Buffers;

namespace Siprec.Media.AtRest;

/// <summary>
/// A write-only stream over an <see cref="EncryptedFileWriter"/>: bytes are gathered in a pooled buffer and each
/// <see cref="Flush"/> seals them as one chunk, so a line-at-a-time writer (a JSONL transcript) loses at most the
/// unflushed line to a crash. Disposing seals the final chunk. Not thread-safe.
/// </summary>
public sealed class EncryptedChunkStream : Stream
{
    private readonly EncryptedFileWriter _writer;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(4096);
    private int _buffered;
    private bool _disposed;

    private EncryptedChunkStream(EncryptedFileWriter writer) => _writer = writer;

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => !_disposed;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Creates (or truncates) <paramref name="path"/>, owner-only, as an encrypted file of <see cref="EncryptedContentKind.Bytes"/>.</summary>
    public static EncryptedChunkStream Create(string path, IRecordingKeyProvider keys) =>
        new(EncryptedFileWriter.Create(path, EncryptedContentKind.Bytes, 0, 0, keys));

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_buffered + buffer.Length > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _buffered + buffer.Length));
            _buffer.AsSpan(0, _buffered).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer, clearArray: true);
            _buffer = larger;
        }

        buffer.CopyTo(_buffer.AsSpan(_buffered));
        _buffered += buffer.Length;
        if (_buffered >= EncryptedChunk.MaxPlaintext)
            Flush();
    }

    /// <inheritdoc />
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    /// <summary>Seals what was written since the last flush as one chunk.</summary>
    public override void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _writer.WriteChunk(_buffer.AsSpan(0, _buffered));
        _buffered = 0;
    }

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        Flush();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            try
            {
                _writer.Complete(_buffer.AsSpan(0, _buffered));
            }
            finally
            {
                _writer.Dispose();
                ArrayPool<byte>.Shared.Return(_buffer, clearArray: true);
                _buffer = [];
            }
        }

        base.Dispose(disposing);
    }
}
