using System.Net;
using Siprec.Sip.Headers;
using Siprec.Sip.Messages;
using Siprec.Sip.Transactions;
using Siprec.Sip.Transport;

namespace Siprec.Sip.Tests.Transactions;

public sealed class SipResponseRoutingTests
{
    public static TheoryData<string, string, string?, string?> StampCases => new()
    {
        // via sent-by and params, source, expected received, expected rport
        { "127.0.0.1:5070", "127.0.0.1:5070", null, null },
        { "127.0.0.1:5070;rport", "127.0.0.1:40000", null, "40000" },
        { "10.1.1.1:5070", "127.0.0.1:5070", "127.0.0.1", null },
        { "sbc.example;rport", "127.0.0.1:40001", "127.0.0.1", "40001" },
        { "127.0.0.1;rport=7000", "127.0.0.1:40002", null, "7000" },
    };

    public static TheoryData<string, string, string> DestinationCases => new()
    {
        // via sent-by and params, source, expected destination
        { "127.0.0.1:5070", "127.0.0.1:40000", "127.0.0.1:5070" },
        { "127.0.0.1", "127.0.0.1:40000", "127.0.0.1:5060" },
        { "127.0.0.1:5070;rport=40000;received=127.0.0.1", "127.0.0.1:40000", "127.0.0.1:40000" },
        { "sbc.example:5080;received=127.0.0.1", "127.0.0.1:40000", "127.0.0.1:5080" },
        { "sbc.example:5080", "127.0.0.1:40000", "127.0.0.1:40000" },
    };

    [Theory]
    [MemberData(nameof(StampCases))]
    public void Stamps_received_and_rport_per_rfc_3581(string via, string source, string? received, string? rport)
    {
        var request = Options(via);

        SipResponseRouting.StampReceived(request, IPEndPoint.Parse(source));

        var top = request.Vias[0];
        Assert.Equal(received, top.Received);
        Assert.Equal(rport, top.Parameters.Get("rport"));
    }

    [Theory]
    [MemberData(nameof(DestinationCases))]
    public void Picks_the_udp_response_destination_per_rfc_3261_18_2_2(string via, string source, string expected)
    {
        var destination = SipResponseRouting.DestinationFor(Options(via), new FakeChannel(reliable: false), IPEndPoint.Parse(source));

        Assert.Equal(IPEndPoint.Parse(expected), destination);
    }

    [Fact]
    public void Stream_responses_go_to_the_connection_peer()
    {
        var source = IPEndPoint.Parse("127.0.0.1:40000");

        var destination = SipResponseRouting.DestinationFor(Options("127.0.0.1:5070"), new FakeChannel(reliable: true), source);

        Assert.Equal(source, destination);
    }

    private static SipRequest Options(string via)
    {
        var request = new SipRequest("OPTIONS", SipUri.Parse("sip:srs@127.0.0.1"));
        request.Headers.Add(SipHeaderNames.Via, "SIP/2.0/UDP " + via + ";branch=z9hG4bKroute");
        return request;
    }

    private sealed class FakeChannel(bool reliable) : ISipChannel
    {
        public SipTransportKind Kind => reliable ? SipTransportKind.Tcp : SipTransportKind.Udp;

        public bool IsReliable => reliable;

        public IPEndPoint LocalEndPoint { get; } = IPEndPoint.Parse("127.0.0.1:5060");

        public ValueTask SendAsync(ReadOnlyMemory<byte> message, IPEndPoint destination, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
