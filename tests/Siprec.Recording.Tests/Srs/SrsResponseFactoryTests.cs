using Siprec.Recording.Signalling;
using Siprec.Recording.Srs;
using Siprec.Recording.Tests.Signalling;

namespace Siprec.Recording.Tests.Srs;

public sealed class SrsResponseFactoryTests
{
    private const string AllowedMethods = "INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE, INFO";
    private const string Sdp =
        "v=0\r\no=SRC 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
        "m=audio 4000 RTP/AVP 0\r\na=label:1\r\na=sendonly\r\n";

    [Fact]
    public void BusyIs503WithItsReasonAndTheConfiguredRetryAfter()
    {
        var busy = new SrsResponseFactory(retryAfterSeconds: 17).Busy(SiprecRequests.Request("application/sdp", SiprecRequests.Sdp), "At Session Capacity");

        Assert.Equal((503, "At Session Capacity", "17"), (busy.StatusCode, busy.ReasonPhrase, busy.Headers.Get("Retry-After")));
    }

    [Theory]
    [InlineData("Session-Expires: 89\r\n", true)]
    [InlineData("Session-Expires: 89;refresher=uac\r\n", true)]
    [InlineData("Session-Expires: 90\r\n", false)]
    [InlineData("Session-Expires: 1800;refresher=uas\r\n", false)]
    [InlineData("Session-Expires: soon\r\n", false)]
    [InlineData("", false)]
    public void ASessionIntervalBelowNinetySecondsIs422WithMinSe(string header, bool refused)
    {
        var response = SrsResponseFactory.SessionIntervalTooSmall(SiprecRequests.Request("application/sdp", SiprecRequests.Sdp, SiprecRequests.DefaultHeaders + header));

        Assert.Equal(refused, response is not null);
        if (response is not null)
            Assert.Equal((422, "Session Interval Too Small", "90"), (response.StatusCode, response.ReasonPhrase, response.Headers.Get("Min-SE")));
    }

    [Fact]
    public void AnOfferDuringAnotherIs491ToReInviteAnd500WithRetryAfterToUpdate()
    {
        var reInvite = SrsResponseFactory.OfferPending(SiprecRequests.Request("application/sdp", SiprecRequests.Sdp, toTag: "srs-1"));
        var update = SrsResponseFactory.OfferPending(SiprecRequests.Request("application/sdp", SiprecRequests.Sdp, method: "UPDATE", toTag: "srs-1"));

        Assert.Equal((491, "Request Pending", (string?)null), (reInvite.StatusCode, reInvite.ReasonPhrase, reInvite.Headers.Get("Retry-After")));
        Assert.Equal((500, "Another Offer In Progress", "1"), (update.StatusCode, update.ReasonPhrase, update.Headers.Get("Retry-After")));
    }

    [Fact]
    public void ARefusalCarriesItsHeadersInOrder()
    {
        var rejection = new SignallingRejection(420, "Bad Extension", "unknown option tag", [new("Unsupported", "foo"), new("Warning", "399 siprec \"x\"")]);

        var response = SrsResponseFactory.Refusal(SiprecRequests.Request("application/sdp", SiprecRequests.Sdp), rejection);

        Assert.Equal((420, "Bad Extension"), (response.StatusCode, response.ReasonPhrase));
        Assert.Equal(["Unsupported", "Warning"], response.Headers.Select(h => h.Name).Where(n => n is "Unsupported" or "Warning"));
    }

    [Fact]
    public void AnUnknownMethodIs405ListingWhatIsAllowed()
    {
        var response = SrsResponseFactory.MethodNotAllowed(SiprecRequests.Request(null, "", method: "MESSAGE"));

        Assert.Equal((405, "Method Not Allowed", AllowedMethods), (response.StatusCode, response.ReasonPhrase, response.Headers.Get("Allow")));
    }

    [Fact]
    public async Task TheOkToAnInviteCarriesOurContactTheOptionTagsAndTheAcceptedSessionInterval()
    {
        await using var srs = await SrsHarness.StartAsync();
        using var src = new SrcPeer(srs.Endpoint);

        src.Send("INVITE", "ok-headers", 1, "application/sdp", Sdp, "Require: siprec\r\nSupported: timer\r\nSession-Expires: 1800;refresher=uac\r\n");
        var ok = src.FinalResponse();

        Assert.Equal((200, "OK"), (ok.StatusCode, ok.ReasonPhrase));
        Assert.Equal($"<sip:srs@127.0.0.1:{srs.Endpoint.Port}>;+sip.srs", ok.Headers.Get("Contact"));
        Assert.Equal(["siprec", "timer"], ok.Headers.GetAll("Require"));
        Assert.Equal(AllowedMethods, string.Join(", ", ok.Headers.GetAll("Allow")));
        Assert.Equal("1800;refresher=uac", ok.Headers.Get("Session-Expires"));
        Assert.Equal("application/sdp", ok.ContentType?.MediaType);
        src.Send("ACK", "ok-headers", 1, toTag: ok.To!.Tag!);
    }
}
