using System.Buffers;
using System.Text;
using Siprec.Sip.Messages;

namespace Siprec.Sip.Tests.Messages;

/// <summary>Inputs that sit on index boundaries of the parser; each must end in a specific <see cref="SipParseError"/>, never a crash.</summary>
public sealed class EdgeInputRegressionTests
{
    public static TheoryData<string, SipParseError> Edges => new()
    {
        { " ", SipParseError.MissingHeaderTerminator },
        { "\n\n\n", SipParseError.Empty },
        { "\r", SipParseError.Empty },
        { " \r\n\r\n", SipParseError.InvalidStartLine },
        { "A\r\n\r\n", SipParseError.InvalidStartLine },
        { "A B\r\n\r\n", SipParseError.InvalidStartLine },
        { "A  \r\n\r\n", SipParseError.InvalidStartLine },
        { "  \r\n\r\n", SipParseError.InvalidStartLine },
        { "A B C\r\n\r\n", SipParseError.InvalidVersion },
        { "A B SIP/\r\n\r\n", SipParseError.InvalidVersion },
        { "A B SIP/.\r\n\r\n", SipParseError.InvalidVersion },
        { "A B SIP/2.\r\n\r\n", SipParseError.InvalidVersion },
        { "A sip:b SIP/2.0\r\n\r\n", SipParseError.MissingVia },
        { "A sip:b SIP/2.0\r\n:\r\n\r\n", SipParseError.InvalidHeaderLine },
        { "A sip:b SIP/2.0\r\nVia:\r\n\r\n", SipParseError.InvalidVia },
        { "A sip:b SIP/2.0\r\nVia: ,\r\n\r\n", SipParseError.InvalidVia },
        { "A sip:b SIP/2.0\r\nSubject: lone\rCR\r\n\r\n", SipParseError.InvalidHeaderValue },
        { "A sip:b SIP/2.0\r\nVia: \"\r\n\r\n", SipParseError.InvalidHeaderValue },
        { "A sip:b SIP/2.0\r\nVia: <\r\n\r\n", SipParseError.InvalidHeaderValue },
        { "A sip:b SIP/2.0\r\nVia: SIP/2.0/UDP [\r\n\r\n", SipParseError.InvalidVia },
        { "A sip:b SIP/2.0\r\nVia: SIP/2.0/UDP [::1]:\r\n\r\n", SipParseError.InvalidVia },
        { "A sip:b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=\"\r\n\r\n", SipParseError.InvalidHeaderValue },
        { "A sip:b SIP/2.0\r\nVia: SIP/2.0/UDP h;x=\"\\\r\n\r\n", SipParseError.InvalidHeaderValue },
        { "A sip:b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nFrom: \"\\\"\r\n\r\n", SipParseError.InvalidFrom },
        { "A sip:b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nFrom: <\r\n\r\n", SipParseError.InvalidFrom },
        { "A sip:b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nFrom: >\r\n\r\n", SipParseError.InvalidFrom },
        { "A sip:b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nFrom: a<>\r\n\r\n", SipParseError.InvalidFrom },
        { "A sip:b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nFrom: x:\r\n\r\n", SipParseError.InvalidFrom },
        { "SIP/2.0 \r\n\r\n", SipParseError.InvalidStatusCode },
        { "SIP/2.0  200 OK\r\n\r\n", SipParseError.InvalidStatusCode },
        { "SIP/2.0 200\r\n\r\n", SipParseError.MissingVia },
        { "sip:a@b SIP/2.0 x\r\n\r\n", SipParseError.InvalidMethod },
        { "A sip:[ SIP/2.0\r\n\r\n", SipParseError.InvalidRequestUri },
        { "A sip:a@ SIP/2.0\r\n\r\n", SipParseError.InvalidRequestUri },
        { "A sip:% SIP/2.0\r\n\r\n", SipParseError.InvalidRequestUri },
        { "A sip:h? SIP/2.0\r\n\r\n", SipParseError.InvalidRequestUri },
        { "A sip:h;; SIP/2.0\r\n\r\n", SipParseError.InvalidRequestUri },
        { "A :x SIP/2.0\r\n\r\n", SipParseError.InvalidRequestUri },
    };

    [Theory]
    [MemberData(nameof(Edges))]
    public void EndsInSpecificError(string text, SipParseError expected)
    {
        var bytes = Encoding.UTF8.GetBytes(text);

        var error = Assert.Throws<SipParseException>(() => SipMessageParser.Parse(bytes));
        var fromSequence = Assert.Throws<SipParseException>(() => SipMessageParser.Parse(ChunkedSequence.Create(bytes, 3)));

        Assert.Equal(expected, error.Error);
        Assert.Equal(expected, fromSequence.Error);
    }

    [Theory]
    [MemberData(nameof(Edges))]
    public void FramerNeverCrashes(string text, SipParseError unused)
    {
        _ = unused;
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text));

        var exception = Record.Exception(() => SipMessageFramer.TryFrame(buffer, out _));

        Assert.True(exception is null or SipParseException, exception?.ToString());
    }
}
