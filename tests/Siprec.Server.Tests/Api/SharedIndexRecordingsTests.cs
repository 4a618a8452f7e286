using Siprec.Recording.Index;
using Siprec.Recording.Storage;
using Siprec.Server.Tests.Support;
using Siprec.Tests.Shared;

namespace Siprec.Server.Tests.Api;

public sealed class SharedIndexRecordingsTests
{
    private static readonly DateTimeOffset Day = new(2026, 3, 4, 9, 0, 0, TimeSpan.Zero);

    [PostgresFact]
    public async Task EveryNodeListsEveryRecordingWithItsNodeAndSaysWhyAnotherNodesFileCannotBeServed()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var url = await postgres.CreateDatabaseAsync();
        await using var a = await RunningServer.StartAsync(o => { o.Recording.IndexUrl = url; o.Cluster.NodeId = "node-a"; });
        await using var b = await RunningServer.StartAsync(o => { o.Recording.IndexUrl = url; o.Cluster.NodeId = "node-b"; });
        var wav = Enumerable.Range(0, 2000).Select(i => (byte)i).ToArray();
        var folder = Path.Combine(b.Options.Recording.Directory, "2026", "03", "04");
        Directory.CreateDirectory(folder);
        var location = new RecordingLocation(folder, "call-b-0001");
        await File.WriteAllBytesAsync(location.AudioPath, wav);
        var sidecar = new SessionSidecar { CallId = "call-b", RecordingFile = "call-b-0001.wav", StartedAt = Day, EndedAt = Day.AddSeconds(30), EndReason = "bye", SampleRate = 8000 };
        await SidecarFileWriter.WriteAsync(location.SidecarPath, sidecar);
        var indexB = b.Service<IRecordingIndex>();
        await indexB.UpsertAsync(indexB.Folder.Describe(location.SidecarPath, sidecar));

        var (listStatus, list, _) = await a.GetAsync("/api/recordings?call_id=call-b");
        using var own = await b.Client.GetAsync(new Uri("/api/recordings/call-b-0001/audio", UriKind.Relative));
        var (status, error, _) = await a.GetAsync("/api/recordings/call-b-0001/audio");

        Assert.Equal(200, listStatus);
        var row = Assert.Single(list.GetProperty("recordings").EnumerateArray());
        Assert.Equal("node-b", row.GetProperty("node").GetString());
        Assert.Equal(200, (int)own.StatusCode);
        Assert.Equal(wav, await own.Content.ReadAsByteArrayAsync());
        Assert.Equal(503, status);
        Assert.Equal(503, error.GetProperty("code").GetInt32());
        Assert.Equal(
            "audio of recording call-b-0001 is unavailable: it was recorded on node node-b, which cannot serve it now, and it was not uploaded",
            error.GetProperty("error").GetString());
    }
}
