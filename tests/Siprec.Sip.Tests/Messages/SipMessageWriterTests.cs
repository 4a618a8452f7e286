using Siprec.Sip.Headers;
using Siprec.Sip.Messages;

namespace Siprec.Sip.Tests.Messages;

public sealed class SipMessageWriterTests
{
    [Theory]
    [InlineData(SipSamples.Invite)]
    [InlineData(SipSamples.Response)]
    [InlineData(SipSamples.Options)]
    public void RoundTripsThroughParser(string sample)
    {
        var first = SipMessageParser.Parse(SipSamples.Bytes(sample));
        var written = SipMessageWriter.ToArray(first);
        var second = SipMessageParser.Parse(written);

        Assert.Equal(SipMessageWriter.ToString(first), SipMessageWriter.ToString(second));
        Assert.Equal(first.Headers.Select(h => (h.Name, h.Value)), second.Headers.Select(h => (h.Name, h.Value)));
        Assert.Equal(first.Body.ToArray(), second.Body.ToArray());
    }

    [Fact]
    public void CreateForCopiesDialogHeaders()
    {
        var request = (SipRequest)SipMessageParser.Parse(SipSamples.Bytes(SipSamples.Invite));

        var response = SipResponse.CreateFor(request, 486);

        Assert.Equal("Busy Here", response.ReasonPhrase);
        Assert.Equal(request.Headers.GetAll("Via"), response.Headers.GetAll("Via"));
        Assert.Equal(request.Headers.Get("From"), response.Headers.Get("From"));
        Assert.Equal(request.Headers.Get("To"), response.Headers.Get("To"));
        Assert.Equal(request.CallId, response.CallId);
        Assert.Equal(request.CSeq, response.CSeq);
        Assert.False(response.Headers.Contains("Contact"));
        Assert.StartsWith("SIP/2.0 486 Busy Here\r\n", response.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("Content-Length: 0\r\n\r\n", response.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void WritesBuiltRequestWithComputedContentLength()
    {
        var request = new SipRequest(SipMethods.Bye, SipUri.Parse("sip:src@192.0.2.10:5060;transport=tcp"));
        request.Headers.Add("v", "SIP/2.0/TCP 192.0.2.99:5060;branch=z9hG4bK-w1");
        request.Headers.Add("Max-Forwards", "70");
        request.Headers.Add("From", "<sip:srs@192.0.2.99>;tag=s1");
        request.Headers.Add("To", "<sip:src@192.0.2.10>;tag=r1");
        request.Headers.Add("Call-ID", "w1@192.0.2.99");
        request.Headers.Add("CSeq", "2 BYE");
        request.Headers.Add("Content-Length", "999");
        request.Headers.Add("Content-Type", "text/plain");
        request.Body = "bye!"u8.ToArray();

        Assert.Equal(
            "BYE sip:src@192.0.2.10:5060;transport=tcp SIP/2.0\r\n" +
            "Via: SIP/2.0/TCP 192.0.2.99:5060;branch=z9hG4bK-w1\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: <sip:srs@192.0.2.99>;tag=s1\r\n" +
            "To: <sip:src@192.0.2.10>;tag=r1\r\n" +
            "Call-ID: w1@192.0.2.99\r\n" +
            "CSeq: 2 BYE\r\n" +
            "Content-Type: text/plain\r\n" +
            "Content-Length: 4\r\n\r\nbye!",
            SipMessageWriter.ToString(request));
        Assert.Equal(SipMessageWriter.ToArray(request), System.Text.Encoding.UTF8.GetBytes(request.ToString()));
    }

    [Fact]
    public void CreateForTryingCopiesTimestampAndKeepsViaOrder()
    {
        var text = "INVITE sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP p1;branch=z9hG4bK1\r\nVia: SIP/2.0/UDP p2;branch=z9hG4bK2\r\n" +
            "From: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>\r\nCall-ID: ts@example.com\r\nCSeq: 1 INVITE\r\n" +
            "Timestamp: 54\r\nContact: <sip:a@p1>\r\n\r\n";
        var request = (SipRequest)SipMessageParser.Parse(System.Text.Encoding.UTF8.GetBytes(text));

        var trying = SipResponse.CreateFor(request, 100);
        var ok = SipResponse.CreateFor(request, 200, "Fine");

        Assert.Equal("54", trying.Headers.Get("Timestamp"));
        Assert.Null(ok.Headers.Get("Timestamp"));
        Assert.Equal("Fine", ok.ReasonPhrase);
        Assert.Equal(["z9hG4bK1", "z9hG4bK2"], ok.Vias.Select(v => v.Branch));
        Assert.Equal(["Via", "Via", "From", "To", "Call-ID", "CSeq"], ok.Headers.Select(h => h.Name));
        Assert.Throws<ArgumentOutOfRangeException>(() => SipResponse.CreateFor(request, 99));
        Assert.Throws<ArgumentOutOfRangeException>(() => SipResponse.CreateFor(request, 700));
    }
}
