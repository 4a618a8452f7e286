using Microsoft.Data.Sqlite;
using Siprec.Recording.Index;
using Siprec.Recording.Storage;
using Siprec.Recording.Tests.Support;

namespace Siprec.Recording.Tests.Index;

public sealed class RecordingIndexTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("siprec-index-").FullName;
    private readonly string _root;
    private readonly RecordingIndex _index;

    public RecordingIndexTests()
    {
        _root = Path.Combine(_dir, "recordings");
        _index = new RecordingIndex(Path.Combine(_dir, "db", "index.db"), _root);
    }

    public static TheoryData<string, string[]> Filters => new()
    {
        { "call_id=call-b", ["call-b"] },
        { "session_id=sess-call-c", ["call-c"] },
        { "participant=ALICE", ["call-c", "call-a"] },
        { "participant=example.net", ["call-b"] },
        { "participant=Bob", ["call-b", "call-a"] },
        { "participant=nobody", [] },
        { "from=2026-03-04T10:00:00Z", ["call-c", "call-b"] },
        { "to=2026-03-04T10:00:00Z", ["call-b", "call-a"] },
        { "from=2026-03-04T09:30:00Z;to=2026-03-04T10:30:00Z", ["call-b"] },
        { "participant=alice;from=2026-03-04T10:00:00Z", ["call-c"] },
    };

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task FiltersCombineAndListNewestFirst(string filter, string[] expectedCallIds)
    {
        await SeedAsync();
        var query = new RecordingQuery();
        foreach (var part in filter.Split(';'))
        {
            var (name, value) = (part[..part.IndexOf('=', StringComparison.Ordinal)], part[(part.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            query = name switch
            {
                "call_id" => query with { CallId = value },
                "session_id" => query with { SessionId = value },
                "participant" => query with { Participant = value },
                "from" => query with { From = DateTimeOffset.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
                "to" => query with { To = DateTimeOffset.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException(name),
            };
        }

        var page = await _index.QueryAsync(query);

        Assert.Equal(expectedCallIds, page.Items.Select(r => r.CallId));
        Assert.Equal(expectedCallIds.Length, page.Total);
    }

    [Theory]
    [InlineData(2, 0, new[] { "call-c", "call-b" })]
    [InlineData(2, 2, new[] { "call-a" })]
    [InlineData(1, 1, new[] { "call-b" })]
    [InlineData(5, 3, new string[0])]
    public async Task PagesWithLimitAndOffsetKeepTheTotal(int limit, int offset, string[] expected)
    {
        await SeedAsync();

        var page = await _index.QueryAsync(new RecordingQuery { Limit = limit, Offset = offset });

        Assert.Equal(expected, page.Items.Select(r => r.CallId));
        Assert.Equal(3, page.Total);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1001, 0)]
    [InlineData(10, -1)]
    public async Task OutOfRangePagesAreRefused(int limit, int offset)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _index.QueryAsync(new RecordingQuery { Limit = limit, Offset = offset }));
    }

    [Fact]
    public async Task StoresEveryFieldWithPathsRelativeToTheRoot()
    {
        var sidecar = SidecarFixture.Sidecar("call-x", SidecarFixture.Day, "call-x-0001", ("sip:alice@example.com", "Alice"), ("sip:bob@example.com", null))
            with { TranscriptFile = "call-x-0001.transcript.jsonl", StreamFiles = ["call-x-0001.stream1.wav"] };
        var finalized = await SidecarFixture.WriteAsync(_root, sidecar);

        var id = await _index.UpsertAsync(_index.Describe(finalized.Location.SidecarPath, sidecar));
        var row = await _index.FindAsync(id);

        Assert.Equal("call-x-0001", id);
        Assert.NotNull(row);
        Assert.Equal("call-x", row.CallId);
        Assert.Equal("sess-call-x", row.SessionId);
        Assert.Equal("2026/03/04/call-x-0001.wav", row.RecordingFile);
        Assert.Equal("2026/03/04/call-x-0001.json", row.SidecarFile);
        Assert.Equal("2026/03/04/call-x-0001.transcript.jsonl", row.TranscriptFile);
        Assert.Equal(["2026/03/04/call-x-0001.stream1.wav"], row.StreamFiles);
        Assert.Equal(SidecarFixture.Day, row.StartedAt);
        Assert.Equal(42.5, row.DurationSeconds);
        Assert.Equal("bye", row.EndReason);
        Assert.Equal(["sip:alice@example.com", "sip:bob@example.com"], row.Participants.Select(p => p.Aor));
        Assert.Equal([2], row.Participants[1].Channels);
        Assert.Equal("PCMU/8000", Assert.Single(row.Streams).Codec);
        Assert.Empty(row.Errors);
        Assert.Null(row.UploadedAt);
    }

    [Fact]
    public async Task AFinalSidecarThatWasNeverWrittenIsIndexedFromMemoryWithItsErrors()
    {
        var sidecar = SidecarFixture.Sidecar("call-unwritten", SidecarFixture.Day, "call-unwritten-0001")
            with { Errors = [new SidecarError("sidecar", "disk full")] };
        var location = new RecordingLocation(Path.Combine(_root, "2026", "03", "04"), "call-unwritten-0001");

        var id = await _index.UpsertAsync(_index.Describe(location.SidecarPath, sidecar));
        var row = await _index.FindAsync(id);

        Assert.False(File.Exists(location.SidecarPath));
        Assert.NotNull(row);
        Assert.Equal("bye", row.EndReason);
        Assert.Equal(42.5, row.DurationSeconds);
        Assert.Equal(new SidecarError("sidecar", "disk full"), Assert.Single(row.Errors));
    }

    [Fact]
    public async Task ADatabaseFromBeforeTheErrorsColumnGetsItAndKeepsItsRows()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_index.DatabasePath)!);
        await using (var old = new SqliteConnection($"Data Source={_index.DatabasePath};Pooling=False"))
        {
            await old.OpenAsync();
            await using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE recordings (id TEXT PRIMARY KEY, call_id TEXT NOT NULL, session_id TEXT, sidecar_file TEXT NOT NULL UNIQUE,
                    recording_file TEXT NOT NULL, transcript_file TEXT, stream_files TEXT NOT NULL, started_at INTEGER NOT NULL,
                    ended_at INTEGER, duration_seconds REAL, end_reason TEXT, participants TEXT NOT NULL, streams TEXT NOT NULL,
                    uploaded_at INTEGER, s3_key TEXT);
                INSERT INTO recordings VALUES ('old-0001', 'old', NULL, 'old-0001.json', 'old-0001.wav', NULL, '[]', 0, 1000, 1.0, 'bye', '[]', '[]', NULL, NULL);
                """;
            await create.ExecuteNonQueryAsync();
        }

        var kept = await _index.FindAsync("old-0001");
        var failed = await SidecarFixture.WriteAsync(_root, SidecarFixture.Sidecar("call-e", SidecarFixture.Day, "call-e-0001")
            with { Errors = [new SidecarError("media", "disk full")] });
        var id = await _index.UpsertAsync(_index.Describe(failed.Location.SidecarPath, failed.Sidecar));

        Assert.NotNull(kept);
        Assert.Equal("old", kept.CallId);
        Assert.Empty(kept.Errors);
        Assert.Equal("media", Assert.Single((await _index.FindAsync(id))!.Errors).Step);
    }

    [Fact]
    public async Task FindsByIdThenByNewestCallId()
    {
        await SeedAsync();
        var older = await SidecarFixture.WriteAsync(_root, SidecarFixture.Sidecar("call-a", SidecarFixture.Day.AddHours(5), "call-a-again"));
        await _index.UpsertAsync(_index.Describe(older.Location.SidecarPath, older.Sidecar));

        Assert.Equal("call-a-again", (await _index.FindAsync("call-a"))?.Id);
        Assert.Equal("call-a-0001", (await _index.FindAsync("call-a-0001"))?.Id);
        Assert.Null(await _index.FindAsync("no-such-call"));
        Assert.Null(await _index.FindAsync("' OR 1=1 --"));
    }

    [Fact]
    public async Task SameStemOnAnotherDayGetsADistinctStableId()
    {
        var first = await SidecarFixture.WriteAsync(_root, SidecarFixture.Sidecar("dup", SidecarFixture.Day, "dup-1234"));
        var second = await SidecarFixture.WriteAsync(_root, SidecarFixture.Sidecar("dup", SidecarFixture.Day.AddDays(1), "dup-1234"));

        var firstId = await _index.UpsertAsync(_index.Describe(first.Location.SidecarPath, first.Sidecar));
        var secondId = await _index.UpsertAsync(_index.Describe(second.Location.SidecarPath, second.Sidecar));
        var again = await _index.UpsertAsync(_index.Describe(second.Location.SidecarPath, second.Sidecar));

        Assert.Equal("dup-1234", firstId);
        Assert.Equal("20260305-dup-1234", secondId);
        Assert.Equal(secondId, again);
        Assert.Equal(2, (await _index.QueryAsync(new RecordingQuery())).Total);
    }

    [Fact]
    public async Task RefreshingARowKeepsItsUploadStateAndReplacesParticipants()
    {
        var finalized = await SidecarFixture.WriteAsync(_root, SidecarFixture.Sidecar("up", SidecarFixture.Day, "up-1", ("sip:carol@example.com", "Carol")));
        var row = _index.Describe(finalized.Location.SidecarPath, finalized.Sidecar);
        var uploadedAt = SidecarFixture.Day.AddMinutes(5);
        await _index.MarkUploadedAsync(row, "prefix/2026/03/04/up-1.wav", uploadedAt);

        await _index.UpsertAsync(row with { Participants = [new SidecarParticipant(null, "sip:dave@example.com", "Dave", [1])] });
        var stored = await _index.FindAsync("up-1");

        Assert.Equal("prefix/2026/03/04/up-1.wav", stored?.S3Key);
        Assert.Equal(uploadedAt, stored?.UploadedAt);
        Assert.Empty((await _index.QueryAsync(new RecordingQuery { Participant = "carol" })).Items);
        Assert.Single((await _index.QueryAsync(new RecordingQuery { Participant = "dave" })).Items);
        Assert.Empty(await _index.PendingUploadsAsync(10));
    }

    [Fact]
    public async Task RebuildIndexesEverySidecarOnDiskAndSkipsBrokenOnes()
    {
        await SidecarFixture.WriteAsync(_root, SidecarFixture.Sidecar("disk-1", SidecarFixture.Day, "disk-1"));
        await SidecarFixture.WriteAsync(_root, SidecarFixture.Sidecar("disk-2", SidecarFixture.Day.AddDays(-40), "disk-2"));
        var folder = Path.Combine(_root, "2026", "03", "04");
        await File.WriteAllTextAsync(Path.Combine(folder, "truncated.json"), "{\"call_id\": \"x\", ");
        await File.WriteAllTextAsync(Path.Combine(folder, "other.json"), "[1, 2, 3]");
        await File.WriteAllTextAsync(Path.Combine(folder, "no-call.json"), "{\"recording_file\": \"a.wav\", \"started_at\": \"2026-03-04T09:00:00Z\", \"call_id\": \"\"}");
        Directory.CreateDirectory(Path.Combine(_root, "audit"));
        await File.WriteAllTextAsync(Path.Combine(_root, "audit", "pause-audit.jsonl"), "{}\n");

        var (indexed, skipped) = await _index.RebuildFromDiskAsync();
        var again = await _index.RebuildFromDiskAsync();
        var all = await _index.QueryAsync(new RecordingQuery());

        Assert.Equal(2, indexed);
        Assert.Equal(3, skipped);
        Assert.Equal((2, 3), again);
        Assert.Equal(["disk-1", "disk-2"], all.Items.Select(r => r.CallId));
        Assert.Equal(2, (await _index.PendingUploadsAsync(10)).Count);
    }

    [Fact]
    public async Task RebuildLeavesFinalRowsAlreadyIndexedAndRefreshesLiveOnes()
    {
        var final = await SidecarFixture.WriteAsync(_root, SidecarFixture.Sidecar("final", SidecarFixture.Day, "final"));
        var live = await SidecarFixture.WriteAsync(_root, SidecarFixture.Sidecar("live", SidecarFixture.Day, "live") with { EndedAt = null, EndReason = null });
        await _index.RebuildFromDiskAsync();
        await SidecarFileWriter.WriteAsync(final.Location.SidecarPath, final.Sidecar with { EndReason = "rewritten" });
        await SidecarFileWriter.WriteAsync(live.Location.SidecarPath, live.Sidecar with { EndedAt = SidecarFixture.Day.AddMinutes(1), EndReason = "shutdown" });

        await _index.RebuildFromDiskAsync();

        Assert.Equal("bye", (await _index.FindAsync("final"))?.EndReason);
        Assert.Equal("shutdown", (await _index.FindAsync("live"))?.EndReason);
        Assert.Equal(60, (await _index.FindAsync("live"))?.DurationSeconds);
    }

    [Fact]
    public async Task ACraftedSidecarCannotPointOutsideItsFolder()
    {
        var sidecar = SidecarFixture.Sidecar("evil", SidecarFixture.Day, "evil") with
        {
            RecordingFile = "../../../../etc/passwd",
            TranscriptFile = "/etc/shadow",
            StreamFiles = ["..\\..\\x.wav"],
        };
        var finalized = await SidecarFixture.WriteAsync(_root, sidecar);

        await _index.RebuildFromDiskAsync();
        var row = await _index.FindAsync("evil");

        Assert.NotNull(row);
        Assert.Equal("2026/03/04/passwd", row.RecordingFile);
        Assert.Equal("2026/03/04/shadow", row.TranscriptFile);
        Assert.StartsWith(_index.RecordingRoot + Path.DirectorySeparatorChar, _index.Resolve(row.RecordingFile), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => _index.Describe(Path.Combine(_dir, "outside.json"), finalized.Sidecar));
    }

    [Theory]
    [InlineData("../secret.wav")]
    [InlineData("2026/../../secret.wav")]
    [InlineData("/etc/passwd")]
    [InlineData("")]
    [InlineData("..")]
    public void ResolveRefusesPathsLeavingTheRoot(string relative)
    {
        Assert.Null(_index.Resolve(relative));
    }

    [Fact]
    public void ResolveKeepsPathsInsideTheRoot()
    {
        Assert.Equal(Path.Combine(_index.RecordingRoot, "2026", "03", "04", "a.wav"), _index.Resolve("2026/03/04/a.wav"));
    }

    [Fact]
    public async Task DatabaseRunsInWalMode()
    {
        await _index.InitializeAsync();
        await using var connection = new SqliteConnection($"Data Source={_index.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", await command.ExecuteScalarAsync() as string);
    }

    [Fact]
    public async Task ConcurrentWritersAllLand()
    {
        var recordings = new List<FinalizedRecording>();
        for (var i = 0; i < 20; i++)
            recordings.Add(await SidecarFixture.WriteAsync(_root, SidecarFixture.Sidecar($"par-{i}", SidecarFixture.Day.AddSeconds(i), $"par-{i}")));

        await Task.WhenAll(recordings.Select(r => Task.Run(() => _index.UpsertAsync(_index.Describe(r.Location.SidecarPath, r.Sidecar)))));

        Assert.Equal(20, (await _index.QueryAsync(new RecordingQuery())).Total);
    }

    private async Task SeedAsync()
    {
        var a = await SidecarFixture.WriteAsync(_root, SidecarFixture.Sidecar("call-a", SidecarFixture.Day, "call-a-0001", ("sip:alice@example.com", "Alice"), ("sip:bob@example.com", "Bob")));
        var b = await SidecarFixture.WriteAsync(_root, SidecarFixture.Sidecar("call-b", SidecarFixture.Day.AddHours(1), "call-b-0001", ("sip:bob@example.net", null)));
        var c = await SidecarFixture.WriteAsync(_root, SidecarFixture.Sidecar("call-c", SidecarFixture.Day.AddHours(2), "call-c-0001", ("sip:carol@example.com", "Alice Carol")));
        foreach (var r in new[] { b, a, c })
            await _index.UpsertAsync(_index.Describe(r.Location.SidecarPath, r.Sidecar));
    }
}
