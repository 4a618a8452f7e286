using System.Text;
using Siprec.Sip.Messages;
using Siprec.Sip.Overload;
using Siprec.Sip.Tests.Support;
using Siprec.Sip.Transactions;

namespace Siprec.Sip.Tests.Overload;

public sealed class SipRawRequestHeadTests
{
    public static TheoryData<string, string> Matchable => new()
    {
        { "plain INVITE", SipTestMessages.Invite(SipTestMessages.Branch("a1"), "call-a1", 5099, "127.0.0.1:5099") },
        { "upper-case host, no port", SipTestMessages.Request("INVITE", SipTestMessages.Branch("a2"), "call-a2", sentBy: "SRC.Example.COM") },
        { "TCP", SipTestMessages.Request("INVITE", SipTestMessages.Branch("a3"), "call-a3", transport: "TCP") },
        { "compact header names", "INVITE sip:srs@127.0.0.1 SIP/2.0\r\nv: SIP/2.0/UDP 10.0.0.1:5070;branch=z9hG4bKc1;rport\r\nf: <sip:a@b>;tag=1\r\nt: <sip:srs@127.0.0.1>\r\ni: call-c1\r\nCSeq: 1 INVITE\r\nl: 0\r\n\r\n" },
        { "ACK", SipTestMessages.Request("ACK", SipTestMessages.Branch("a4"), "call-a4", toTag: "srs-1") },
    };

    [Theory]
    [MemberData(nameof(Matchable))]
    public void The_raw_key_is_the_key_of_the_parsed_request(string shape, string text)
    {
        var raw = Encoding.UTF8.GetBytes(text);
        var parsed = (SipRequest)SipMessageParser.Parse(raw);

        Assert.True(SipRawRequestHead.TryRead(raw, out var head), shape);
        Assert.Equal(SipServerTransactionKeys.For(parsed, SipMethods.Invite), head.KeyFor(SipMethods.Invite));
        Assert.True(head.IsMethod(Encoding.ASCII.GetBytes(parsed.Method)));
        Assert.Equal(parsed.ToTag() is not null, head.HasToTag);
    }

    [Fact]
    public void A_plain_new_invite_can_be_refused_from_its_raw_lines()
    {
        var raw = Encoding.UTF8.GetBytes(SipTestMessages.Invite(SipTestMessages.Branch("p1"), "call-p1", 5099, "127.0.0.1:5099"));

        Assert.True(SipRawRequestHead.TryRead(raw, out var head));
        Assert.True(head.IsMethod("INVITE"u8));
        Assert.False(head.HasToTag);
        Assert.True(head.IsPlain);
    }

    [Fact]
    public void An_in_dialog_invite_shows_its_to_tag()
    {
        var raw = Encoding.UTF8.GetBytes(SipTestMessages.Request("INVITE", SipTestMessages.Branch("r1"), "call-r1", cseq: 2, toTag: "srs-tag"));

        Assert.True(SipRawRequestHead.TryRead(raw, out var head));
        Assert.True(head.HasToTag);
    }

    public static TheoryData<string, string> NotPlain => new()
    {
        { "a Route", SipTestMessages.Request("INVITE", SipTestMessages.Branch("n1"), "call-n1", extraHeaders: "Route: <sip:proxy.example.com;lr>\r\n") },
        { "two Vias", SipTestMessages.Request("INVITE", SipTestMessages.Branch("n2"), "call-n2", extraHeaders: "Via: SIP/2.0/UDP 10.0.0.9;branch=z9hG4bKup\r\n") },
        { "Max-Forwards 0", SipTestMessages.Request("INVITE", SipTestMessages.Branch("n3"), "call-n3").Replace("Max-Forwards: 70", "Max-Forwards: 0", StringComparison.Ordinal) },
        { "maddr", SipTestMessages.Request("INVITE", SipTestMessages.Branch("n4"), "call-n4", viaParameters: ";maddr=239.1.1.1") },
        { "CSeq of another method", SipTestMessages.Request("INVITE", SipTestMessages.Branch("n5"), "call-n5", cseqMethod: "OPTIONS") },
        { "no Call-ID", SipTestMessages.Request("INVITE", SipTestMessages.Branch("n6"), "call-n6").Replace("Call-ID: call-n6\r\n", string.Empty, StringComparison.Ordinal) },
    };

    [Theory]
    [MemberData(nameof(NotPlain))]
    public void A_request_the_full_path_would_answer_otherwise_is_not_plain(string shape, string text)
    {
        Assert.True(SipRawRequestHead.TryRead(Encoding.UTF8.GetBytes(text), out var head), shape);
        Assert.False(head.IsPlain, shape);
    }

    public static TheoryData<string, string> Unreadable => new()
    {
        { "a response", "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5099;branch=z9hG4bKx\r\nCSeq: 1 INVITE\r\n\r\n" },
        { "an RFC 2543 branch", SipTestMessages.Request("INVITE", "old-branch", "call-u1") },
        { "no branch", SipTestMessages.Request("INVITE", string.Empty, "call-u2").Replace(";branch=", string.Empty, StringComparison.Ordinal) },
        { "TLS", SipTestMessages.Request("INVITE", SipTestMessages.Branch("u3"), "call-u3", transport: "TLS") },
        { "an IPv6 sent-by", SipTestMessages.Request("INVITE", SipTestMessages.Branch("u4"), "call-u4", sentBy: "[::1]:5099") },
        { "a folded header", SipTestMessages.Request("INVITE", SipTestMessages.Branch("u5"), "call-u5", extraHeaders: "Subject: a\r\n b\r\n") },
        { "no request line end", "INVITE sip:srs@127.0.0.1 SIP/2.0" },
        { "another SIP version", SipTestMessages.Request("INVITE", SipTestMessages.Branch("u6"), "call-u6").Replace(" SIP/2.0\r\n", " SIP/3.0\r\n", StringComparison.Ordinal) },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public void What_cannot_be_matched_from_raw_lines_is_left_to_the_parser(string shape, string text) =>
        Assert.False(SipRawRequestHead.TryRead(Encoding.UTF8.GetBytes(text), out _), shape);
}
