using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Siprec.Media.Wav;

/// <summary>
/// Writes a PCM16 WAV file that stays valid at every moment: the header is written first with empty sizes, data is
/// appended and never rewritten, and <see cref="Checkpoint"/> pushes buffered data to the OS before patching the
/// header sizes to cover it. A crash loses at most what was written since the last checkpoint. Not thread-safe.
/// </summary>
public sealed class WavFileWriter : IDisposable
{
    private const int HeaderLength = 44;
    private const long MaxDataBytes = uint.MaxValue - HeaderLength;

    private readonly SafeFileHandle _handle;
    private readonly byte[] _buffer;
    private int _buffered;
    private long _dataBytes;
    private long _headerDataBytes;
    private bool _completed;

    private WavFileWriter(SafeFileHandle handle, int channels, int sampleRate, int bufferBytes)
    {
        _handle = handle;
        Channels = channels;
        SampleRate = sampleRate;
        _buffer = new byte[bufferBytes];
    }

    /// <summary>Channel count.</summary>
    public int Channels { get; }

    /// <summary>Sample rate.</summary>
    public int SampleRate { get; }

    /// <summary>Frames appended so far (buffered or not).</summary>
    public long FramesWritten => _dataBytes / (2 * Channels);

    /// <summary>Creates (or truncates) <paramref name="path"/> and writes a header describing an empty file; others may read it while it grows.</summary>
    public static WavFileWriter Create(string path, int channels, int sampleRate, int bufferBytes = 16 * 1024)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, 64);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferBytes, 4096);
        SafeFileHandle handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        var writer = new WavFileWriter(handle, channels, sampleRate, bufferBytes);
        try
        {
            Span<byte> header = stackalloc byte[HeaderLength];
            writer.FormatHeader(header, 0);
            RandomAccess.Write(handle, header, 0);
        }
        catch
        {
            handle.Dispose();
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
        if (_headerDataBytes == _dataBytes)
            return;
        Span<byte> header = stackalloc byte[HeaderLength];
        FormatHeader(header, _dataBytes);
        RandomAccess.Write(_handle, header[4..8], 4);
        RandomAccess.Write(_handle, header[40..44], 40);
        _headerDataBytes = _dataBytes;
    }

    /// <summary>Writes the final header, syncs the file to disk and closes it.</summary>
    public void Complete()
    {
        if (_completed)
            return;
        Checkpoint();
        RandomAccess.FlushToDisk(_handle);
        _completed = true;
        _handle.Dispose();
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
        long onDisk = RandomAccess.GetLength(_handle) - HeaderLength;
        long kept = Math.Clamp(onDisk, 0, _dataBytes) / frameBytes * frameBytes;
        RandomAccess.SetLength(_handle, HeaderLength + kept);
        Span<byte> header = stackalloc byte[HeaderLength];
        FormatHeader(header, kept);
        RandomAccess.Write(_handle, header[4..8], 4);
        RandomAccess.Write(_handle, header[40..44], 40);
        RandomAccess.FlushToDisk(_handle);
        _headerDataBytes = _dataBytes = kept;
        _buffered = 0;
        _completed = true;
        _handle.Dispose();
        return kept / frameBytes;
    }

    /// <summary>Closes the file without a final sync; the header covers the last checkpoint.</summary>
    public void Dispose()
    {
        _completed = true;
        _handle.Dispose();
    }

    private void FlushBuffer()
    {
        if (_buffered == 0)
            return;
        RandomAccess.Write(_handle, _buffer.AsSpan(0, _buffered), HeaderLength + _dataBytes - _buffered);
        _buffered = 0;
    }

    private void FormatHeader(Span<byte> header, long dataBytes)
    {
        int blockAlign = Channels * 2;
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)(36 + dataBytes));
        "WAVE"u8.CopyTo(header[8..]);
        "fmt "u8.CopyTo(header[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], (ushort)Channels);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], (uint)(SampleRate * blockAlign));
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], 16);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], (uint)dataBytes);
    }
}
