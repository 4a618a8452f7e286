using System.Security.Cryptography;

namespace Siprec.Media.Srtp;

/// <summary>
/// AES in counter mode as SRTP uses it (RFC 3711 §4.1.1): keystream block i is AES(key, IV + i), with the block counter
/// in the IV's last 16 bits. Counter blocks are encrypted with AES-ECB into reused buffers, so applying the keystream does
/// not allocate once they have grown.
/// Not thread-safe: one instance per direction of a stream.
/// </summary>
public sealed class AesCounterMode : IDisposable
{
    /// <summary>The AES block and IV size in bytes.</summary>
    public const int BlockSize = 16;

    private readonly Aes _aes;

    // A reusable ECB transform: the one-shot EncryptEcb creates a cipher object per call.
    private readonly ICryptoTransform _encryptor;
    private byte[] _counters = new byte[BlockSize * 64];
    private byte[] _keystream = new byte[BlockSize * 64];

    /// <summary>Creates the cipher for a 128-bit <paramref name="key"/>.</summary>
    public AesCounterMode(ReadOnlySpan<byte> key)
    {
        if (key.Length != 16)
        {
            throw new ArgumentException($"An AES-128 key is 16 bytes, not {key.Length}.", nameof(key));
        }

        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _encryptor = _aes.CreateEncryptor();
    }

    /// <summary>Writes the keystream for <paramref name="iv"/> (16 bytes) into <paramref name="output"/>.</summary>
    public void GenerateKeystream(ReadOnlySpan<byte> iv, Span<byte> output)
    {
        output.Clear();
        Apply(iv, output);
    }

    /// <summary>XORs the keystream for <paramref name="iv"/> (16 bytes) into <paramref name="data"/>, encrypting or decrypting it in place.</summary>
    public void Apply(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        if (iv.Length != BlockSize)
        {
            throw new ArgumentException($"The counter-mode IV is {BlockSize} bytes, not {iv.Length}.", nameof(iv));
        }

        if (data.IsEmpty)
        {
            return;
        }

        var blocks = (data.Length + BlockSize - 1) / BlockSize;
        if (blocks > 65536)
        {
            throw new ArgumentException($"Counter mode with a 16-bit block counter covers at most 1 MiB; {data.Length} bytes is more.", nameof(data));
        }

        var bytes = blocks * BlockSize;
        if (_counters.Length < bytes)
        {
            _counters = new byte[bytes];
            _keystream = new byte[bytes];
        }

        var counters = _counters.AsSpan(0, bytes);
        var high = (iv[14] << 8) | iv[15];
        for (var block = 0; block < blocks; block++)
        {
            var counter = counters.Slice(block * BlockSize, BlockSize);
            iv[..14].CopyTo(counter);
            var value = (high + block) & 0xFFFF;
            counter[14] = (byte)(value >> 8);
            counter[15] = (byte)value;
        }

        _encryptor.TransformBlock(_counters, 0, bytes, _keystream, 0);
        var keystream = _keystream.AsSpan(0, bytes);
        for (var i = 0; i < data.Length; i++)
        {
            data[i] ^= keystream[i];
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _encryptor.Dispose();
        _aes.Dispose();
    }
}
