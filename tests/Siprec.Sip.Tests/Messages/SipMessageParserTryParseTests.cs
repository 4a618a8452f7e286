using System.Text;
using Siprec.Sip.Messages;

namespace Siprec.Sip.Tests.Messages;

public sealed class SipMessageParserTryParseTests
{
    private static readonly byte[][] Seeds =
    [
        SipSamples.Bytes(SipSamples.Invite),
        SipSamples.Bytes(SipSamples.Response),
        SipSamples.Bytes(SipSamples.Options),
        Encoding.UTF8.GetBytes(TortureMessages.Wsinv),
        Encoding.UTF8.GetBytes(TortureMessages.Mpart01),
    ];

    [Theory]
    [MemberData(nameof(SipMessageParserErrorTests.Malformed), MemberType = typeof(SipMessageParserErrorTests))]
    public void Refuses_without_throwing_with_the_reason_and_text_parse_throws(string text, SipParseError expected)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var thrown = Assert.Throws<SipParseException>(() => SipMessageParser.Parse(bytes));

        Assert.False(SipMessageParser.TryParse(bytes, SipParserOptions.Default, out var message, out var failure));

        Assert.Null(message);
        Assert.Equal(expected, failure.Error);
        Assert.Equal(thrown.Message, failure.Message);
        Assert.Equal(thrown.SuggestedStatusCode, failure.SuggestedStatusCode);
    }

    [Fact]
    public void Parses_a_valid_request_as_parse_does()
    {
        var bytes = SipSamples.Bytes(SipSamples.Invite);

        Assert.True(SipMessageParser.TryParse(bytes, SipParserOptions.Default, out var message, out var failure));

        var parsed = SipMessageParser.Parse(bytes);
        Assert.Equal(default, failure);
        var request = Assert.IsType<SipRequest>(message);
        Assert.Equal(((SipRequest)parsed).Method, request.Method);
        Assert.Equal(parsed.CallId, request.CallId);
        Assert.Equal(parsed.Body.ToArray(), request.Body.ToArray());
        Assert.Equal(parsed.Headers.Count, request.Headers.Count);
    }

    [Theory]
    [InlineData(1024, 100, 50, SipParseError.HeadersTooLarge, 513)]
    [InlineData(8192, 10, 50, SipParseError.TooManyHeaders, 513)]
    [InlineData(8192, 100, 10, SipParseError.BodyTooLarge, 513)]
    public void Applies_the_limits_of_its_options(int maxHeaderBytes, int maxHeaderCount, int maxBodyBytes, SipParseError expected, int status)
    {
        var text = "OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKa\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>\r\n" +
            "Call-ID: c\r\nCSeq: 1 OPTIONS\r\n" + string.Concat(Enumerable.Repeat("X-A: " + new string('a', 60) + "\r\n", 20)) +
            "Content-Length: 20\r\n\r\n" + new string('x', 20);
        var options = new SipParserOptions { MaxHeaderBytes = maxHeaderBytes, MaxHeaderCount = maxHeaderCount, MaxBodyBytes = maxBodyBytes };

        Assert.False(SipMessageParser.TryParse(Encoding.UTF8.GetBytes(text), options, out _, out var failure));

        Assert.Equal(expected, failure.Error);
        Assert.Equal(status, failure.SuggestedStatusCode);
    }

    [Fact]
    public void Tells_every_mutated_message_by_its_result_and_never_throws()
    {
        var mutator = new ByteMutator(20261207);
        var refused = 0;
        for (var i = 0; i < 3000; i++)
        {
            var input = mutator.Mutate(Seeds[i % Seeds.Length]);

            var parsed = SipMessageParser.TryParse(input, SipParserOptions.Default, out var message, out var failure);

            Assert.Equal(parsed, message is not null);
            if (!parsed)
            {
                Assert.True(Enum.IsDefined(failure.Error));
                Assert.False(string.IsNullOrWhiteSpace(failure.Message));
                refused++;
            }
        }

        Assert.InRange(refused, 1, 2999);
    }
}
