using System.Text.Json;
using Siprec.Recording.Storage;

namespace Siprec.Recording.Tests.Storage;

public sealed class SidecarFileWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("siprec-sidecar-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task WritesSnakeCaseJsonAndReadsItBack()
    {
        var path = Path.Combine(_dir, "c.json");
        var sidecar = new SessionSidecar
        {
            CallId = "call-1",
            SessionId = "u1s3p4Y8S1m2Ek5c/3+gJw==",
            RecordingFile = "c.wav",
            StartedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            Participants = [new SidecarParticipant("p1", "sip:alice@example.com", "Alice", [1])],
            Streams = [new SidecarStream { Channel = 1, Label = "1", Codec = "PCMU/8000", Ssrcs = [42u], PacketsReceived = 10 }],
        };
        await SidecarFileWriter.WriteAsync(path, sidecar);

        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        Assert.Equal("call-1", doc.RootElement.GetProperty("call_id").GetString());
        Assert.Equal("sip:alice@example.com", doc.RootElement.GetProperty("participants")[0].GetProperty("aor").GetString());
        Assert.Equal(10, doc.RootElement.GetProperty("streams")[0].GetProperty("packets_received").GetInt64());
        var back = await SidecarFileWriter.ReadAsync(path);
        Assert.Equal(sidecar.SessionId, back!.SessionId);
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public async Task EndOfCallErrorsAreWrittenAsAListAndLeftOutWhenThereAreNone()
    {
        var path = Path.Combine(_dir, "e.json");
        var clean = new SessionSidecar { CallId = "call-e", RecordingFile = "e.wav", StartedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero) };
        await SidecarFileWriter.WriteAsync(path, clean);
        using (var doc = JsonDocument.Parse(await File.ReadAllTextAsync(path)))
            Assert.False(doc.RootElement.TryGetProperty("errors", out _));

        await SidecarFileWriter.WriteAsync(path, clean with { Errors = [new SidecarError("media", "disk full")] });

        using var failed = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        var error = Assert.Single(failed.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal(("media", "disk full"), (error.GetProperty("step").GetString(), error.GetProperty("message").GetString()));
        Assert.Equal([new SidecarError("media", "disk full")], (await SidecarFileWriter.ReadAsync(path))!.Errors!);
    }

    [Fact]
    public async Task FailedRewriteLeavesThePreviousSidecarIntact()
    {
        var path = Path.Combine(_dir, "c.json");
        var first = new SessionSidecar { CallId = "keep", RecordingFile = "c.wav", StartedAt = DateTimeOffset.UnixEpoch };
        await SidecarFileWriter.WriteAsync(path, first);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            SidecarFileWriter.WriteAsync(path, first with { CallId = "replaced" }, cancellationToken: cts.Token));
        Assert.Equal("keep", (await SidecarFileWriter.ReadAsync(path))!.CallId);
    }
}
