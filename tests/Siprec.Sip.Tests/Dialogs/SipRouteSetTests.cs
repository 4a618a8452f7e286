using Siprec.Sip.Dialogs;
using Siprec.Sip.Headers;

namespace Siprec.Sip.Tests.Dialogs;

public sealed class SipRouteSetTests
{
    private static readonly SipUri RemoteTarget = SipUri.Parse("sip:src@192.0.2.10:5070;transport=udp");

    [Fact]
    public void Loose_first_hop_keeps_the_remote_target_as_request_uri_and_the_whole_set_as_route()
    {
        var routes = new SipRouteSet(["<sip:10.0.0.1;lr;ftag=abc>", "<sip:proxy2.example:5080;lr>"]);

        Assert.False(routes.IsStrict);
        Assert.Equal(RemoteTarget, routes.RequestUri(RemoteTarget));
        Assert.Equal(["<sip:10.0.0.1;lr;ftag=abc>", "<sip:proxy2.example:5080;lr>"], routes.Routes(RemoteTarget));
        Assert.Equal(SipUri.Parse("sip:10.0.0.1;lr;ftag=abc"), routes.NextHop(RemoteTarget));
    }

    [Fact]
    public void Strict_first_hop_becomes_the_request_uri_and_the_remote_target_the_last_route()
    {
        var routes = new SipRouteSet(["<sip:10.0.0.1:5090;method=INVITE;maddr=10.0.0.2?X-Hint=1>", "<sip:proxy2.example;lr>"]);

        Assert.True(routes.IsStrict);
        Assert.Equal("sip:10.0.0.1:5090;maddr=10.0.0.2", routes.RequestUri(RemoteTarget).ToString());
        Assert.Equal(["<sip:proxy2.example;lr>", "<sip:src@192.0.2.10:5070;transport=udp>"], routes.Routes(RemoteTarget));
        Assert.Equal("10.0.0.1", routes.NextHop(RemoteTarget).Host);
    }

    [Fact]
    public void Empty_set_sends_straight_to_the_remote_target()
    {
        var routes = new SipRouteSet([]);

        Assert.False(routes.IsStrict);
        Assert.Equal(RemoteTarget, routes.RequestUri(RemoteTarget));
        Assert.Empty(routes.Routes(RemoteTarget));
        Assert.Equal(RemoteTarget, routes.NextHop(RemoteTarget));
    }

    [Fact]
    public void Record_route_values_are_taken_in_order_across_lines_and_commas()
    {
        var invite = Assert.IsType<Siprec.Sip.Messages.SipRequest>(Siprec.Sip.Messages.SipMessageParser.Parse(System.Text.Encoding.UTF8.GetBytes(
            Support.SipTestMessages.Invite(Support.SipTestMessages.Branch("rr"), "call-rr", 5098, "127.0.0.1:5098",
                extraHeaders: "Record-Route: <sip:p1.example;lr>, <sip:p2.example;lr>\r\nRecord-Route: <sip:p3.example;lr;r2=on>\r\n"))));

        var routes = SipRouteSet.FromRecordRoute(invite);

        Assert.Equal(["<sip:p1.example;lr>", "<sip:p2.example;lr>", "<sip:p3.example;lr;r2=on>"], routes.Values);
    }
}
