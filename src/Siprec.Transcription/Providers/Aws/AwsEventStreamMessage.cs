using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Siprec.Transcription.Providers.Aws;

/// <summary>
/// One message of the AWS event-stream binary framing: a prelude (total length, headers length, both big-endian, and the
/// prelude's CRC32), the headers (name length, name, value type, value), the payload and the CRC32 of all that precedes it.
/// Only string headers are written; every header type is read.
/// </summary>
/// <param name="Headers">The headers whose values are strings, by name.</param>
/// <param name="Payload">The payload bytes.</param>
public sealed record AwsEventStreamMessage(IReadOnlyDictionary<string, string> Headers, ReadOnlyMemory<byte> Payload)
{
    private const int PreludeLength = 12;
    private const int CrcLength = 4;
    private const byte StringType = 7;

    /// <summary>The <c>:message-type</c> header (<c>event</c> or <c>exception</c>), or null.</summary>
    public string? MessageType => Headers.GetValueOrDefault(":message-type");

    /// <summary>The <c>:event-type</c> header, or null.</summary>
    public string? EventType => Headers.GetValueOrDefault(":event-type");

    /// <summary>The <c>:exception-type</c> header, or null.</summary>
    public string? ExceptionType => Headers.GetValueOrDefault(":exception-type");

    /// <summary>The encoded header block for string <paramref name="headers"/>, in order; reusable across messages.</summary>
    public static byte[] EncodeHeaders(IEnumerable<KeyValuePair<string, string>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        using var block = new MemoryStream();
        Span<byte> length = stackalloc byte[2];
        foreach (var (name, value) in headers)
        {
            var nameBytes = Encoding.UTF8.GetBytes(name);
            var valueBytes = Encoding.UTF8.GetBytes(value);
            block.WriteByte((byte)nameBytes.Length);
            block.Write(nameBytes);
            block.WriteByte(StringType);
            BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)valueBytes.Length);
            block.Write(length);
            block.Write(valueBytes);
        }

        return block.ToArray();
    }

    /// <summary>The encoded size of a message with <paramref name="headerBlockLength"/> header bytes and <paramref name="payloadLength"/> payload bytes.</summary>
    public static int EncodedLength(int headerBlockLength, int payloadLength) => PreludeLength + headerBlockLength + payloadLength + CrcLength;

    /// <summary>Writes a message from an encoded header block and a payload into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Write(Span<byte> destination, ReadOnlySpan<byte> headerBlock, ReadOnlySpan<byte> payload)
    {
        var total = EncodedLength(headerBlock.Length, payload.Length);
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)total);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)headerBlock.Length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Crc32.HashToUInt32(destination[..8]));
        headerBlock.CopyTo(destination[PreludeLength..]);
        payload.CopyTo(destination[(PreludeLength + headerBlock.Length)..]);
        BinaryPrimitives.WriteUInt32BigEndian(destination[(total - CrcLength)..], Crc32.HashToUInt32(destination[..(total - CrcLength)]));
        return total;
    }

    /// <summary>Encodes this message (its headers as strings).</summary>
    public byte[] Encode()
    {
        var headerBlock = EncodeHeaders(Headers);
        var message = new byte[EncodedLength(headerBlock.Length, Payload.Length)];
        Write(message, headerBlock, Payload.Span);
        return message;
    }

    /// <summary>
    /// Reads one message from the start of <paramref name="data"/>: false with nothing consumed when it is incomplete;
    /// throws <see cref="InvalidDataException"/> when a length or a CRC is wrong.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out AwsEventStreamMessage? message, out int consumed)
    {
        message = null;
        consumed = 0;
        if (data.Length < PreludeLength)
        {
            return false;
        }

        var total = BinaryPrimitives.ReadUInt32BigEndian(data);
        var headersLength = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        if (BinaryPrimitives.ReadUInt32BigEndian(data[8..]) != Crc32.HashToUInt32(data[..8]))
        {
            throw new InvalidDataException("event-stream prelude CRC mismatch");
        }

        if (total < PreludeLength + CrcLength || headersLength > total - PreludeLength - CrcLength || total > int.MaxValue)
        {
            throw new InvalidDataException($"event-stream lengths out of range (total {total}, headers {headersLength})");
        }

        if (data.Length < total)
        {
            return false;
        }

        var whole = data[..(int)total];
        if (BinaryPrimitives.ReadUInt32BigEndian(whole[^CrcLength..]) != Crc32.HashToUInt32(whole[..^CrcLength]))
        {
            throw new InvalidDataException("event-stream message CRC mismatch");
        }

        var headers = ReadHeaders(whole.Slice(PreludeLength, (int)headersLength));
        var payload = whole[(PreludeLength + (int)headersLength)..^CrcLength].ToArray();
        message = new AwsEventStreamMessage(headers, payload);
        consumed = (int)total;
        return true;
    }

    private static Dictionary<string, string> ReadHeaders(ReadOnlySpan<byte> block)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        while (!block.IsEmpty)
        {
            var nameLength = block[0];
            var name = Encoding.UTF8.GetString(Take(ref block, 1, nameLength));
            var type = Take(ref block, 0, 1)[0];
            int valueLength = type switch
            {
                0 or 1 => 0,
                2 => 1,
                3 => 2,
                4 => 4,
                5 or 8 => 8,
                9 => 16,
                6 or StringType => BinaryPrimitives.ReadUInt16BigEndian(Take(ref block, 0, 2)),
                _ => throw new InvalidDataException($"event-stream header '{name}' has unknown type {type}"),
            };
            var value = Take(ref block, 0, valueLength);
            if (type == StringType)
            {
                headers[name] = Encoding.UTF8.GetString(value);
            }
        }

        return headers;
    }

    /// <summary>Skips <paramref name="skip"/> bytes, returns the next <paramref name="length"/> and advances past them.</summary>
    private static ReadOnlySpan<byte> Take(ref ReadOnlySpan<byte> block, int skip, int length)
    {
        if (block.Length < skip + length)
        {
            throw new InvalidDataException("event-stream header block is truncated");
        }

        var taken = block.Slice(skip, length);
        block = block[(skip + length)..];
        return taken;
    }
}
