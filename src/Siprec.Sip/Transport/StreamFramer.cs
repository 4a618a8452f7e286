using System.Buffers;
using Siprec.Sip.Grammar;
using Siprec.Sip.Messages;
using Siprec.Sip.Refusals;

namespace Siprec.Sip.Transport;

/// <summary>Applies the message framer to a stream buffer, rejects bytes that cannot start a message and enforces the size limit.</summary>
internal static class StreamFramer
{
    private static readonly SipStreamFault NotAStartLine = new(
        SipMalformedReasons.Of(SipParseError.InvalidStartLine), 400, "The stream does not begin with a SIP request or status line.");

    public static StreamFrameVerdict TryFrame(ReadOnlySequence<byte> buffer, int maxMessageSize, out ReadOnlySequence<byte> frame, out SipStreamFault? fault)
    {
        frame = default;
        fault = null;
        if (!MayStartMessage(buffer))
        {
            fault = NotAStartLine;
            return StreamFrameVerdict.Malformed;
        }

        bool framed;
        SequencePosition end;
        try
        {
            framed = SipMessageFramer.TryFrame(buffer, out end);
        }
        catch (SipParseException ex)
        {
            fault = new SipStreamFault(SipMalformedReasons.Of(ex.Error), ex.SuggestedStatusCode, ex.Message);
            return StreamFrameVerdict.Malformed;
        }

        if (!framed)
        {
            if (buffer.Length > maxMessageSize)
            {
                fault = TooLarge(maxMessageSize);
                return StreamFrameVerdict.TooLarge;
            }

            return StreamFrameVerdict.NeedMore;
        }

        frame = buffer.Slice(0, end);
        if (frame.Length > maxMessageSize)
        {
            fault = TooLarge(maxMessageSize);
            return StreamFrameVerdict.TooLarge;
        }

        return StreamFrameVerdict.Framed;
    }

    /// <summary>
    /// False once the bytes seen cannot be the start of a request line (a method token) or a status line: binary
    /// noise or a TLS hello on the TCP port is refused at its first byte, text garbage at its first line end.
    /// </summary>
    private static bool MayStartMessage(ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        reader.AdvancePastAny((byte)'\r', (byte)'\n');
        if (!reader.TryPeek(out var first))
            return true;
        if (!SipCharacters.IsToken(first))
            return false;
        if (!reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
            return true;
        if (line.Length > 0 && line.Slice(line.Length - 1).FirstSpan[0] == '\r')
            line = line.Slice(0, line.Length - 1);
        var lineReader = new SequenceReader<byte>(line);
        if (lineReader.IsNext("SIP/"u8))
            return true;
        // A request line ends with its SIP-Version: the last space is followed by "SIP/".
        var lastSpace = -1L;
        while (lineReader.TryAdvanceTo((byte)' '))
            lastSpace = lineReader.Consumed;
        if (lastSpace < 0)
            return false;
        var version = new SequenceReader<byte>(line.Slice(lastSpace));
        return version.IsNext("SIP/"u8);
    }

    private static SipStreamFault TooLarge(int maxMessageSize) =>
        new(SipMalformedReasons.MessageTooLarge, 513, $"The message is larger than {maxMessageSize} bytes.");
}
