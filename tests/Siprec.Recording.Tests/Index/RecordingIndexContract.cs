using Siprec.Recording.Index;
using Siprec.Recording.Storage;
using Siprec.Recording.Tests.Support;

namespace Siprec.Recording.Tests.Index;

/// <summary>What every <see cref="IRecordingIndex"/> must do, run against each store by a subclass.</summary>
public abstract class RecordingIndexContract : IAsyncLifetime
{
    protected string Dir { get; } = Directory.CreateTempSubdirectory("siprec-index-").FullName;

    protected string Root => Path.Combine(Dir, "recordings");

    protected IRecordingIndex Store { get; private set; } = null!;

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

    public async Task InitializeAsync() => Store = await CreateIndexAsync(Root);

    public async Task DisposeAsync()
    {
        await DisposeIndexAsync();
        Directory.Delete(Dir, recursive: true);
    }

    /// <summary>A new, empty index of this store for recordings under <paramref name="root"/>.</summary>
    protected abstract Task<IRecordingIndex> CreateIndexAsync(string root);

    /// <summary>Releases what <see cref="CreateIndexAsync"/> made.</summary>
    protected abstract Task DisposeIndexAsync();

    [IndexTheory]
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

        var page = await Store.QueryAsync(query);

        Assert.Equal(expectedCallIds, page.Items.Select(r => r.CallId));
        Assert.Equal(expectedCallIds.Length, page.Total);
    }

    [IndexTheory]
    [InlineData(2, 0, new[] { "call-c", "call-b" })]
    [InlineData(2, 2, new[] { "call-a" })]
    [InlineData(1, 1, new[] { "call-b" })]
    [InlineData(5, 3, new string[0])]
    public async Task PagesWithLimitAndOffsetKeepTheTotal(int limit, int offset, string[] expected)
    {
        await SeedAsync();

        var page = await Store.QueryAsync(new RecordingQuery { Limit = limit, Offset = offset });

        Assert.Equal(expected, page.Items.Select(r => r.CallId));
        Assert.Equal(3, page.Total);
    }

    [IndexTheory]
    [InlineData(0, 0)]
    [InlineData(1001, 0)]
    [InlineData(10, -1)]
    public async Task OutOfRangePagesAreRefused(int limit, int offset)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.QueryAsync(new RecordingQuery { Limit = limit, Offset = offset }));
    }

    [IndexFact]
    public async Task StoresEveryFieldWithPathsRelativeToTheRoot()
    {
        var sidecar = SidecarFixture.Sidecar("call-x", SidecarFixture.Day, "call-x-0001", ("sip:alice@example.com", "Alice"), ("sip:bob@example.com", null))
            with { TranscriptFile = "call-x-0001.transcript.jsonl", StreamFiles = ["call-x-0001.stream1.wav"] };
        var finalized = await SidecarFixture.WriteAsync(Root, sidecar);

        var id = await Store.UpsertAsync(Store.Folder.Describe(finalized.Location.SidecarPath, sidecar));
        var row = await Store.FindAsync(id);

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

    [IndexFact]
    public async Task AFinalSidecarThatWasNeverWrittenIsIndexedFromMemoryWithItsErrors()
    {
        var sidecar = SidecarFixture.Sidecar("call-unwritten", SidecarFixture.Day, "call-unwritten-0001")
            with { Errors = [new SidecarError("sidecar", "disk full")] };
        var location = new RecordingLocation(Path.Combine(Root, "2026", "03", "04"), "call-unwritten-0001");

        var id = await Store.UpsertAsync(Store.Folder.Describe(location.SidecarPath, sidecar));
        var row = await Store.FindAsync(id);

        Assert.False(File.Exists(location.SidecarPath));
        Assert.NotNull(row);
        Assert.Equal("bye", row.EndReason);
        Assert.Equal(42.5, row.DurationSeconds);
        Assert.Equal(new SidecarError("sidecar", "disk full"), Assert.Single(row.Errors));
    }

    [IndexFact]
    public async Task FindsByIdThenByNewestCallId()
    {
        await SeedAsync();
        var older = await SidecarFixture.WriteAsync(Root, SidecarFixture.Sidecar("call-a", SidecarFixture.Day.AddHours(5), "call-a-again"));
        await Store.UpsertAsync(Store.Folder.Describe(older.Location.SidecarPath, older.Sidecar));

        Assert.Equal("call-a-again", (await Store.FindAsync("call-a"))?.Id);
        Assert.Equal("call-a-0001", (await Store.FindAsync("call-a-0001"))?.Id);
        Assert.Null(await Store.FindAsync("no-such-call"));
        Assert.Null(await Store.FindAsync("' OR 1=1 --"));
    }

    [IndexFact]
    public async Task SameStemOnAnotherDayGetsADistinctStableId()
    {
        var first = await SidecarFixture.WriteAsync(Root, SidecarFixture.Sidecar("dup", SidecarFixture.Day, "dup-1234"));
        var second = await SidecarFixture.WriteAsync(Root, SidecarFixture.Sidecar("dup", SidecarFixture.Day.AddDays(1), "dup-1234"));

        var firstId = await Store.UpsertAsync(Store.Folder.Describe(first.Location.SidecarPath, first.Sidecar));
        var secondId = await Store.UpsertAsync(Store.Folder.Describe(second.Location.SidecarPath, second.Sidecar));
        var again = await Store.UpsertAsync(Store.Folder.Describe(second.Location.SidecarPath, second.Sidecar));

        Assert.Equal("dup-1234", firstId);
        Assert.Equal("20260305-dup-1234", secondId);
        Assert.Equal(secondId, again);
        Assert.Equal(2, (await Store.QueryAsync(new RecordingQuery())).Total);
    }

    [IndexFact]
    public async Task RefreshingARowKeepsItsUploadStateAndReplacesParticipants()
    {
        var finalized = await SidecarFixture.WriteAsync(Root, SidecarFixture.Sidecar("up", SidecarFixture.Day, "up-1", ("sip:carol@example.com", "Carol")));
        var row = Store.Folder.Describe(finalized.Location.SidecarPath, finalized.Sidecar);
        var uploadedAt = SidecarFixture.Day.AddMinutes(5);
        await Store.MarkUploadedAsync(row, "prefix/2026/03/04/up-1.wav", uploadedAt);

        await Store.UpsertAsync(row with { Participants = [new SidecarParticipant(null, "sip:dave@example.com", "Dave", [1])] });
        var stored = await Store.FindAsync("up-1");

        Assert.Equal("prefix/2026/03/04/up-1.wav", stored?.S3Key);
        Assert.Equal(uploadedAt, stored?.UploadedAt);
        Assert.Empty((await Store.QueryAsync(new RecordingQuery { Participant = "carol" })).Items);
        Assert.Single((await Store.QueryAsync(new RecordingQuery { Participant = "dave" })).Items);
        Assert.Empty(await Store.PendingUploadsAsync(10));
    }

    [IndexFact]
    public async Task RebuildIndexesEverySidecarOnDiskAndSkipsBrokenOnes()
    {
        await SidecarFixture.WriteAsync(Root, SidecarFixture.Sidecar("disk-1", SidecarFixture.Day, "disk-1"));
        await SidecarFixture.WriteAsync(Root, SidecarFixture.Sidecar("disk-2", SidecarFixture.Day.AddDays(-40), "disk-2"));
        var folder = Path.Combine(Root, "2026", "03", "04");
        await File.WriteAllTextAsync(Path.Combine(folder, "truncated.json"), "{\"call_id\": \"x\", ");
        await File.WriteAllTextAsync(Path.Combine(folder, "other.json"), "[1, 2, 3]");
        await File.WriteAllTextAsync(Path.Combine(folder, "no-call.json"), "{\"recording_file\": \"a.wav\", \"started_at\": \"2026-03-04T09:00:00Z\", \"call_id\": \"\"}");
        Directory.CreateDirectory(Path.Combine(Root, "audit"));
        await File.WriteAllTextAsync(Path.Combine(Root, "audit", "pause-audit.jsonl"), "{}\n");

        var (indexed, skipped) = await RecordingIndexCatchUp.RebuildFromDiskAsync(Store);
        var again = await RecordingIndexCatchUp.RebuildFromDiskAsync(Store);
        var all = await Store.QueryAsync(new RecordingQuery());

        Assert.Equal(2, indexed);
        Assert.Equal(3, skipped);
        Assert.Equal((2, 3), again);
        Assert.Equal(["disk-1", "disk-2"], all.Items.Select(r => r.CallId));
        Assert.Equal(2, (await Store.PendingUploadsAsync(10)).Count);
    }

    [IndexFact]
    public async Task RebuildLeavesFinalRowsAlreadyIndexedAndRefreshesLiveOnes()
    {
        var final = await SidecarFixture.WriteAsync(Root, SidecarFixture.Sidecar("final", SidecarFixture.Day, "final"));
        var live = await SidecarFixture.WriteAsync(Root, SidecarFixture.Sidecar("live", SidecarFixture.Day, "live") with { EndedAt = null, EndReason = null });
        await RecordingIndexCatchUp.RebuildFromDiskAsync(Store);
        await SidecarFileWriter.WriteAsync(final.Location.SidecarPath, final.Sidecar with { EndReason = "rewritten" });
        await SidecarFileWriter.WriteAsync(live.Location.SidecarPath, live.Sidecar with { EndedAt = SidecarFixture.Day.AddMinutes(1), EndReason = "shutdown" });

        await RecordingIndexCatchUp.RebuildFromDiskAsync(Store);

        Assert.Equal("bye", (await Store.FindAsync("final"))?.EndReason);
        Assert.Equal("shutdown", (await Store.FindAsync("live"))?.EndReason);
        Assert.Equal(60, (await Store.FindAsync("live"))?.DurationSeconds);
    }

    [IndexFact]
    public async Task ACraftedSidecarCannotPointOutsideItsFolder()
    {
        var sidecar = SidecarFixture.Sidecar("evil", SidecarFixture.Day, "evil") with
        {
            RecordingFile = "../../../../etc/passwd",
            TranscriptFile = "/etc/shadow",
            StreamFiles = ["..\\..\\x.wav"],
        };
        var finalized = await SidecarFixture.WriteAsync(Root, sidecar);

        await RecordingIndexCatchUp.RebuildFromDiskAsync(Store);
        var row = await Store.FindAsync("evil");

        Assert.NotNull(row);
        Assert.Equal("2026/03/04/passwd", row.RecordingFile);
        Assert.Equal("2026/03/04/shadow", row.TranscriptFile);
        Assert.StartsWith(Store.Folder.FullPath + Path.DirectorySeparatorChar, Store.Folder.Resolve(row.RecordingFile), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Store.Folder.Describe(Path.Combine(Dir, "outside.json"), finalized.Sidecar));
    }

    [IndexFact]
    public async Task ConcurrentWritersAllLand()
    {
        var recordings = new List<FinalizedRecording>();
        for (var i = 0; i < 20; i++)
            recordings.Add(await SidecarFixture.WriteAsync(Root, SidecarFixture.Sidecar($"par-{i}", SidecarFixture.Day.AddSeconds(i), $"par-{i}")));

        await Task.WhenAll(recordings.Select(r => Task.Run(() => Store.UpsertAsync(Store.Folder.Describe(r.Location.SidecarPath, r.Sidecar)))));

        Assert.Equal(20, (await Store.QueryAsync(new RecordingQuery())).Total);
    }

    [IndexFact]
    public async Task AHeldRecordingIsListedAsExpiredButNeverDeletedUntilItsHoldIsLifted()
    {
        await SeedAsync();

        Assert.True(await Store.SetHoldAsync("call-a-0001", true));
        Assert.False(await Store.SetHoldAsync("no-such-recording", true));
        var expired = await Store.ExpiredAsync(SidecarFixture.Day.AddHours(3), 10);

        Assert.Equal(["call-b-0001", "call-c-0001", "call-a-0001"], expired.Select(r => r.Id));
        Assert.True((await Store.FindAsync("call-a-0001"))!.Held);
        Assert.False(await Store.DeleteAsync("call-a-0001"));
        Assert.True(await Store.DeleteAsync("call-b-0001"));
        Assert.Null(await Store.FindAsync("call-b-0001"));
        Assert.True(await Store.SetHoldAsync("call-a-0001", false));
        Assert.True(await Store.DeleteAsync("call-a-0001"));
        Assert.Equal(["call-c"], (await Store.QueryAsync(new RecordingQuery())).Items.Select(r => r.CallId));
    }

    protected async Task SeedAsync()
    {
        var a = await SidecarFixture.WriteAsync(Root, SidecarFixture.Sidecar("call-a", SidecarFixture.Day, "call-a-0001", ("sip:alice@example.com", "Alice"), ("sip:bob@example.com", "Bob")));
        var b = await SidecarFixture.WriteAsync(Root, SidecarFixture.Sidecar("call-b", SidecarFixture.Day.AddHours(1), "call-b-0001", ("sip:bob@example.net", null)));
        var c = await SidecarFixture.WriteAsync(Root, SidecarFixture.Sidecar("call-c", SidecarFixture.Day.AddHours(2), "call-c-0001", ("sip:carol@example.com", "Alice Carol")));
        foreach (var r in new[] { b, a, c })
            await Store.UpsertAsync(Store.Folder.Describe(r.Location.SidecarPath, r.Sidecar));
    }
}
