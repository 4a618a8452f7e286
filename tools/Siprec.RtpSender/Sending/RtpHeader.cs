using System.Buffers.Binary;

namespace Siprec.RtpSender.Sending;

/// <summary>The fixed 12-byte RTP header (RFC 3550 section 5.1), no CSRCs, no extension.</summary>
internal static class RtpHeader
{
    public const int Size = 12;

    public static void Write(Span<byte> destination, bool marker, int payloadType, ushort sequence, uint timestamp, uint ssrc)
    {
        destination[0] = 0x80;
        destination[1] = (byte)((marker ? 0x80 : 0) | (payloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ssrc);
    }
}
