using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Siprec.Recording.Index;
using Siprec.Recording.Retention;
using Siprec.Recording.Storage;
using Siprec.Recording.Tests.Support;

namespace Siprec.Recording.Tests.Retention;

public sealed class RecordingRetentionSweeperTests : IDisposable
{
    private static readonly TimeSpan Retention = TimeSpan.FromDays(90);
    private readonly string _dir = Directory.CreateTempSubdirectory("siprec-retention-").FullName;
    private readonly string _root;
    private readonly RecordingIndex _index;
    private readonly RetentionAuditTrail _audit;
    private readonly FakeTimeProvider _clock = new(SidecarFixture.Day);

    public RecordingRetentionSweeperTests()
    {
        _root = Path.Combine(_dir, "recordings");
        _index = new RecordingIndex(Path.Combine(_root, "index.db"), _root);
        _audit = new RetentionAuditTrail(_root);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task DeletesTheExpiredRecordingKeepsTheHeldOneAndAuditsBoth()
    {
        var old = await SeedAsync("call-old", SidecarFixture.Day, transcript: true);
        var held = await SeedAsync("call-held", SidecarFixture.Day.AddHours(1));
        var recent = await SeedAsync("call-recent", SidecarFixture.Day.AddDays(30));
        Assert.True(await _index.SetHoldAsync("call-held-0001", held: true));
        _clock.SetUtcNow(SidecarFixture.Day.AddDays(91));

        var result = await Sweeper().SweepAsync();

        Assert.Equal(new RetentionSweepResult(1, 1, 0), result);
        Assert.False(File.Exists(old.Location.AudioPath));
        Assert.False(File.Exists(old.Location.SidecarPath));
        Assert.False(File.Exists(old.Location.TranscriptPath));
        Assert.Null(await _index.FindAsync("call-old-0001"));
        Assert.True(File.Exists(held.Location.AudioPath));
        Assert.True(File.Exists(held.Location.SidecarPath));
        Assert.True((await _index.FindAsync("call-held-0001"))!.Held);
        Assert.True(File.Exists(recent.Location.AudioPath));
        Assert.NotNull(await _index.FindAsync("call-recent-0001"));

        var lines = AuditLines();
        Assert.Equal(2, lines.Count);
        var deleted = Assert.Single(lines, l => l.GetProperty("event").GetString() == "recording.retention_deleted");
        Assert.Equal("call-old-0001", deleted.GetProperty("recording_id").GetString());
        Assert.Equal("call-old", deleted.GetProperty("call_id").GetString());
        Assert.Equal("2026-06-03T09:00:00.000Z", deleted.GetProperty("timestamp").GetString());
        Assert.Equal(
            ["2026/03/04/call-old-0001.wav", "2026/03/04/call-old-0001.transcript.jsonl", "2026/03/04/call-old-0001.json"],
            deleted.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        var kept = Assert.Single(lines, l => l.GetProperty("event").GetString() == "recording.retention_held");
        Assert.Equal("call-held-0001", kept.GetProperty("recording_id").GetString());
    }

    [Fact]
    public async Task NothingIsDeletedBeforeTheRetentionPeriodEnds()
    {
        var recording = await SeedAsync("call-a", SidecarFixture.Day);
        _clock.SetUtcNow(recording.Sidecar.EndedAt!.Value + Retention - TimeSpan.FromSeconds(1));

        var result = await Sweeper().SweepAsync();

        Assert.Equal(new RetentionSweepResult(0, 0, 0), result);
        Assert.True(File.Exists(recording.Location.AudioPath));
        Assert.False(File.Exists(_audit.FilePath));

        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(new RetentionSweepResult(1, 0, 0), await Sweeper().SweepAsync());
    }

    [Fact]
    public async Task LiftingAHoldLetsTheNextSweepDelete()
    {
        var recording = await SeedAsync("call-a", SidecarFixture.Day);
        Assert.True(await _index.SetHoldAsync("call-a-0001", held: true));
        _clock.SetUtcNow(SidecarFixture.Day.AddDays(100));
        Assert.Equal(new RetentionSweepResult(0, 1, 0), await Sweeper().SweepAsync());

        Assert.True(await _index.SetHoldAsync("call-a-0001", held: false));

        Assert.Equal(new RetentionSweepResult(1, 0, 0), await Sweeper().SweepAsync());
        Assert.False(File.Exists(recording.Location.AudioPath));
    }

    [Fact]
    public async Task AHeldRowIsNeverDeletedAndAnUnknownIdCannotBeHeld()
    {
        await SeedAsync("call-a", SidecarFixture.Day);
        Assert.True(await _index.SetHoldAsync("call-a-0001", held: true));

        Assert.False(await _index.DeleteAsync("call-a-0001"));
        Assert.False(await _index.SetHoldAsync("nobody", held: true));
        Assert.NotNull(await _index.FindAsync("call-a-0001"));
    }

    private RecordingRetentionSweeper Sweeper() =>
        new(_index, _audit, Retention, _clock, NullLogger<RecordingRetentionSweeper>.Instance);

    private async Task<FinalizedRecording> SeedAsync(string callId, DateTimeOffset startedAt, bool transcript = false)
    {
        var sidecar = SidecarFixture.Sidecar(callId, startedAt, callId + "-0001");
        if (transcript)
            sidecar = sidecar with { TranscriptFile = callId + "-0001.transcript.jsonl" };
        var recording = await SidecarFixture.WriteAsync(_root, sidecar);
        if (transcript)
            await File.WriteAllTextAsync(recording.Location.TranscriptPath, "{}\n");
        await _index.UpsertAsync(_index.Describe(recording.Location.SidecarPath, sidecar));
        return recording;
    }

    private List<JsonElement> AuditLines() =>
        File.ReadAllLines(_audit.FilePath).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
}
