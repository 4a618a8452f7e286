using Siprec.Recording.Index;
using Siprec.Recording.Storage;
using Siprec.Server.Tests.Support;

namespace Siprec.Server.Tests.Api;

public sealed class RecordingHoldEndpointTests : IAsyncLifetime
{
    private RunningServer _server = null!;
    private RecordingLocation _old = null!;
    private RecordingLocation _held = null!;
    private RecordingLocation _recent = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync(o =>
        {
            o.Recording.Retention = TimeSpan.FromDays(90);
            o.Recording.RetentionSweep = TimeSpan.FromHours(1);
            _old = Seed(o.Recording.Directory, "call-old", RunningServer.Start.AddDays(-120));
            _held = Seed(o.Recording.Directory, "call-held", RunningServer.Start.AddDays(-100));
            _recent = Seed(o.Recording.Directory, "call-recent", RunningServer.Start.AddDays(-1));
        });
        await WaitUntilAsync(async () => (await _server.Service<IRecordingIndex>().QueryAsync(new RecordingQuery())).Total == 3);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task HoldShowsInTheListingAndSparesTheRecordingFromTheSweep()
    {
        var (status, json, _) = await _server.PostAsync("/api/recordings/call-held/hold");
        Assert.Equal(200, status);
        Assert.Equal("call-held-0001", json.GetProperty("id").GetString());
        Assert.True(json.GetProperty("held").GetBoolean());
        var (_, list, _) = await _server.GetAsync("/api/recordings");
        Assert.Equal(
            ["call-recent:False", "call-held:True", "call-old:False"],
            list.GetProperty("recordings").EnumerateArray().Select(r => $"{r.GetProperty("call_id").GetString()}:{r.GetProperty("held").GetBoolean()}"));

        // The sweep runs one interval after start; the clock is moved until it has, bounded by the wait.
        await WaitUntilAsync(async () =>
        {
            _server.Clock.Advance(TimeSpan.FromHours(1));
            return await _server.Service<IRecordingIndex>().FindAsync("call-old-0001") is null;
        });

        Assert.False(File.Exists(_old.AudioPath));
        Assert.False(File.Exists(_old.SidecarPath));
        Assert.True(File.Exists(_held.AudioPath));
        Assert.True(File.Exists(_recent.AudioPath));
        var audit = await File.ReadAllTextAsync(Path.Combine(_server.Options.Recording.Directory, "audit", "retention-audit.jsonl"));
        Assert.Contains("\"event\":\"recording.retention_deleted\",\"recording_id\":\"call-old-0001\"", audit, StringComparison.Ordinal);
        Assert.Contains("\"event\":\"recording.retention_held\",\"recording_id\":\"call-held-0001\"", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReleasingAHoldAnswersTheNewState()
    {
        Assert.Equal(200, (await _server.PostAsync("/api/recordings/call-recent/hold")).Status);

        var (status, json, _) = await _server.SendAsync(HttpMethod.Delete, "/api/recordings/call-recent/hold");

        Assert.Equal(200, status);
        Assert.False(json.GetProperty("held").GetBoolean());
        Assert.False((await _server.Service<IRecordingIndex>().FindAsync("call-recent-0001"))!.Held);
    }

    [Fact]
    public async Task AnUnknownRecordingIsNotFound()
    {
        var (status, json, _) = await _server.PostAsync("/api/recordings/nobody/hold");

        Assert.Equal(404, status);
        Assert.Equal("recording not found: nobody", json.GetProperty("error").GetString());
        Assert.Equal(404, json.GetProperty("code").GetInt32());
    }

    private static RecordingLocation Seed(string root, string callId, DateTimeOffset start)
    {
        var utc = start.UtcDateTime;
        var folder = Path.Combine(root, utc.ToString("yyyy/MM/dd", System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        var location = new RecordingLocation(folder, callId + "-0001");
        File.WriteAllBytes(location.AudioPath, new byte[100]);
        SidecarFileWriter.WriteAsync(location.SidecarPath, new SessionSidecar
        {
            CallId = callId,
            RecordingFile = location.BaseName + ".wav",
            StartedAt = start,
            EndedAt = start.AddMinutes(1),
            EndReason = "bye",
            SampleRate = 8000,
            PauseBehavior = "skip",
        }).GetAwaiter().GetResult();
        return location;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 400; i++)
        {
            try
            {
                if (await condition())
                    return;
            }
            catch (Microsoft.Data.Sqlite.SqliteException)
            {
                // The feed may still be creating the database.
            }

            await Task.Delay(25);
        }

        throw new TimeoutException("condition not met within 10 s");
    }
}
