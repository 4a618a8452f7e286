using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Siprec.Media.AtRest;

namespace Siprec.Media.Wav;

/// <summary>
/// Writes a PCM16 WAV file that stays valid at every moment: the header is written first with empty sizes, data is
/// appended and never rewritten, and <see cref="Checkpoint"/> pushes buffered data to the OS before patching the
/// header sizes to cover it. A crash loses at most what was written since the last checkpoint. Without a buffer, each
/// <see cref="Write"/> goes straight to the file (the caller batches). With a key provider
/// the file is written in the encrypted format instead: each flushed buffer is sealed as one chunk, so a cut file
/// decrypts to its last complete chunk and there is no header to patch. Not thread-safe.
/// </summary>
public sealed class WavFileWriter : IDisposable
{
    private const int HeaderLength = 44;
    private const long MaxDataBytes = uint.MaxValue - HeaderLength;

    private readonly FileStream? _file;
    private readonly SafeFileHandle? _handle;
    private readonly EncryptedFileWriter? _encrypted;
    private readonly byte[] _buffer;
    private int _buffered;
    private long _dataBytes;
    private long _headerDataBytes;
    private bool _completed;

    private WavFileWriter(FileStream? file, EncryptedFileWriter? encrypted, int channels, int sampleRate, int bufferBytes)
    {
        _file = file;
        _handle = file?.SafeFileHandle;
        _encrypted = encrypted;
        Channels = channels;
        SampleRate = sampleRate;
        _buffer = bufferBytes == 0 ? [] : new byte[bufferBytes];
    }

    /// <summary>Channel count.</summary>
    public int Channels { get; }

    /// <summary>Sample rate.</summary>
    public int SampleRate { get; }

    /// <summary>Frames appended so far (buffered or not).</summary>
    public long FramesWritten => _dataBytes / (2 * Channels);

    /// <summary>
    /// Creates (or truncates) <paramref name="path"/>, owner-only, and writes a header describing an empty file; the
    /// server may read it while it grows. With <paramref name="keys"/>, the file is encrypted under a fresh data key.
    /// A <paramref name="bufferBytes"/> of 0 writes each <see cref="Write"/> straight to the file; an encrypted file
    /// needs a buffer (its chunk size).
    /// </summary>
    public static WavFileWriter Create(string path, int channels, int sampleRate, int bufferBytes = 16 * 1024, IRecordingKeyProvider? keys = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, 64);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        if (bufferBytes != 0 || keys is not null)
            ArgumentOutOfRangeException.ThrowIfLessThan(bufferBytes, 4096);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bufferBytes, EncryptedChunk.MaxPlaintext);
        if (keys is not null)
            return new WavFileWriter(null, EncryptedFileWriter.Create(path, EncryptedContentKind.Pcm16Wav, channels, sampleRate, keys), channels, sampleRate, bufferBytes);
        FileStream file = OwnerOnlyFiles.Open(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
        var writer = new WavFileWriter(file, null, channels, sampleRate, bufferBytes);
        try
        {
            Span<byte> header = stackalloc byte[HeaderLength];
            writer.FormatHeader(header, 0);
            RandomAccess.Write(file.SafeFileHandle, header, 0);
        }
        catch
        {
            file.Dispose();
            throw;
        }

        return writer;
    }

    /// <summary>Appends interleaved frames; a partial frame is rejected.</summary>
    public void Write(ReadOnlySpan<short> interleaved)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (interleaved.Length % Channels != 0)
            throw new ArgumentException($"{interleaved.Length} samples is not a whole number of {Channels}-channel frames.", nameof(interleaved));
        if (_dataBytes + (interleaved.Length * 2L) > MaxDataBytes)
            throw new InvalidOperationException("The WAV file would exceed the 4 GiB RIFF limit.");
        if (_buffer.Length == 0)
        {
            WriteThrough(interleaved);
            return;
        }

        while (!interleaved.IsEmpty)
        {
            int room = (_buffer.Length - _buffered) / 2;
            if (room == 0)
            {
                FlushBuffer();
                continue;
            }

            int take = Math.Min(room, interleaved.Length);
            Span<byte> target = _buffer.AsSpan(_buffered, take * 2);
            if (BitConverter.IsLittleEndian)
            {
                MemoryMarshal.AsBytes(interleaved[..take]).CopyTo(target);
            }
            else
            {
                for (int i = 0; i < take; i++)
                    BinaryPrimitives.WriteInt16LittleEndian(target[(i * 2)..], interleaved[i]);
            }

            _buffered += take * 2;
            _dataBytes += take * 2;
            interleaved = interleaved[take..];
        }
    }

    /// <summary>Hands buffered data to the OS, then updates the header sizes to cover it.</summary>
    public void Checkpoint()
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        FlushBuffer();
        if (_encrypted is not null || _headerDataBytes == _dataBytes)
            return;
        Span<byte> header = stackalloc byte[HeaderLength];
        FormatHeader(header, _dataBytes);
        // One write from the RIFF size to the data size: the format fields between are rewritten with the same bytes.
        RandomAccess.Write(_handle!, header[4..], 4);
        _headerDataBytes = _dataBytes;
    }

    /// <summary>Writes the final header, syncs the file to disk and closes it.</summary>
    public void Complete()
    {
        if (_completed)
            return;
        if (_encrypted is not null)
        {
            _encrypted.Complete(_buffer.AsSpan(0, _buffered));
            _buffered = 0;
            _completed = true;
            return;
        }

        Checkpoint();
        RandomAccess.FlushToDisk(_handle!);
        _completed = true;
        _file!.Dispose();
    }

    /// <summary>
    /// After a failed write (a full disk, say): sizes the header to the whole frames that reached the file, cuts off a
    /// partial tail, and closes it. Needs no new space, so it works on a full volume. Yields the frames kept.
    /// </summary>
    public long Salvage()
    {
        if (_completed)
            return _headerDataBytes / (2 * Channels);
        int frameBytes = 2 * Channels;
        if (_encrypted is not null)
        {
            // Sealed chunks stand on their own (the reader stops at the last whole one), so nothing is patched; what was
            // still buffered is given up.
            var sealedFrames = (_dataBytes - _buffered) / frameBytes;
            _buffered = 0;
            _completed = true;
            _encrypted.Dispose();
            return sealedFrames;
        }

        var handle = _handle!;
        long onDisk = RandomAccess.GetLength(handle) - HeaderLength;
        long kept = Math.Clamp(onDisk, 0, _dataBytes) / frameBytes * frameBytes;
        RandomAccess.SetLength(handle, HeaderLength + kept);
        Span<byte> header = stackalloc byte[HeaderLength];
        FormatHeader(header, kept);
        RandomAccess.Write(handle, header[4..], 4);
        RandomAccess.FlushToDisk(handle);
        _headerDataBytes = _dataBytes = kept;
        _buffered = 0;
        _completed = true;
        handle.Dispose();
        return kept / frameBytes;
    }

    /// <summary>Closes the file without a final sync; the header covers the last checkpoint.</summary>
    public void Dispose()
    {
        _completed = true;
        _file?.Dispose();
        _encrypted?.Dispose();
    }

    private void FlushBuffer()
    {
        if (_buffered == 0)
            return;
        if (_encrypted is not null)
            _encrypted.WriteChunk(_buffer.AsSpan(0, _buffered));
        else
            RandomAccess.Write(_handle!, _buffer.AsSpan(0, _buffered), HeaderLength + _dataBytes - _buffered);
        _buffered = 0;
    }

    private void WriteThrough(ReadOnlySpan<short> interleaved)
    {
        // _dataBytes moves only past bytes the OS took, so a failed write leaves a tail that Salvage cuts off.
        if (BitConverter.IsLittleEndian)
        {
            RandomAccess.Write(_handle!, MemoryMarshal.AsBytes(interleaved), HeaderLength + _dataBytes);
            _dataBytes += interleaved.Length * 2L;
            return;
        }

        Span<byte> chunk = stackalloc byte[4096];
        while (!interleaved.IsEmpty)
        {
            int take = Math.Min(chunk.Length / 2, interleaved.Length);
            for (int i = 0; i < take; i++)
                BinaryPrimitives.WriteInt16LittleEndian(chunk[(i * 2)..], interleaved[i]);
            RandomAccess.Write(_handle!, chunk[..(take * 2)], HeaderLength + _dataBytes);
            _dataBytes += take * 2;
            interleaved = interleaved[take..];
        }
    }

    private void FormatHeader(Span<byte> header, long dataBytes) => WavHeader.Format(header, Channels, SampleRate, dataBytes);
}
