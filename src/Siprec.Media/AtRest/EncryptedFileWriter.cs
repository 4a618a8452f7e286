using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Siprec.Media.AtRest;

/// <summary>
/// Appends AES-256-GCM chunks to an encrypted recording file under a fresh random data key. Each
/// <see cref="WriteChunk"/> is complete and decryptable on its own once written, so a crash loses only what was not
/// yet handed over; <see cref="Complete"/> seals the final chunk. Not thread-safe.
/// </summary>
public sealed class EncryptedFileWriter : IDisposable
{
    private readonly FileStream _file;
    private readonly SafeFileHandle _handle;
    private readonly EncryptedFileHeader _header;
    private readonly AesGcm _gcm;
    private byte[] _frame = [];
    private long _position = EncryptedFileHeader.Length;
    private uint _counter;
    private bool _closed;

    private EncryptedFileWriter(FileStream file, EncryptedFileHeader header, byte[] dataKey)
    {
        _file = file;
        _handle = file.SafeFileHandle;
        _header = header;
        _gcm = new AesGcm(dataKey, EncryptedChunk.TagLength);
    }

    /// <summary>Plaintext bytes written so far.</summary>
    public long PlaintextBytes { get; private set; }

    /// <summary>Creates (or truncates) <paramref name="path"/>, owner-only, and writes its header.</summary>
    public static EncryptedFileWriter Create(string path, EncryptedContentKind kind, int channels, int sampleRate, IRecordingKeyProvider keys)
    {
        var dataKey = RandomNumberGenerator.GetBytes(32);
        try
        {
            var header = EncryptedFileHeader.Create(kind, channels, sampleRate, dataKey, keys);
            var file = OwnerOnlyFiles.Open(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
            try
            {
                RandomAccess.Write(file.SafeFileHandle, header.Bytes, 0);
                return new EncryptedFileWriter(file, header, dataKey);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>Encrypts <paramref name="plaintext"/> as one more chunk; nothing is written for an empty span.</summary>
    public void WriteChunk(ReadOnlySpan<byte> plaintext)
    {
        if (!plaintext.IsEmpty)
            Seal(plaintext, final: false);
    }

    /// <summary>Seals <paramref name="last"/> as the final chunk, syncs the file to disk and closes it.</summary>
    public void Complete(ReadOnlySpan<byte> last = default)
    {
        Seal(last, final: true);
        RandomAccess.FlushToDisk(_handle);
        Dispose();
    }

    /// <summary>Closes the file; without <see cref="Complete"/> it decrypts as cut after its last chunk.</summary>
    public void Dispose()
    {
        if (_closed)
            return;
        _closed = true;
        _gcm.Dispose();
        _file.Dispose();
        if (_frame.Length > 0)
            ArrayPool<byte>.Shared.Return(_frame, clearArray: true);
        _frame = [];
    }

    private void Seal(ReadOnlySpan<byte> plaintext, bool final)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        for (var offset = 0; offset < plaintext.Length || (final && offset == plaintext.Length); )
        {
            var take = Math.Min(EncryptedChunk.MaxPlaintext, plaintext.Length - offset);
            var isFinal = final && offset + take == plaintext.Length;
            SealOne(plaintext.Slice(offset, take), isFinal);
            offset += take;
            if (isFinal)
                return;
        }
    }

    private void SealOne(ReadOnlySpan<byte> plaintext, bool final)
    {
        var frameLength = EncryptedChunk.PrefixLength + plaintext.Length + EncryptedChunk.TagLength;
        if (_frame.Length < frameLength)
        {
            if (_frame.Length > 0)
                ArrayPool<byte>.Shared.Return(_frame, clearArray: true);
            _frame = ArrayPool<byte>.Shared.Rent(frameLength);
        }

        var frame = _frame.AsSpan(0, frameLength);
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)plaintext.Length);
        Span<byte> nonce = stackalloc byte[12];
        EncryptedChunk.Nonce(_header.NoncePrefix, _counter, final, nonce);
        _gcm.Encrypt(nonce, plaintext, frame.Slice(EncryptedChunk.PrefixLength, plaintext.Length), frame[(EncryptedChunk.PrefixLength + plaintext.Length)..], _header.Fixed);
        RandomAccess.Write(_handle, frame, _position);
        _position += frameLength;
        PlaintextBytes += plaintext.Length;
        _counter = checked(_counter + 1);
    }
}
