using Microsoft.Extensions.Logging;
using Siprec.Recording.Admission;
using Siprec.Recording.Tests.Signalling;
using Siprec.Recording.Tests.Support;
using Siprec.Sip;
using Siprec.Sip.Messages;

namespace Siprec.Recording.Tests.Srs;

/// <summary>Every refusal of the recording user agent names its reason in the status line and a Warning, and is logged once.</summary>
public sealed class SrsRefusalTests
{
    private const string Sdp = SiprecRequests.Sdp;

    private static readonly string G729Only = Sdp.Replace("RTP/AVP 0", "RTP/AVP 18", StringComparison.Ordinal);

    public static TheoryData<string, string?, string, string, int, string> InviteRefusals => new()
    {
        { "body-type", "text/plain", "hello", "", 415, "Unsupported Body Type" },
        { "encoding", "application/sdp", Sdp, "Content-Encoding: gzip\r\n", 415, "Unsupported Content-Encoding" },
        { "extension", "application/sdp", Sdp, "Require: siprec, foo\r\n", 420, "Unsupported Option Tag" },
        { "bad-sdp", "application/sdp", "this is not sdp", "", 400, "Malformed SDP" },
        { "bad-metadata", "application/rs-metadata+xml", "<recording xmlns=", "", 400, "Malformed Recording Metadata" },
        { "no-boundary", "multipart/mixed", "--x\r\n\r\n--x--\r\n", "", 400, "Multipart Boundary Missing" },
        { "no-offer", null, "", "", 488, "SDP Offer Required" },
        { "no-codec", "application/sdp", G729Only, "", 488, "No Usable Audio Codec" },
        { "short-interval", "application/sdp", Sdp, "Session-Expires: 30\r\n", 422, "Session Interval Too Small" },
    };

    [Theory]
    [MemberData(nameof(InviteRefusals))]
    public async Task EachRefusedInviteSaysWhyInItsStatusLineAWarningAndTheLog(string name, string? contentType, string body, string headers, int status, string reason)
    {
        var log = new ListLogger<SipStack>();
        await using var srs = await SrsHarness.StartAsync(stackLogger: log);
        using var src = new SrcPeer(srs.Endpoint);

        src.Send("INVITE", "refused-" + name, 1, contentType, body, headers);

        AssertExplained(src.FinalResponse(), status, reason, log, "INVITE", "refused-" + name, src);
        Assert.Equal(0, srs.Registry.Count);
    }

    [Fact]
    public async Task AtCapacityAndWhileDrainingTheBusyAnswerSaysWhich()
    {
        var log = new ListLogger<SipStack>();
        await using var srs = await SrsHarness.StartAsync(o => o with { MaxSessions = 0 }, stackLogger: log);
        using var src = new SrcPeer(srs.Endpoint);

        src.Send("INVITE", "full", 1, "application/sdp", Sdp);
        AssertExplained(src.FinalResponse(), 503, "At Session Capacity", log, "INVITE", "full", src);
        srs.UserAgent.StartDraining();
        src.Send("INVITE", "draining", 1, "application/sdp", Sdp);
        AssertExplained(src.FinalResponse(), 503, "Shutting Down", log, "INVITE", "draining", src);
    }

    [Fact]
    public async Task WhileAnAdmissionCheckRefusesNewInvitesGet503WithRetryAfterAndOptions503AndBothRecoverWithIt()
    {
        var log = new ListLogger<SipStack>();
        var check = new SwitchableAdmissionCheck { Reason = "Recording Disk Full" };
        await using var srs = await SrsHarness.StartAsync(stackLogger: log, admission: new NodeAdmission(new NodeDrain(), [check]));
        using var src = new SrcPeer(srs.Endpoint);

        src.Send("INVITE", "disk-full", 1, "application/sdp", Sdp);
        var refused = src.FinalResponse();
        AssertExplained(refused, 503, "Recording Disk Full", log, "INVITE", "disk-full", src);
        Assert.Equal("5", refused.Headers.Get("Retry-After"));
        src.Send("OPTIONS", "probe-full", 1);
        var options = src.FinalResponse();
        Assert.Equal((503, "Recording Disk Full"), (options.StatusCode, options.ReasonPhrase));

        check.Reason = null;
        src.Send("OPTIONS", "probe-back", 1);
        Assert.Equal(200, src.FinalResponse().StatusCode);
        src.Send("INVITE", "disk-back", 1, "application/sdp", Sdp);
        Assert.Equal(200, src.FinalResponse().StatusCode);
        Assert.Equal(1, srs.Registry.Count);
    }

    [Fact]
    public async Task ADrainedNodeAnswersProbesAndNewCallsBusyButKeepsItsLiveCallUntilUndrained()
    {
        var log = new ListLogger<SipStack>();
        var drain = new NodeDrain();
        await using var srs = await SrsHarness.StartAsync(stackLogger: log, admission: new NodeAdmission(drain, []));
        using var src = new SrcPeer(srs.Endpoint);
        src.Send("INVITE", "live-before-drain", 1, "application/sdp", Sdp);
        var ok = src.FinalResponse();
        Assert.Equal(200, ok.StatusCode);
        src.Send("ACK", "live-before-drain", 1, toTag: ok.To!.Tag!);

        drain.Drain();
        src.Send("OPTIONS", "probe-drained", 1);
        var probe = src.FinalResponse();
        Assert.Equal((503, "Draining"), (probe.StatusCode, probe.ReasonPhrase));
        Assert.Equal(srs.Options.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), probe.Headers.Get("Retry-After"));
        src.Send("INVITE", "new-while-drained", 1, "application/sdp", Sdp);
        AssertExplained(src.FinalResponse(), 503, "Draining", log, "INVITE", "new-while-drained", src);

        // The live call's own keep-alive is answered, and the call is still recorded.
        src.Send("OPTIONS", "live-before-drain", 2, toTag: ok.To!.Tag!);
        Assert.Equal(200, src.FinalResponse().StatusCode);
        Assert.True(srs.Registry.TryGet("live-before-drain", out _));

        drain.Undrain();
        src.Send("OPTIONS", "probe-undrained", 1);
        Assert.Equal(200, src.FinalResponse().StatusCode);
    }

    [Fact]
    public async Task ShuttingDownAlsoAnswersProbesBusy()
    {
        await using var srs = await SrsHarness.StartAsync();
        using var src = new SrcPeer(srs.Endpoint);

        srs.UserAgent.StartDraining();
        src.Send("OPTIONS", "probe-shutdown", 1);

        var probe = src.FinalResponse();
        Assert.Equal((503, "Shutting Down"), (probe.StatusCode, probe.ReasonPhrase));
        Assert.NotNull(probe.Headers.Get("Retry-After"));
    }

    [Fact]
    public async Task StrictModeNamesANonRecordingInvite()
    {
        var log = new ListLogger<SipStack>();
        await using var srs = await SrsHarness.StartAsync(o => o with { Strict = true }, stackLogger: log);
        using var src = new SrcPeer(srs.Endpoint);

        src.Send("INVITE", "plain-call", 1, "application/sdp", Sdp);

        AssertExplained(src.FinalResponse(), 403, "Not a Recording Session", log, "INVITE", "plain-call", src);
    }

    [Fact]
    public async Task RefusalsInsideARecordedCallAndOfAnUnknownOneSayWhy()
    {
        var log = new ListLogger<SipStack>();
        await using var srs = await SrsHarness.StartAsync(stackLogger: log);
        using var src = new SrcPeer(srs.Endpoint);
        src.Send("INVITE", "live", 1, "application/sdp", Sdp);
        var ok = src.FinalResponse();
        Assert.Equal(200, ok.StatusCode);
        var toTag = ok.To!.Tag!;
        src.Send("ACK", "live", 1, toTag: toTag);

        src.Send("INVITE", "live", 1, "application/sdp", Sdp, branch: "z9hG4bK-again");
        AssertExplained(src.FinalResponse(), 482, "Call-ID Already Recorded", log, "INVITE", "live", src);
        src.Send("INVITE", "live", 2, "application/sdp", G729Only, toTag: toTag);
        AssertExplained(src.FinalResponse(), 488, "No Usable Audio Codec", log, "INVITE", "live", src);
        src.Send("UPDATE", "live", 3, "application/sdp", "this is not sdp", toTag: toTag);
        AssertExplained(src.FinalResponse(), 400, "Malformed SDP", log, "UPDATE", "live", src);
        src.Send("UPDATE", "nowhere", 1, "application/sdp", Sdp);
        AssertExplained(src.FinalResponse(), 481, "Call Not Being Recorded", log, "UPDATE", "nowhere", src);
    }

    private static void AssertExplained(SipResponse response, int status, string reason, ListLogger<SipStack> log, string method, string callId, SrcPeer src)
    {
        Assert.Equal((status, reason), (response.StatusCode, response.ReasonPhrase));
        Assert.Contains($"399 127.0.0.1 \"{reason}\"", response.Headers.GetAll("Warning"));
        var line = $"Refused {method} with {status} {reason}: Call-ID {callId} from 127.0.0.1:{src.Port}";
        Assert.Single(log.Entries, e => e.Level == LogLevel.Warning && e.Message == line);
    }

    private sealed class SwitchableAdmissionCheck : IAdmissionCheck
    {
        public volatile string? Reason;

        public string? RefusalReason() => Reason;
    }
}
