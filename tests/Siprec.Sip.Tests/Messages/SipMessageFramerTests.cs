using System.Buffers;
using System.Text;
using Siprec.Sip.Messages;

namespace Siprec.Sip.Tests.Messages;

public sealed class SipMessageFramerTests
{
    public static TheoryData<string> Messages =>
        [SipSamples.Invite, SipSamples.Response, SipSamples.Options, TortureMessages.Wsinv, TortureMessages.Mpart01];

    [Theory]
    [MemberData(nameof(Messages))]
    public void EveryPrefixIsIncomplete(string sample)
    {
        var bytes = Encoding.UTF8.GetBytes(SipSamples.Crlf(sample));
        for (var length = 0; length < bytes.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(bytes, 0, length);
            Assert.False(SipMessageFramer.TryFrame(buffer, out var end), $"prefix of {length} bytes");
            Assert.Equal(buffer.Start, end);
        }
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void FramesWholeMessageFollowedByNextOne(string sample)
    {
        var bytes = Encoding.UTF8.GetBytes(SipSamples.Crlf(sample));
        var stream = bytes.Concat(bytes).ToArray();

        Assert.True(SipMessageFramer.TryFrame(new ReadOnlySequence<byte>(stream), out var end));

        Assert.Equal(bytes.Length, end.GetInteger());
        Assert.Equal(SipMessageParser.Parse(bytes).CallId, SipMessageParser.Parse(stream.AsSpan(0, end.GetInteger())).CallId);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    public void FramesAcrossSegmentsAfterKeepAlives(int chunk)
    {
        var message = SipSamples.Bytes(SipSamples.Invite);
        var stream = "\r\n\r\n\r\n"u8.ToArray().Concat(message).Concat(message).ToArray();
        var buffer = ChunkedSequence.Create(stream, chunk);

        Assert.True(SipMessageFramer.TryFrame(buffer, out var end));

        var framed = buffer.Slice(0, end);
        Assert.Equal(6 + message.Length, framed.Length);
        var request = Assert.IsType<SipRequest>(SipMessageParser.Parse(framed));
        Assert.Equal(12, request.Body.Length);
        Assert.True(SipMessageFramer.TryFrame(buffer.Slice(end), out var second));
        Assert.Equal(message.Length, buffer.Slice(end).Slice(0, second).Length);
    }

    [Fact]
    public void KeepAlivesAloneAreIncompleteAndSkippable()
    {
        var buffer = new ReadOnlySequence<byte>("\r\n\r\n"u8.ToArray());

        Assert.False(SipMessageFramer.TryFrame(buffer, out var end));

        Assert.Equal(buffer.Start, end);
        Assert.Equal(buffer.End, SipMessageFramer.SkipKeepAlives(buffer));
    }

    [Fact]
    public void BareLfHeaderTerminatorIsFramed()
    {
        var bytes = Encoding.UTF8.GetBytes(SipSamples.Options.ReplaceLineEndings("\n").TrimEnd('\n') + "\n\n");

        Assert.True(SipMessageFramer.TryFrame(new ReadOnlySequence<byte>(bytes), out var end));

        Assert.Equal(bytes.Length, end.GetInteger());
    }

    public static TheoryData<string, SipParseError> Malformed => new()
    {
        { "OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n", SipParseError.MissingContentLength },
        { "OPTIONS sip:a@b SIP/2.0\r\nContent-Length: x\r\n\r\n", SipParseError.InvalidContentLength },
        { "OPTIONS sip:a@b SIP/2.0\r\nContent-Length: -1\r\n\r\n", SipParseError.InvalidContentLength },
        { "OPTIONS sip:a@b SIP/2.0\r\nl: 99999999999\r\n\r\n", SipParseError.InvalidContentLength },
        { "OPTIONS sip:a@b SIP/2.0\r\nl: 1\r\nContent-Length: 2\r\n\r\n", SipParseError.DuplicateHeader },
        { "OPTIONS sip:a@b SIP/2.0\r\nl: 999999999\r\n\r\n", SipParseError.BodyTooLarge },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void RejectsMalformedStreams(string text, SipParseError expected)
    {
        var error = Assert.Throws<SipParseException>(
            () => SipMessageFramer.TryFrame(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text)), out _));

        Assert.Equal(expected, error.Error);
    }

    [Fact]
    public void RejectsOversizeHeadersEvenWithoutTerminator()
    {
        var options = new SipParserOptions { MaxHeaderBytes = 1024 };
        var endless = Encoding.UTF8.GetBytes("OPTIONS sip:a@b SIP/2.0\r\n" + string.Concat(Enumerable.Repeat("X-Pad: 0123456789\r\n", 100)));

        var error = Assert.Throws<SipParseException>(
            () => SipMessageFramer.TryFrame(new ReadOnlySequence<byte>(endless), out _, options));
        var underLimit = SipMessageFramer.TryFrame(new ReadOnlySequence<byte>(endless, 0, 1000), out _, options);

        Assert.Equal(SipParseError.HeadersTooLarge, error.Error);
        Assert.False(underLimit);
    }
}
