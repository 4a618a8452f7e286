using System.Text;
using Siprec.Sip.Messages;

namespace Siprec.Sip.Tests.Messages;

public sealed class SipMessageParserTests
{
    [Fact]
    public void ParsesInviteWithTypedHeaders()
    {
        var message = SipMessageParser.Parse(SipSamples.Bytes(SipSamples.Invite));

        var request = Assert.IsType<SipRequest>(message);
        Assert.Equal("INVITE", request.Method);
        Assert.Equal("srs", request.RequestUri.User);
        Assert.Equal("recorder.example.com", request.RequestUri.Host);
        Assert.Equal(5060, request.RequestUri.Port);
        Assert.Equal("tcp", request.RequestUri.Transport);
        Assert.Equal(2, request.Vias.Count);
        Assert.Equal("TCP", request.Vias[0].Transport);
        Assert.Equal("z9hG4bK-524287-1", request.Vias[0].Branch);
        Assert.True(request.Vias[0].HasRport);
        Assert.Null(request.Vias[0].Rport);
        Assert.Equal("198.51.100.8", request.Vias[1].Received);
        Assert.Equal("SBC Recorder", request.From!.DisplayName);
        Assert.Equal("9fxced76sl", request.From.Tag);
        Assert.Null(request.To!.Tag);
        Assert.Equal("3848276298220188511@sbc.example.com", request.CallId);
        Assert.Equal(new Siprec.Sip.Headers.SipCSeq(314159, "INVITE"), request.CSeq);
        Assert.Equal(70, request.MaxForwards);
        Assert.Equal(["siprec"], request.Require);
        Assert.Equal(["timer", "replaces", "100rel"], request.Supported);
        Assert.Equal("application/sdp", request.ContentType!.MediaType);
        Assert.Single(request.Contacts);
        Assert.Equal("v=0\r\no=- 1 1", Encoding.UTF8.GetString(request.Body.Span));
    }

    [Fact]
    public void ParsesCompactForms()
    {
        var request = Assert.IsType<SipRequest>(SipMessageParser.Parse(SipSamples.Bytes(SipSamples.Options)));

        Assert.Equal("opt-1@sbc.example.com", request.CallId);
        Assert.Equal("p1", request.From!.Tag);
        Assert.Equal("z9hG4bK-opt", request.Vias[0].Branch);
        Assert.Equal("opt-1@sbc.example.com", request.Headers.Get("i"));
        Assert.Equal(0, request.Body.Length);
    }

    [Fact]
    public void ParsesResponse()
    {
        var response = Assert.IsType<SipResponse>(SipMessageParser.Parse(SipSamples.Bytes(SipSamples.Response)));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("OK", response.ReasonPhrase);
        Assert.Equal("b2", response.To!.Tag);
    }

    [Fact]
    public void TypedViewsFollowHeaderChanges()
    {
        var request = (SipRequest)SipMessageParser.Parse(SipSamples.Bytes(SipSamples.Invite));
        var first = request.Vias;

        Assert.Same(first, request.Vias);
        request.Headers.ReplaceFirst("Via", first[0].WithReceived("203.0.113.7").ToString());
        request.Headers.Set("To", request.To!.WithTag("srs-1").ToString());
        request.Headers.Set("CSeq", "314160 INVITE");

        Assert.Equal("203.0.113.7", request.Vias[0].Received);
        Assert.Equal("srs-1", request.To!.Tag);
        Assert.Equal(314160u, request.CSeq!.Number);
        Assert.Equal("9fxced76sl", request.From!.Tag);
        Assert.True(request.Headers.Remove("From"));
        Assert.Null(request.From);
    }
}
