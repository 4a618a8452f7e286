using System.Buffers.Binary;
using System.Text;
using Siprec.Transcription.Providers.Azure;

namespace Siprec.Transcription.Tests.Providers.Azure;

public sealed class AzureSpeechMessageTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    [Fact]
    public void Text_message_is_headers_a_blank_line_and_the_body()
    {
        var message = Encoding.UTF8.GetString(AzureSpeechMessage.Text("speech.context", "0123456789ABCDEF0123456789ABCDEF", At, "{}"));
        Assert.Equal(
            "Path: speech.context\r\nX-RequestId: 0123456789ABCDEF0123456789ABCDEF\r\nX-Timestamp: 2026-01-02T03:04:05.678Z\r\nContent-Type: application/json\r\n\r\n{}",
            message);
    }

    [Fact]
    public void Audio_prefix_carries_its_header_length_big_endian()
    {
        var prefix = AzureSpeechMessage.AudioPrefix("0123456789ABCDEF0123456789ABCDEF", At);
        var headers = "Path: audio\r\nX-RequestId: 0123456789ABCDEF0123456789ABCDEF\r\nX-Timestamp: 2026-01-02T03:04:05.678Z\r\nContent-Type: audio/x-wav\r\n";
        Assert.Equal(headers.Length, BinaryPrimitives.ReadUInt16BigEndian(prefix));
        Assert.Equal(headers, Encoding.ASCII.GetString(prefix, 2, prefix.Length - 2));
    }

    [Fact]
    public void Service_message_yields_path_request_id_and_body()
    {
        var raw = "X-RequestId:7C3B0D1E2F3A4B5C6D7E8F9012345678\r\nContent-Type:application/json; charset=utf-8\r\nPath:speech.phrase\r\n\r\n{\"Offset\":1}"u8;
        Assert.True(AzureSpeechMessage.TryParse(raw, out var path, out var requestId, out var body));
        Assert.Equal("speech.phrase", path);
        Assert.Equal("7C3B0D1E2F3A4B5C6D7E8F9012345678", requestId);
        Assert.Equal("{\"Offset\":1}", Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void Message_without_a_header_block_is_refused()
    {
        Assert.False(AzureSpeechMessage.TryParse("{\"Offset\":1}"u8, out _, out _, out _));
    }

    [Fact]
    public void Request_ids_are_32_upper_case_hex_digits()
    {
        var id = AzureSpeechMessage.NewRequestId();
        Assert.Equal(32, id.Length);
        Assert.All(id, c => Assert.True(char.IsAsciiHexDigitUpper(c) || char.IsAsciiDigit(c)));
    }
}
