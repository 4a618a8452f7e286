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
}
