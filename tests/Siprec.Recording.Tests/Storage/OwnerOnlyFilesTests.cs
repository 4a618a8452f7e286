using Microsoft.Data.Sqlite;
using Siprec.Media.AtRest;
using Siprec.Media.Wav;
using Siprec.Recording.Index;
using Siprec.Recording.Retention;
using Siprec.Recording.Storage;
using Siprec.Recording.Tests.Support;

namespace Siprec.Recording.Tests.Storage;

public sealed class OwnerOnlyFilesTests : IDisposable
{
    private const UnixFileMode Rw = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Rwx = Rw | UnixFileMode.UserExecute;
    private readonly string _dir = Directory.CreateTempSubdirectory("siprec-modes-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task RecordingFilesAndFoldersAreOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
            return;
        var root = Path.Combine(_dir, "recordings");
        var location = new RecordingPathAllocator(root).Allocate("call-1@example.com", SidecarFixture.Day);
        using (var writer = new WavRecordingWriter(location.AudioPath, 2, 8000, [location.AudioPath + ".1.wav", location.AudioPath + ".2.wav"]))
        {
            writer.Write(new short[320]);
            writer.Complete();
        }

        await SidecarFileWriter.WriteAsync(location.SidecarPath, SidecarFixture.Sidecar("call-1@example.com", SidecarFixture.Day, "x"));

        Assert.Equal(Rwx, File.GetUnixFileMode(Path.Combine(root, "2026")));
        Assert.Equal(Rwx, File.GetUnixFileMode(Path.Combine(root, "2026", "03")));
        Assert.Equal(Rwx, File.GetUnixFileMode(location.Directory));
        Assert.Equal(Rw, File.GetUnixFileMode(location.AudioPath));
        Assert.Equal(Rw, File.GetUnixFileMode(location.AudioPath + ".1.wav"));
        Assert.Equal(Rw, File.GetUnixFileMode(location.SidecarPath));
    }

    [Fact]
    public async Task TheIndexAndTheAuditTrailAreOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
            return;
        var root = Path.Combine(_dir, "recordings");
        var index = new RecordingIndex(Path.Combine(root, "index.db"), root);
        await index.InitializeAsync();
        var audit = new RetentionAuditTrail(root);
        var recording = new IndexedRecording { Id = "r", CallId = "c", SidecarFile = "r.json", RecordingFile = "r.wav", StartedAt = SidecarFixture.Day };
        audit.Append(SidecarFixture.Day, "recording.retention_deleted", recording, ["r.wav"]);

        Assert.Equal(Rwx, File.GetUnixFileMode(root));
        Assert.Equal(Rw, File.GetUnixFileMode(index.DatabasePath));
        // SQLite removes the -wal file when its last pooled connection closes; while it exists it must be owner-only too.
        var wal = index.DatabasePath + "-wal";
        if (File.Exists(wal))
            Assert.Equal(Rw, File.GetUnixFileMode(wal));
        Assert.Equal(Rwx, File.GetUnixFileMode(Path.GetDirectoryName(audit.FilePath)!));
        Assert.Equal(Rw, File.GetUnixFileMode(audit.FilePath));
    }

    [Fact]
    public async Task AnExistingIndexFileIsRestrictedWhenOpened()
    {
        if (OperatingSystem.IsWindows())
            return;
        var path = Path.Combine(_dir, "index.db");
        File.WriteAllBytes(path, []);
        File.SetUnixFileMode(path, Rw | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await new RecordingIndex(path, _dir).InitializeAsync();

        Assert.Equal(Rw, File.GetUnixFileMode(path));
    }

    [Fact]
    public void AFolderReadableByOthersIsReported()
    {
        if (OperatingSystem.IsWindows())
            return;
        var open = Directory.CreateDirectory(Path.Combine(_dir, "open")).FullName;
        File.SetUnixFileMode(open, Rwx | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        OwnerOnlyFiles.CreateFolder(Path.Combine(_dir, "closed"));

        Assert.True(OwnerOnlyFiles.OthersCanRead(open));
        Assert.False(OwnerOnlyFiles.OthersCanRead(Path.Combine(_dir, "closed")));
    }
}
