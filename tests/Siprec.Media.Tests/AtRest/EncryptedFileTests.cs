using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Siprec.Media.AtRest;

namespace Siprec.Media.Tests.AtRest;

public sealed class EncryptedFileTests : IDisposable
{
    private static readonly byte[] KeyA = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] KeyB = Enumerable.Range(101, 32).Select(i => (byte)i).ToArray();
    private readonly string _dir = Directory.CreateTempSubdirectory("siprec-atrest-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void PcmDecryptsToAWavWhoseSizesFollowTheData()
    {
        var path = Path.Combine(_dir, "call.wav");
        var first = Samples(4000, seed: 1);
        var second = Samples(1000, seed: 2);
        using (var writer = EncryptedFileWriter.Create(path, EncryptedContentKind.Pcm16Wav, 2, 8000, new MasterKeyring(KeyA)))
        {
            writer.WriteChunk(first);
            writer.Complete(second);
        }

        var (result, wav) = Decrypt(path, new MasterKeyring(KeyA));

        Assert.False(File.ReadAllBytes(path).AsSpan().StartsWith("RIFF"u8));
        Assert.Equal(new DecryptedFile(EncryptedContentKind.Pcm16Wav, 5000, Complete: true), result);
        Assert.Equal("RIFF", Encoding.ASCII.GetString(wav, 0, 4));
        Assert.Equal(36 + 5000u, BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(4)));
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(wav.AsSpan(22)));
        Assert.Equal(8000u, BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(24)));
        Assert.Equal(5000u, BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(40)));
        Assert.Equal([.. first, .. second], wav[44..]);
    }

    [Fact]
    public void JsonIsUnreadableOnDiskAndComesBackExactly()
    {
        var path = Path.Combine(_dir, "call.json");
        var json = Encoding.UTF8.GetBytes("""{"call_id": "call-1", "participants": [{"aor": "sip:alice@example.com"}]}""");
        using (var writer = EncryptedFileWriter.Create(path, EncryptedContentKind.Bytes, 0, 0, new MasterKeyring(KeyA)))
            writer.Complete(json);

        var (result, plain) = Decrypt(path, new MasterKeyring(KeyA));

        var stored = File.ReadAllBytes(path);
        Assert.Equal(-1, stored.AsSpan().IndexOf("call_id"u8));
        Assert.Equal(-1, stored.AsSpan().IndexOf("alice"u8));
        Assert.True(result.Complete);
        Assert.Equal(json, plain);
    }

    [Fact]
    public void AFileCutInsideAChunkDecryptsToItsLastCompleteChunk()
    {
        var path = Path.Combine(_dir, "cut.wav");
        byte[][] chunks = [Samples(1600, 1), Samples(1600, 2), Samples(1600, 3)];
        var writer = EncryptedFileWriter.Create(path, EncryptedContentKind.Pcm16Wav, 1, 8000, new MasterKeyring(KeyA));
        foreach (var chunk in chunks)
            writer.WriteChunk(chunk);
        writer.Dispose();
        var whole = new FileInfo(path).Length;
        using (var file = new FileStream(path, FileMode.Open))
            file.SetLength(whole - 700);

        var (result, wav) = Decrypt(path, new MasterKeyring(KeyA));

        Assert.Equal(new DecryptedFile(EncryptedContentKind.Pcm16Wav, 3200, Complete: false), result);
        Assert.Equal(3200u, BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(40)));
        Assert.Equal([.. chunks[0], .. chunks[1]], wav[44..]);
    }

    [Fact]
    public void RotationRewrapsTheHeaderOnlyAndOldFilesStayReadable()
    {
        var path = Path.Combine(_dir, "old.json");
        using (var writer = EncryptedFileWriter.Create(path, EncryptedContentKind.Bytes, 0, 0, new MasterKeyring(KeyA)))
            writer.Complete("{\"a\": 1}"u8);
        var before = File.ReadAllBytes(path);
        var rotated = new MasterKeyring(KeyB, [KeyA]);

        Assert.True(EncryptedFileHeader.Rewrap(path, rotated));
        Assert.False(EncryptedFileHeader.Rewrap(path, rotated));

        var after = File.ReadAllBytes(path);
        Assert.Equal(before[EncryptedFileHeader.Length..], after[EncryptedFileHeader.Length..]);
        Assert.Equal(before[..EncryptedFileHeader.FixedLength], after[..EncryptedFileHeader.FixedLength]);
        Assert.Equal(MasterKeyring.IdOf(KeyB), EncryptedFileHeader.Parse(after).KeyId);
        Assert.Equal("{\"a\": 1}"u8.ToArray(), Decrypt(path, new MasterKeyring(KeyB)).Plain);
        Assert.Throws<KeyNotFoundException>(() => Decrypt(path, new MasterKeyring(KeyA)));
    }

    [Fact]
    public void AnAlteredChunkIsRefused()
    {
        var path = Path.Combine(_dir, "tampered.json");
        using (var writer = EncryptedFileWriter.Create(path, EncryptedContentKind.Bytes, 0, 0, new MasterKeyring(KeyA)))
            writer.Complete("{\"amount\": 10}"u8);
        var bytes = File.ReadAllBytes(path);
        bytes[EncryptedFileHeader.Length + EncryptedChunk.PrefixLength + 3] ^= 1;
        File.WriteAllBytes(path, bytes);

        Assert.ThrowsAny<CryptographicException>(() => Decrypt(path, new MasterKeyring(KeyA)));
    }

    [Fact]
    public void KeyFilesAreRawOrBase64AndNothingElse()
    {
        var raw = Path.Combine(_dir, "raw.key");
        var text = Path.Combine(_dir, "text.key");
        var bad = Path.Combine(_dir, "bad.key");
        File.WriteAllBytes(raw, KeyA);
        File.WriteAllText(text, Convert.ToBase64String(KeyA) + "\n");
        File.WriteAllText(bad, "not a key");

        Assert.Equal(KeyA, MasterKeyring.ReadKeyFile(raw));
        Assert.Equal(KeyA, MasterKeyring.ReadKeyFile(text));
        Assert.Throws<FormatException>(() => MasterKeyring.ReadKeyFile(bad));
        Assert.Equal(16, MasterKeyring.IdOf(KeyA).Length);
        Assert.NotEqual(MasterKeyring.IdOf(KeyA), MasterKeyring.IdOf(KeyB));
    }

    private static (DecryptedFile Result, byte[] Plain) Decrypt(string path, IRecordingKeyProvider keys)
    {
        using var output = new MemoryStream();
        var result = EncryptedFileReader.Decrypt(path, keys, output);
        return (result, output.ToArray());
    }

    private static byte[] Samples(int length, int seed)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
            bytes[i] = (byte)((i * 13) + (seed * 71));
        return bytes;
    }
}
