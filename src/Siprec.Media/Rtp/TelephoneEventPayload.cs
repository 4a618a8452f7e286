using System.Buffers.Binary;

namespace Siprec.Media.Rtp;

/// <summary>One RFC 4733 telephone-event payload block.</summary>
/// <param name="EventCode">The event code (0–9, 10 = *, 11 = #, 12–15 = A–D for DTMF).</param>
/// <param name="IsEnd">The E bit: this packet reports the end of the event.</param>
/// <param name="Volume">Power level in -dBm0 (0–63).</param>
/// <param name="Duration">Duration so far, in RTP timestamp units.</param>
public readonly record struct TelephoneEventPayload(byte EventCode, bool IsEnd, byte Volume, ushort Duration)
{
    private const string DtmfDigits = "0123456789*#ABCD";

    /// <summary>The DTMF digit for <see cref="EventCode"/>, or null for a non-DTMF event.</summary>
    public char? Digit => EventCode < DtmfDigits.Length ? DtmfDigits[EventCode] : null;

    /// <summary>Reads the first event block of <paramref name="payload"/>; false when it is shorter than 4 bytes.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out TelephoneEventPayload value)
    {
        if (payload.Length < 4)
        {
            value = default;
            return false;
        }

        value = new TelephoneEventPayload(
            payload[0],
            (payload[1] & 0x80) != 0,
            (byte)(payload[1] & 0x3F),
            BinaryPrimitives.ReadUInt16BigEndian(payload.Slice(2, 2)));
        return true;
    }
}
