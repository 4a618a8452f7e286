using Siprec.Media.AtRest;
using Siprec.Recording.Storage;

namespace Siprec.Recording.Tests.Storage;

public sealed class EncryptedSidecarTests : IDisposable
{
    private static readonly MasterKeyring Keys = new([.. Enumerable.Range(3, 32).Select(i => (byte)i)]);
    private readonly string _dir = Directory.CreateTempSubdirectory("siprec-encsidecar-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task WithKeysTheSidecarIsUnreadableOnDiskAndReadsBackWithThem()
    {
        var path = Path.Combine(_dir, "c.json");
        var sidecar = new SessionSidecar
        {
            CallId = "call-secret",
            SessionId = "rs-1",
            RecordingFile = "c.wav",
            StartedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            Participants = [new SidecarParticipant("p1", "sip:alice@example.com", "Alice", [1])],
        };

        await SidecarFileWriter.WriteAsync(path, sidecar, keys: Keys);

        var stored = await File.ReadAllBytesAsync(path);
        Assert.True(EncryptedFileHeader.IsEncrypted(path));
        Assert.Equal(-1, stored.AsSpan().IndexOf("call-secret"u8));
        Assert.Equal(-1, stored.AsSpan().IndexOf("alice"u8));
        Assert.False(File.Exists(path + ".tmp"));
        var back = await SidecarFileWriter.ReadAsync(path, Keys);
        Assert.Equal(("call-secret", "sip:alice@example.com"), (back!.CallId, back.Participants![0].Aor));
    }

    [Fact]
    public async Task AnEncryptedSidecarNeedsTheKey()
    {
        var path = Path.Combine(_dir, "c.json");
        await SidecarFileWriter.WriteAsync(path, new SessionSidecar { CallId = "c", RecordingFile = "c.wav", StartedAt = DateTimeOffset.UnixEpoch }, keys: Keys);

        await Assert.ThrowsAsync<InvalidDataException>(() => SidecarFileWriter.ReadAsync(path));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => SidecarFileWriter.ReadAsync(path, new MasterKeyring(new byte[32])));
    }

    [Fact]
    public void TranscriptStreamSealsAChunkPerFlushAndACutFileKeepsTheFlushedLines()
    {
        var path = Path.Combine(_dir, "c.transcript.jsonl");
        var stream = EncryptedChunkStream.Create(path, Keys);
        stream.Write("{\"text\":\"one\"}\n"u8);
        stream.Flush();
        stream.Write("{\"text\":\"two\"}\n"u8);
        stream.Flush();
        var complete = File.ReadAllBytes(path);
        stream.Write("{\"text\":\"unflushed\"}\n"u8);
        stream.Dispose();
        var cut = Path.Combine(_dir, "cut.jsonl");
        File.WriteAllBytes(cut, complete[..^3]);

        Assert.Equal("{\"text\":\"one\"}\n{\"text\":\"two\"}\n{\"text\":\"unflushed\"}\n", Decrypt(path));
        Assert.Equal("{\"text\":\"one\"}\n", Decrypt(cut));
        Assert.Equal(-1, File.ReadAllBytes(path).AsSpan().IndexOf("text"u8));
    }

    private static string Decrypt(string path)
    {
        using var plain = new MemoryStream();
        EncryptedFileReader.Decrypt(path, Keys, plain);
        return System.Text.Encoding.UTF8.GetString(plain.ToArray());
    }
}
