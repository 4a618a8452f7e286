using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using Siprec.Media.Wav;

namespace Siprec.Media.AtRest;

/// <summary>
/// Decrypts an encrypted recording file. A file cut inside a chunk (crash, full disk) yields every complete chunk
/// before the cut; PCM content comes out as a WAV whose header sizes follow from the data recovered, so no header was
/// ever patched in place. A chunk that fails authentication throws <see cref="CryptographicException"/>.
/// </summary>
public static class EncryptedFileReader
{
    /// <summary>Writes the plaintext of <paramref name="path"/> to <paramref name="output"/> (a WAV for PCM content).</summary>
    public static DecryptedFile Decrypt(string path, IRecordingKeyProvider keys, Stream output)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(output);
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = RandomAccess.GetLength(file);
        var headerBytes = new byte[EncryptedFileHeader.Length];
        if (RandomAccess.Read(file, headerBytes, 0) != headerBytes.Length)
            throw new InvalidDataException($"{path} is shorter than an encrypted file header");
        var header = EncryptedFileHeader.Parse(headerBytes);
        var (chunks, dataBytes) = CompleteChunks(file, length);
        if (header.Kind == EncryptedContentKind.Pcm16Wav)
        {
            Span<byte> wav = stackalloc byte[WavHeader.Length];
            WavHeader.Format(wav, header.Channels, header.SampleRate, dataBytes);
            output.Write(wav);
        }

        Span<byte> dataKey = stackalloc byte[32];
        header.UnwrapInto(keys, dataKey);
        using var gcm = new AesGcm(dataKey, EncryptedChunk.TagLength);
        CryptographicOperations.ZeroMemory(dataKey);
        var complete = false;
        var buffer = ArrayPool<byte>.Shared.Rent(EncryptedChunk.MaxPlaintext * 2 + EncryptedChunk.TagLength);
        try
        {
            long position = EncryptedFileHeader.Length;
            Span<byte> nonce = stackalloc byte[12];
            for (uint counter = 0; counter < chunks.Count; counter++)
            {
                if (complete)
                    throw new InvalidDataException($"{path} has data after its final chunk");
                var plainLength = chunks[(int)counter];
                var sealedLength = plainLength + EncryptedChunk.TagLength;
                var cipher = buffer.AsSpan(0, sealedLength);
                RandomAccess.Read(file, cipher, position + EncryptedChunk.PrefixLength);
                var plain = buffer.AsSpan(sealedLength, plainLength);
                complete = Open(gcm, header, counter, cipher, plain, nonce);
                output.Write(plain);
                position += EncryptedChunk.PrefixLength + sealedLength;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }

        return new DecryptedFile(header.Kind, dataBytes, complete);
    }

    // The flag is part of the nonce, not stored: a chunk opens either as a middle chunk or as the final one.
    private static bool Open(AesGcm gcm, EncryptedFileHeader header, uint counter, ReadOnlySpan<byte> cipher, Span<byte> plain, Span<byte> nonce)
    {
        var text = cipher[..^EncryptedChunk.TagLength];
        var tag = cipher[^EncryptedChunk.TagLength..];
        EncryptedChunk.Nonce(header.NoncePrefix, counter, final: false, nonce);
        try
        {
            gcm.Decrypt(nonce, text, tag, plain, header.Fixed);
            return false;
        }
        catch (AuthenticationTagMismatchException)
        {
            EncryptedChunk.Nonce(header.NoncePrefix, counter, final: true, nonce);
            gcm.Decrypt(nonce, text, tag, plain, header.Fixed);
            return true;
        }
    }

    /// <summary>Plaintext lengths of the chunks wholly present, and their sum; a trailing partial chunk is left out.</summary>
    private static (List<int> Chunks, long DataBytes) CompleteChunks(Microsoft.Win32.SafeHandles.SafeFileHandle file, long length)
    {
        var chunks = new List<int>();
        long dataBytes = 0;
        long position = EncryptedFileHeader.Length;
        Span<byte> prefix = stackalloc byte[EncryptedChunk.PrefixLength];
        while (position + EncryptedChunk.PrefixLength <= length)
        {
            RandomAccess.Read(file, prefix, position);
            var plainLength = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
            if (plainLength > EncryptedChunk.MaxPlaintext)
                throw new InvalidDataException($"chunk at {position} claims {plainLength} bytes, more than a chunk holds");
            var next = position + EncryptedChunk.PrefixLength + plainLength + EncryptedChunk.TagLength;
            if (next > length)
                break;
            chunks.Add((int)plainLength);
            dataBytes += plainLength;
            position = next;
        }

        return (chunks, dataBytes);
    }
}
