using System.Buffers.Binary;

namespace Siprec.Media.Codecs;

/// <summary>One RFC 4733 named telephone event payload (<c>telephone-event/8000</c>): a DTMF digit or other event, not audio.</summary>
/// <param name="Event">The event code (0-9 digits, 10 '*', 11 '#', 12-15 'A'-'D', higher codes other tones).</param>
/// <param name="IsEnd">The E bit: this packet reports the end of the event.</param>
/// <param name="Volume">Power level in -dBm0 (0 to 63); meaningful for DTMF events.</param>
/// <param name="Duration">Duration so far in RTP timestamp units, counted from the packet's timestamp.</param>
public readonly record struct TelephoneEvent(byte Event, bool IsEnd, byte Volume, ushort Duration)
{
    /// <summary>The size of one event block.</summary>
    public const int Size = 4;

    /// <summary>The DTMF symbol of <see cref="Event"/> ('0'-'9', '*', '#', 'A'-'D'), or null for other events.</summary>
    public char? Symbol => Event switch
    {
        <= 9 => (char)('0' + Event),
        10 => '*',
        11 => '#',
        <= 15 => (char)('A' + Event - 12),
        _ => null,
    };

    /// <summary>Reads the first event block of <paramref name="payload"/>; false when it is shorter than 4 bytes.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out TelephoneEvent value)
    {
        if (payload.Length < Size)
        {
            value = default;
            return false;
        }

        value = new TelephoneEvent(
            payload[0],
            (payload[1] & 0x80) != 0,
            (byte)(payload[1] & 0x3F),
            BinaryPrimitives.ReadUInt16BigEndian(payload[2..]));
        return true;
    }

    /// <summary>Writes this event as a 4-byte block (reserved bit zero); false when <paramref name="destination"/> is too small.</summary>
    public bool TryWrite(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            return false;
        }

        if (Volume > 63)
        {
            throw new InvalidOperationException($"A telephone-event volume is 0 to 63 (-dBm0); {Volume} does not fit in 6 bits.");
        }

        destination[0] = Event;
        destination[1] = (byte)((IsEnd ? 0x80 : 0) | Volume);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Duration);
        return true;
    }
}
