using System.Buffers.Binary;

namespace Siprec.Media.Wav;

/// <summary>The 44-byte header of a PCM16 WAV file.</summary>
public static class WavHeader
{
    /// <summary>Header length in bytes.</summary>
    public const int Length = 44;

    /// <summary>Writes the header of a PCM16 file of <paramref name="dataBytes"/> sample bytes into <paramref name="header"/>.</summary>
    public static void Format(Span<byte> header, int channels, int sampleRate, long dataBytes)
    {
        int blockAlign = channels * 2;
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)(36 + dataBytes));
        "WAVE"u8.CopyTo(header[8..]);
        "fmt "u8.CopyTo(header[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], (uint)(sampleRate * blockAlign));
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], 16);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], (uint)dataBytes);
    }
}
