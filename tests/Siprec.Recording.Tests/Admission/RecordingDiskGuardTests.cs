using Microsoft.Extensions.Time.Testing;
using Siprec.Recording.Admission;
using Siprec.Recording.Tests.Support;

namespace Siprec.Recording.Tests.Admission;

public sealed class RecordingDiskGuardTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("siprec-guard-").FullName;
    private readonly FakeTimeProvider _clock = new();
    private readonly ListLogger<RecordingDiskGuard> _log = new();
    private bool? _hasRoom = true;

    [Fact]
    public void Short_of_space_it_refuses_within_a_recheck_and_accepts_again_once_space_is_back()
    {
        var guard = Guard();
        Assert.Null(guard.RefusalReason());

        _hasRoom = false;
        Assert.Null(guard.RefusalReason());
        _clock.Advance(RecordingDiskGuard.RecheckInterval);
        Assert.Equal(RecordingDiskGuard.DiskFullReason, guard.RefusalReason());

        _hasRoom = true;
        _clock.Advance(RecordingDiskGuard.RecheckInterval);
        Assert.Null(guard.RefusalReason());
    }

    [Fact]
    public void Unreadable_free_space_counts_as_no_room()
    {
        _hasRoom = null;
        Assert.Equal(RecordingDiskGuard.DiskFullReason, Guard().RefusalReason());
    }

    [Fact]
    public void A_write_failure_refuses_at_once_is_logged_with_the_call_id_and_clears_when_a_probe_write_succeeds()
    {
        var guard = Guard();
        Assert.Null(guard.RefusalReason());

        guard.ReportWriteFailure("call-7@src", new IOException("No space left on device"));

        Assert.Equal(RecordingDiskGuard.WriteFailedReason, guard.RefusalReason());
        Assert.Equal(1, guard.WriteFailures);
        Assert.Contains(_log.Entries, e => e.Message.Contains("call-7@src", StringComparison.Ordinal) && e.Message.Contains("No space left on device", StringComparison.Ordinal));
        _clock.Advance(RecordingDiskGuard.RecheckInterval);
        Assert.Null(guard.RefusalReason());
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory));
    }

    [Fact]
    public void After_a_write_failure_it_keeps_refusing_while_probe_writes_fail()
    {
        var guard = new RecordingDiskGuard(Path.Combine(_directory, "gone"), () => _hasRoom, _clock, _log);
        guard.ReportWriteFailure("call-8", new IOException("I/O error"));

        _clock.Advance(RecordingDiskGuard.RecheckInterval);

        Assert.Equal(RecordingDiskGuard.WriteFailedReason, guard.RefusalReason());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private RecordingDiskGuard Guard() => new(_directory, () => _hasRoom, _clock, _log);
}
