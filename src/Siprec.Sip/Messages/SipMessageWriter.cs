using System.Buffers;
using System.Globalization;
using System.Text;
using Siprec.Sip.Headers;

namespace Siprec.Sip.Messages;

/// <summary>Writes SIP messages in wire form with CRLF line ends and a computed Content-Length. Stateless and thread-safe.</summary>
public static class SipMessageWriter
{
    /// <summary>Writes <paramref name="message"/> to <paramref name="output"/>; any Content-Length header is replaced by the body length.</summary>
    public static void Write(SipMessage message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(output);
        switch (message)
        {
            case SipRequest request:
                WriteText(output, request.Method);
                WriteText(output, " ");
                WriteText(output, request.RequestUri.ToString());
                WriteText(output, " SIP/2.0\r\n");
                break;
            case SipResponse response:
                WriteText(output, "SIP/2.0 ");
                WriteText(output, response.StatusCode.ToString(CultureInfo.InvariantCulture));
                WriteText(output, " ");
                WriteText(output, response.ReasonPhrase);
                WriteText(output, "\r\n");
                break;
            default:
                throw new ArgumentException("Unknown message type.", nameof(message));
        }
        foreach (var header in message.Headers)
        {
            if (string.Equals(header.Name, SipHeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase))
                continue;
            WriteText(output, header.Name);
            WriteText(output, ": ");
            WriteText(output, header.Value);
            WriteText(output, "\r\n");
        }
        WriteText(output, "Content-Length: ");
        WriteText(output, message.Body.Length.ToString(CultureInfo.InvariantCulture));
        WriteText(output, "\r\n\r\n");
        output.Write(message.Body.Span);
    }

    /// <summary>The wire form of <paramref name="message"/> as a new array.</summary>
    public static byte[] ToArray(SipMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>(512 + message.Body.Length);
        Write(message, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The wire form of <paramref name="message"/> decoded as UTF-8 (for logs and tests).</summary>
    public static string ToString(SipMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>(512 + message.Body.Length);
        Write(message, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteText(IBufferWriter<byte> output, string text) => Encoding.UTF8.GetBytes(text.AsSpan(), output);
}
