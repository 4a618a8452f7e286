using Microsoft.Extensions.Logging;
using Siprec.Sip.Headers;
using Siprec.Sip.Messages;
using Siprec.Sip.Tests.Dialogs;
using Siprec.Sip.Tests.Support;

namespace Siprec.Sip.Tests.Refusals;

public sealed class SipRefusalTests
{
    public static TheoryData<string, string, int, string> StackRefusals => new()
    {
        { "malformed", "INVITE", 400, "Content-Length 'zero' is not a valid length." },
        { "cseq-method", "INVITE", 400, "The CSeq method BYE differs from the request method INVITE." },
        { "max-forwards", "INVITE", 483, "Too Many Hops" },
        { "foreign-route", "INVITE", 403, "Not a Proxy" },
        { "no-dialog", "INVITE", 481, "Call/Transaction Does Not Exist" },
        { "no-dialog", "UPDATE", 481, "Call/Transaction Does Not Exist" },
    };

    [Theory]
    [MemberData(nameof(StackRefusals))]
    public async Task Each_refusal_the_stack_makes_carries_a_warning_and_is_logged_and_counted(string path, string method, int status, string reason)
    {
        var loggers = new ListLoggerFactory();
        var observer = new CountingTrafficObserver();
        await using var harness = await StackHarness.StartAsync(fakeClock: true, loggers: loggers, observer: observer);
        using var peer = new SipUdpPeer();
        var callId = $"call-{path}-{method}";
        var request = SipTestMessages.Request(method, SipTestMessages.Branch(path + method), callId, cseq: 2, sentBy: peer.SentBy,
            toTag: path == "no-dialog" ? "not-ours" : null,
            extraHeaders: path == "foreign-route" ? "Route: <sip:192.0.2.77:5060;lr>\r\n" : "");
        request = path switch
        {
            "malformed" => request.Replace("Content-Length: 0", "Content-Length: zero", StringComparison.Ordinal),
            "cseq-method" => request.Replace($"CSeq: 2 {method}", "CSeq: 2 BYE", StringComparison.Ordinal),
            "max-forwards" => request.Replace("Max-Forwards: 70", "Max-Forwards: 0", StringComparison.Ordinal),
            _ => request,
        };

        await peer.SendAsync(request, harness.Udp);
        var refused = await peer.ReceiveFinalAsync(status);

        AssertExplained(refused, reason);
        AssertLoggedOnce(loggers, method, status, reason, callId, peer);
        Assert.Equal([status], observer.Refused);
        string[] malformed = path switch
        {
            "malformed" => ["invalid_content_length"],
            "cseq-method" => ["cseq_method_mismatch"],
            _ => [],
        };
        Assert.Equal(malformed, observer.Malformed);
        Assert.Equal(0, harness.Handler.RequestCount);
    }

    [Fact]
    public async Task A_cseq_out_of_order_update_is_explained()
    {
        var loggers = new ListLoggerFactory();
        await using var harness = await StackHarness.StartAsync(fakeClock: true, loggers: loggers);
        using var peer = new SipUdpPeer();
        var dialog = await DialogScenarios.EstablishAsync(harness, peer, "call-order");
        await harness.Handler.Requests.ReadAsync();

        await peer.SendAsync(SipTestMessages.Request("UPDATE", SipTestMessages.Branch("order5"), "call-order", cseq: 5, toTag: dialog.Id.LocalTag, sentBy: peer.SentBy), harness.Udp);
        await peer.ReceiveFinalAsync(200);
        await peer.SendAsync(SipTestMessages.Request("UPDATE", SipTestMessages.Branch("order3"), "call-order", cseq: 3, toTag: dialog.Id.LocalTag, sentBy: peer.SentBy), harness.Udp);
        var refused = await peer.ReceiveFinalAsync(500);

        AssertExplained(refused, "CSeq Out of Order");
        AssertLoggedOnce(loggers, "UPDATE", 500, "CSeq Out of Order", "call-order", peer);
    }

    [Fact]
    public async Task An_application_refusal_gets_our_warning_beside_any_specific_one_it_carries()
    {
        var loggers = new ListLoggerFactory();
        await using var harness = await StackHarness.StartAsync(fakeClock: true, loggers: loggers);
        using var peer = new SipUdpPeer();
        harness.Handler.Answer = (tx, ct) =>
        {
            var response = SipResponse.CreateFor(tx.Request, 488, tx.Request.CallId == "call-own" ? "No Usable Audio Codec" : "Codec \"X\" Refused");
            if (tx.Request.CallId == "call-own")
                response.Headers.Add(SipHeaderNames.Warning, "305 127.0.0.1 \"Incompatible media format\"");
            return tx.SendResponseAsync(response, ct).AsTask();
        };

        await peer.SendAsync(SipTestMessages.Invite(SipTestMessages.Branch("app"), "call-app", peer.Port, peer.SentBy), harness.Udp);
        var ours = await peer.ReceiveFinalAsync(488);
        await peer.SendAsync(SipTestMessages.Invite(SipTestMessages.Branch("own"), "call-own", peer.Port, peer.SentBy), harness.Udp);
        var own = await peer.ReceiveFinalAsync(488);

        Assert.Equal("399 127.0.0.1 \"Codec \\\"X\\\" Refused\"", ours.Headers.Get("Warning"));
        Assert.Equal(["305 127.0.0.1 \"Incompatible media format\"", "399 127.0.0.1 \"No Usable Audio Codec\""], own.Headers.GetAll("Warning"));
        AssertLoggedOnce(loggers, "INVITE", 488, "No Usable Audio Codec", "call-own", peer);
    }

    [Theory]
    [InlineData("OPTIONS", 405)]
    [InlineData("INVITE", 302)]
    public async Task Answers_that_refuse_no_invite_or_update_are_left_alone(string method, int status)
    {
        var loggers = new ListLoggerFactory();
        await using var harness = await StackHarness.StartAsync(fakeClock: true, loggers: loggers);
        using var peer = new SipUdpPeer();
        harness.Handler.Answer = (tx, ct) => tx.RespondAsync(status, null, ct).AsTask();

        await peer.SendAsync(SipTestMessages.Request(method, SipTestMessages.Branch("alone" + method), "call-alone", sentBy: peer.SentBy), harness.Udp);
        var response = await peer.ReceiveFinalAsync(status);

        Assert.Null(response.Headers.Get("Warning"));
        Assert.DoesNotContain(loggers.Entries, e => e.Message.StartsWith("Refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_flood_from_one_source_is_logged_a_few_times_then_summed_up_once_a_minute()
    {
        var loggers = new ListLoggerFactory();
        await using var harness = await StackHarness.StartAsync(fakeClock: true, loggers: loggers);
        using var peer = new SipUdpPeer();

        for (var i = 0; i < 8; i++)
        {
            var broken = SipTestMessages.Request("INVITE", SipTestMessages.Branch("flood" + i), "call-flood-" + i, sentBy: peer.SentBy)
                .Replace("Content-Length: 0", "Content-Length: zero", StringComparison.Ordinal);
            await peer.SendAsync(broken, harness.Udp);
            Assert.Equal(400, (await peer.ReceiveResponseAsync()).StatusCode);
        }

        Assert.Equal(5, loggers.Entries.Count(e => e.Message.StartsWith("Refused INVITE", StringComparison.Ordinal)));
        Assert.DoesNotContain(loggers.Entries, e => e.Message.Contains("more refused", StringComparison.Ordinal));
        harness.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(["3 more refused or malformed messages from 127.0.0.1 in the last 60 s were not logged one by one"],
            loggers.Entries.Where(e => e.Message.Contains("more refused", StringComparison.Ordinal)).Select(e => e.Message));
    }

    private static void AssertExplained(SipResponse refused, string reason)
    {
        Assert.Equal(reason, refused.ReasonPhrase);
        Assert.Equal($"399 127.0.0.1 \"{reason}\"", refused.Headers.Get("Warning"));
    }

    private static void AssertLoggedOnce(ListLoggerFactory loggers, string method, int status, string reason, string callId, SipUdpPeer peer)
    {
        var line = Assert.Single(loggers.Entries, e => e.Message.StartsWith("Refused", StringComparison.Ordinal) && e.Message.Contains(callId, StringComparison.Ordinal));
        Assert.Equal((LogLevel.Warning, $"Refused {method} with {status} {reason}: Call-ID {callId} from 127.0.0.1:{peer.Port}"), line);
    }
}
