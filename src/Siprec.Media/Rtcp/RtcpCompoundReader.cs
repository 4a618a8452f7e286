using System.Buffers.Binary;

namespace Siprec.Media.Rtcp;

/// <summary>Walks an RTCP compound packet and extracts sender reports; other packet types are skipped. Never throws.</summary>
public static class RtcpCompoundReader
{
    private const byte SenderReportType = 200;
    private const int HeaderLength = 4;
    private const int SenderInfoLength = 24;

    /// <summary>
    /// Copies the sender reports in <paramref name="datagram"/> into <paramref name="reports"/> and returns how many.
    /// Returns -1 when the compound packet is malformed (bad version or a length running past the datagram).
    /// </summary>
    public static int ReadSenderReports(ReadOnlySpan<byte> datagram, Span<RtcpSenderReport> reports)
    {
        int count = 0;
        int offset = 0;
        if (datagram.Length < HeaderLength)
            return -1;
        while (offset + HeaderLength <= datagram.Length)
        {
            ReadOnlySpan<byte> header = datagram[offset..];
            if (header[0] >> 6 != 2)
                return -1;
            int length = (BinaryPrimitives.ReadUInt16BigEndian(header.Slice(2, 2)) + 1) * 4;
            if (offset + length > datagram.Length)
                return -1;
            if (header[1] == SenderReportType && length >= HeaderLength + SenderInfoLength && count < reports.Length)
            {
                ReadOnlySpan<byte> body = header.Slice(HeaderLength, SenderInfoLength);
                reports[count++] = new RtcpSenderReport(
                    BinaryPrimitives.ReadUInt32BigEndian(body),
                    BinaryPrimitives.ReadUInt64BigEndian(body.Slice(4, 8)),
                    BinaryPrimitives.ReadUInt32BigEndian(body.Slice(12, 4)),
                    BinaryPrimitives.ReadUInt32BigEndian(body.Slice(16, 4)),
                    BinaryPrimitives.ReadUInt32BigEndian(body.Slice(20, 4)));
            }

            offset += length;
        }

        return offset == datagram.Length ? count : -1;
    }
}
