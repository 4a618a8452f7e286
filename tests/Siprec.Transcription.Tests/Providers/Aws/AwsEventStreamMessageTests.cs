using System.Text;
using Siprec.Transcription.Providers.Aws;

namespace Siprec.Transcription.Tests.Providers.Aws;

/// <summary>Against the encoded test vectors of AWS's event-stream reference implementation (aws-c-event-stream).</summary>
public sealed class AwsEventStreamMessageTests
{
    private static readonly byte[] EmptyMessage = [0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x05, 0xc2, 0x48, 0xeb, 0x7d, 0x98, 0xc8, 0xff];

    private static readonly byte[] PayloadNoHeaders =
    [
        0x00, 0x00, 0x00, 0x1D, 0x00, 0x00, 0x00, 0x00, 0xfd, 0x52, 0x8c, 0x5a, 0x7b, 0x27, 0x66, 0x6f,
        0x6f, 0x27, 0x3a, 0x27, 0x62, 0x61, 0x72, 0x27, 0x7d, 0xc3, 0x65, 0x39, 0x36,
    ];

    private static readonly byte[] PayloadOneStringHeader =
    [
        0x00, 0x00, 0x00, 0x3D, 0x00, 0x00, 0x00, 0x20, 0x07, 0xFD, 0x83, 0x96, 0x0C, .. "content-type"u8, 0x07, 0x00, 0x10,
        .. "application/json"u8, 0x7b, 0x27, 0x66, 0x6f, 0x6f, 0x27, 0x3a, 0x27, 0x62, 0x61, 0x72, 0x27, 0x7d, 0x8D, 0x9C, 0x08, 0xB1,
    ];

    public static TheoryData<string> Vectors() => ["empty", "payload", "header"];

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Encoding_reproduces_the_reference_bytes(string name)
    {
        var (bytes, message) = Vector(name);
        Assert.Equal(bytes, message.Encode());
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Decoding_the_reference_bytes_yields_headers_and_payload(string name)
    {
        var (bytes, expected) = Vector(name);
        Assert.True(AwsEventStreamMessage.TryRead(bytes, out var message, out var consumed));
        Assert.Equal(bytes.Length, consumed);
        Assert.Equal(expected.Headers, message!.Headers);
        Assert.Equal(expected.Payload.ToArray(), message.Payload.ToArray());
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Every_prefix_is_incomplete(string name)
    {
        var (bytes, _) = Vector(name);
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.False(AwsEventStreamMessage.TryRead(bytes.AsSpan(0, length), out _, out var consumed));
            Assert.Equal(0, consumed);
        }
    }

    [Fact]
    public void A_flipped_bit_in_the_prelude_or_the_message_is_a_crc_failure()
    {
        var prelude = (byte[])EmptyMessage.Clone();
        prelude[9] ^= 0x01;
        Assert.Contains("prelude CRC", Assert.Throws<InvalidDataException>(() => AwsEventStreamMessage.TryRead(prelude, out _, out _)).Message, StringComparison.Ordinal);

        var body = (byte[])PayloadNoHeaders.Clone();
        body[15] ^= 0x01;
        Assert.Contains("message CRC", Assert.Throws<InvalidDataException>(() => AwsEventStreamMessage.TryRead(body, out _, out _)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Headers_of_every_type_are_skipped_and_string_headers_kept()
    {
        byte[] headers =
        [
            4, .. "true"u8, 0,
            4, .. "byte"u8, 2, 0x7f,
            5, .. "int64"u8, 5, 1, 2, 3, 4, 5, 6, 7, 8,
            4, .. "blob"u8, 6, 0x00, 0x02, 0xAA, 0xBB,
            4, .. "uuid"u8, 9, .. new byte[16],
            11, .. ":event-type"u8, 7, 0x00, 0x0F, .. "TranscriptEvent"u8,
        ];
        var buffer = new byte[AwsEventStreamMessage.EncodedLength(headers.Length, 2)];
        AwsEventStreamMessage.Write(buffer, headers, "{}"u8);

        Assert.True(AwsEventStreamMessage.TryRead(buffer, out var message, out _));
        Assert.Equal("TranscriptEvent", message!.EventType);
        Assert.Single(message.Headers);
        Assert.Equal("{}", Encoding.UTF8.GetString(message.Payload.Span));
    }

    [Fact]
    public void An_audio_event_round_trips()
    {
        var audio = Enumerable.Range(0, 3200).Select(i => (byte)(i % 251)).ToArray();
        var message = new AwsEventStreamMessage(
            new Dictionary<string, string> { [":content-type"] = "application/octet-stream", [":event-type"] = "AudioEvent", [":message-type"] = "event" },
            audio);
        Assert.True(AwsEventStreamMessage.TryRead(message.Encode(), out var decoded, out _));
        Assert.Equal("AudioEvent", decoded!.EventType);
        Assert.Equal("event", decoded.MessageType);
        Assert.Equal(audio, decoded.Payload.ToArray());
    }

    private static (byte[] Bytes, AwsEventStreamMessage Message) Vector(string name) => name switch
    {
        "empty" => (EmptyMessage, new AwsEventStreamMessage(new Dictionary<string, string>(), Array.Empty<byte>())),
        "payload" => (PayloadNoHeaders, new AwsEventStreamMessage(new Dictionary<string, string>(), "{'foo':'bar'}"u8.ToArray())),
        _ => (PayloadOneStringHeader, new AwsEventStreamMessage(new Dictionary<string, string> { ["content-type"] = "application/json" }, "{'foo':'bar'}"u8.ToArray())),
    };
}
