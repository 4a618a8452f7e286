using Siprec.Media.AtRest;
using Siprec.Media.Wav;

namespace Siprec.Media.Tests.Wav;

public sealed class EncryptedWavFileTests : IDisposable
{
    private static readonly MasterKeyring Keys = new([.. Enumerable.Range(7, 32).Select(i => (byte)i)]);
    private readonly string _directory = Directory.CreateTempSubdirectory("siprec-encwav-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void EncryptedWriter_WithoutABuffer_IsRefused()
    {
        // Each flushed buffer is one sealed chunk, so an encrypted file has no unbuffered mode.
        Assert.Throws<ArgumentOutOfRangeException>(() => WavFileWriter.Create(Path.Combine(_directory, "e.wav"), 1, 8000, bufferBytes: 0, keys: Keys));
    }

    [Fact]
    public void RecordingWriterWithKeys_WritesEveryFileEncrypted_AndEachDecryptsToItsSamples()
    {
        string mixed = Path.Combine(_directory, "mix.wav");
        string[] mono = [Path.Combine(_directory, "m0.wav"), Path.Combine(_directory, "m1.wav")];
        short[] frames = [.. Enumerable.Range(0, 2 * 3000).Select(i => (short)((i * 41) - 9000))];
        using (var writer = new WavRecordingWriter(mixed, 2, 8000, mono, Keys))
        {
            writer.Write(frames.AsSpan(0, 2 * 1000));
            writer.Checkpoint();
            writer.Write(frames.AsSpan(2 * 1000));
            writer.Complete();
        }

        foreach (var path in (string[])[mixed, .. mono])
        {
            Assert.True(EncryptedFileHeader.IsEncrypted(path));
            Assert.False(File.ReadAllBytes(path).AsSpan().StartsWith("RIFF"u8));
        }

        Assert.Equal(frames, Decrypted(mixed).Samples);
        Assert.Equal(frames.Where((_, i) => i % 2 == 0), Decrypted(mono[0]).Samples);
        Assert.Equal(frames.Where((_, i) => i % 2 == 1), Decrypted(mono[1]).Samples);
    }

    [Fact]
    public void AbandonedEncryptedWriter_DecryptsToTheCheckpointedPrefix()
    {
        string path = Path.Combine(_directory, "crash.wav");
        var writer = WavFileWriter.Create(path, 1, 8000, keys: Keys);
        writer.Write([1, 2, 3, 4]);
        writer.Checkpoint();
        writer.Write([5, 6]);
        writer.Dispose();

        var content = Decrypted(path);

        Assert.Equal([1, 2, 3, 4], content.Samples);
        Assert.Equal(content.FileDataBytes, content.DeclaredDataBytes);
    }

    private static WavFileContent Decrypted(string path)
    {
        using var plain = new MemoryStream();
        EncryptedFileReader.Decrypt(path, Keys, plain);
        plain.Position = 0;
        return WavFileReader.Read(plain);
    }
}
