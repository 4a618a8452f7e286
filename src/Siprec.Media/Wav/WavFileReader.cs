using System.Buffers.Binary;

namespace Siprec.Media.Wav;

/// <summary>Reads PCM16 WAV files (for tests and tools), including one still being written.</summary>
public static class WavFileReader
{
    /// <summary>Reads <paramref name="path"/>; throws <see cref="InvalidDataException"/> naming the defect when it is not a PCM16 WAV.</summary>
    public static WavFileContent Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return Read(stream);
    }

    /// <summary>Reads a PCM16 WAV from <paramref name="stream"/>.</summary>
    public static WavFileContent Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> chunk = stackalloc byte[8];
        Span<byte> riff = stackalloc byte[12];
        if (stream.ReadAtLeast(riff, riff.Length, throwOnEndOfStream: false) < riff.Length)
            throw new InvalidDataException("File is shorter than a RIFF header.");
        if (!riff[..4].SequenceEqual("RIFF"u8) || !riff[8..12].SequenceEqual("WAVE"u8))
            throw new InvalidDataException("Not a RIFF/WAVE file.");

        int channels = 0;
        int sampleRate = 0;
        while (true)
        {
            if (stream.ReadAtLeast(chunk, 8, throwOnEndOfStream: false) < 8)
                throw new InvalidDataException("No data chunk found.");
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
            if (chunk[..4].SequenceEqual("fmt "u8))
            {
                if (size < 16 || size > 1024)
                    throw new InvalidDataException($"fmt chunk size {size} is invalid.");
                byte[] fmt = new byte[size];
                if (stream.ReadAtLeast(fmt, fmt.Length, throwOnEndOfStream: false) < fmt.Length)
                    throw new InvalidDataException("fmt chunk is truncated.");
                int format = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(2));
                sampleRate = (int)BinaryPrimitives.ReadUInt32LittleEndian(fmt.AsSpan(4));
                int bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(14));
                if (format != 1 || bits != 16 || channels < 1 || sampleRate < 1)
                    throw new InvalidDataException($"Only PCM16 is supported (format {format}, {bits} bits, {channels} channels, {sampleRate} Hz).");
                SkipPadding(stream, size);
            }
            else if (chunk[..4].SequenceEqual("data"u8))
            {
                if (channels == 0)
                    throw new InvalidDataException("data chunk comes before the fmt chunk.");
                long available = stream.Length - stream.Position;
                long usable = Math.Min(size, available) / (2 * channels) * (2 * channels);
                byte[] data = new byte[usable];
                stream.ReadExactly(data);
                var samples = new short[usable / 2];
                for (int i = 0; i < samples.Length; i++)
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(data.AsSpan(i * 2));
                return new WavFileContent(channels, sampleRate, size, available, samples);
            }
            else
            {
                if (size > stream.Length - stream.Position)
                    throw new InvalidDataException($"Chunk '{System.Text.Encoding.ASCII.GetString(chunk[..4])}' runs past the end of the file.");
                stream.Seek(size, SeekOrigin.Current);
                SkipPadding(stream, size);
            }
        }
    }

    private static void SkipPadding(Stream stream, uint size)
    {
        if ((size & 1) != 0)
            stream.Seek(1, SeekOrigin.Current);
    }
}
