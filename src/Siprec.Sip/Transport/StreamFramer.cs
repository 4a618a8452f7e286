using System.Buffers;
using Siprec.Sip.Messages;

namespace Siprec.Sip.Transport;

/// <summary>Applies the message framer to a stream buffer and enforces the size limit.</summary>
internal static class StreamFramer
{
    public static StreamFrameVerdict TryFrame(ReadOnlySequence<byte> buffer, int maxMessageSize, out ReadOnlySequence<byte> frame, out string? error, out int statusCode)
    {
        frame = default;
        error = null;
        statusCode = 400;
        bool framed;
        SequencePosition end;
        try
        {
            framed = SipMessageFramer.TryFrame(buffer, out end);
        }
        catch (SipParseException ex)
        {
            error = ex.Message;
            statusCode = ex.SuggestedStatusCode;
            return StreamFrameVerdict.Malformed;
        }

        if (!framed)
        {
            if (buffer.Length > maxMessageSize)
            {
                error = $"message larger than {maxMessageSize} bytes";
                return StreamFrameVerdict.TooLarge;
            }

            return StreamFrameVerdict.NeedMore;
        }

        frame = buffer.Slice(0, end);
        if (frame.Length > maxMessageSize)
        {
            error = $"message larger than {maxMessageSize} bytes";
            return StreamFrameVerdict.TooLarge;
        }

        return StreamFrameVerdict.Framed;
    }
}
