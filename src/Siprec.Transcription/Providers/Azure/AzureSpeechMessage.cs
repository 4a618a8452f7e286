using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Siprec.Transcription.Providers.Azure;

/// <summary>
/// The Speech service WebSocket framing: a text message is CRLF-separated headers, a blank line and a body; a binary
/// message is a big-endian 16-bit header length, the headers and the body. Every message carries <c>Path</c>,
/// <c>X-RequestId</c> and <c>X-Timestamp</c>.
/// </summary>
internal static class AzureSpeechMessage
{
    /// <summary>Builds a text message for <paramref name="path"/> with a JSON body.</summary>
    public static byte[] Text(string path, string requestId, DateTimeOffset timestamp, string json) =>
        Encoding.UTF8.GetBytes(Headers(path, requestId, timestamp, "application/json") + "\r\n" + json);

    /// <summary>The header block of a binary audio message, prefixed by its big-endian length.</summary>
    public static byte[] AudioPrefix(string requestId, DateTimeOffset timestamp)
    {
        var headers = Encoding.ASCII.GetBytes(Headers("audio", requestId, timestamp, "audio/x-wav"));
        var prefix = new byte[2 + headers.Length];
        BinaryPrimitives.WriteUInt16BigEndian(prefix, (ushort)headers.Length);
        headers.CopyTo(prefix, 2);
        return prefix;
    }

    /// <summary>A new request id: 32 hex digits, as the service expects.</summary>
    public static string NewRequestId() => Guid.NewGuid().ToString("N").ToUpperInvariant();

    /// <summary>Splits a text message into its <c>Path</c>, <c>X-RequestId</c> and body; false when it has no header block.</summary>
    public static bool TryParse(ReadOnlySpan<byte> message, out string path, out string? requestId, out ReadOnlySpan<byte> body)
    {
        path = string.Empty;
        requestId = null;
        body = default;
        var end = message.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return false;
        }

        body = message[(end + 4)..];
        var headers = message[..end];
        while (!headers.IsEmpty)
        {
            var lineEnd = headers.IndexOf("\r\n"u8);
            var line = lineEnd < 0 ? headers : headers[..lineEnd];
            headers = lineEnd < 0 ? default : headers[(lineEnd + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].Trim((byte)' ');
            var value = Encoding.ASCII.GetString(line[(colon + 1)..].Trim((byte)' '));
            if (Ascii.EqualsIgnoreCase(name, "Path"u8))
            {
                path = value;
            }
            else if (Ascii.EqualsIgnoreCase(name, "X-RequestId"u8))
            {
                requestId = value;
            }
        }

        return path.Length > 0;
    }

    private static string Headers(string path, string requestId, DateTimeOffset timestamp, string contentType) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"Path: {path}\r\nX-RequestId: {requestId}\r\nX-Timestamp: {timestamp.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}\r\nContent-Type: {contentType}\r\n");
}
