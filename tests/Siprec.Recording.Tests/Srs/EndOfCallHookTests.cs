namespace Siprec.Recording.Tests.Srs;

/// <summary>
/// The user agent's two end-of-call hooks are told at different moments: the call observer of every refusal and every
/// ended call, the finalized-recording sinks of every ended call (also one whose final sidecar could not be written),
/// before the observer.
/// </summary>
public sealed class EndOfCallHookTests
{
    private const string Sdp =
        "v=0\r\no=SRC 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
        "m=audio 4000 RTP/AVP 0\r\na=label:1\r\na=sendonly\r\n";

    [Fact]
    public async Task ARefusedInviteReachesTheCallObserverOnly()
    {
        var log = new EndOfCallLog();
        await using var srs = await SrsHarness.StartAsync(observer: log, finalizedSinks: [log]);
        using var src = new SrcPeer(srs.Endpoint);

        src.Send("INVITE", "refused", 1, "application/sdp", Sdp.Replace("RTP/AVP 0", "RTP/AVP 18", StringComparison.Ordinal));
        Assert.Equal(488, src.FinalResponse().StatusCode);

        Assert.True(await SrsHarness.EventuallyAsync(() => log.Entries.Count > 0));
        Assert.Equal(["rejected 488"], log.Entries);
    }

    [Fact]
    public async Task AnEndedCallReachesTheSinkWithItsFinalSidecarThenTheObserverWithItsMediaCounters()
    {
        var log = new EndOfCallLog();
        await using var srs = await SrsHarness.StartAsync(observer: log, finalizedSinks: [log]);
        using var src = new SrcPeer(srs.Endpoint);

        var toTag = Answer(src, "ended");
        src.Send("BYE", "ended", 2, toTag: toTag);
        Assert.Equal(200, src.FinalResponse().StatusCode);

        Assert.True(await SrsHarness.EventuallyAsync(() => log.Entries.Count >= 2));
        Assert.Equal(["finalized ended bye", "ended ended Bye"], log.Entries);
        var recording = Assert.Single(log.Finalized);
        Assert.True(File.Exists(recording.Location.SidecarPath));
        var summary = Assert.Single(log.Ended);
        Assert.Equal(recording.Location.AudioPath, summary.AudioPath);
        Assert.Single(summary.Streams);
    }

    [Fact]
    public async Task ACallWhoseFinalSidecarCannotBeWrittenStillReachesTheSinkWithItsSidecarInMemoryOnly()
    {
        var log = new EndOfCallLog();
        await using var srs = await SrsHarness.StartAsync(observer: log, finalizedSinks: [log]);
        using var src = new SrcPeer(srs.Endpoint);

        var toTag = Answer(src, "no-sidecar");
        Assert.True(await SrsHarness.EventuallyAsync(() => Directory.GetFiles(srs.RecordingDirectory, "*.json", SearchOption.AllDirectories).Length == 1));
        var sidecar = Directory.GetFiles(srs.RecordingDirectory, "*.json", SearchOption.AllDirectories)[0];
        // The sidecar is written to a temporary file first; a folder in its place makes the final write fail.
        Directory.CreateDirectory(sidecar + ".tmp");
        src.Send("BYE", "no-sidecar", 2, toTag: toTag);
        Assert.Equal(200, src.FinalResponse().StatusCode);

        Assert.True(await SrsHarness.EventuallyAsync(() => log.Entries.Count >= 2));
        Assert.True(await SrsHarness.EventuallyAsync(() => srs.Registry.Count == 0));
        Assert.Equal(["finalized no-sidecar bye", "ended no-sidecar Bye"], log.Entries);
        var recording = Assert.Single(log.Finalized);
        Assert.False(recording.SidecarWritten);
        Assert.Equal("sidecar", Assert.Single(recording.Sidecar.Errors ?? []).Step);
        Assert.NotNull(recording.Sidecar.EndedAt);
        Assert.Contains(recording.Location.AudioPath, recording.ExistingFiles());
        Assert.DoesNotContain(recording.Location.SidecarPath, recording.ExistingFiles());
    }

    private static string Answer(SrcPeer src, string callId)
    {
        src.Send("INVITE", callId, 1, "application/sdp", Sdp);
        var ok = src.FinalResponse();
        Assert.Equal(200, ok.StatusCode);
        src.Send("ACK", callId, 1, toTag: ok.To!.Tag!);
        return ok.To!.Tag!;
    }
}
