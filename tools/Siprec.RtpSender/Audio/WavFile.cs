using System.Buffers.Binary;

namespace Siprec.RtpSender.Audio;

/// <summary>Reads and writes 16-bit linear PCM RIFF/WAVE files.</summary>
public static class WavFile
{
    private const ushort PcmFormat = 1;
    private const ushort ExtensibleFormat = 0xFFFE;

    /// <summary>Reads a 16-bit PCM WAV file; throws <see cref="WavFormatException"/> for anything else.</summary>
    public static PcmAudio Read(string path) => Parse(File.ReadAllBytes(path), path);

    /// <summary>Parses a 16-bit PCM WAV image; <paramref name="name"/> only names it in errors.</summary>
    public static PcmAudio Parse(ReadOnlySpan<byte> data, string name)
    {
        if (data.Length < 12 || !data[..4].SequenceEqual("RIFF"u8) || !data.Slice(8, 4).SequenceEqual("WAVE"u8))
            throw new WavFormatException($"{name}: not a RIFF/WAVE file");
        int? channels = null, sampleRate = null;
        var offset = 12;
        while (offset + 8 <= data.Length)
        {
            var id = data.Slice(offset, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(offset + 4, 4));
            var body = offset + 8;
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16 || body + 16 > data.Length)
                    throw new WavFormatException($"{name}: fmt chunk is truncated");
                var format = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(body, 2));
                var bits = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(body + 14, 2));
                if ((format != PcmFormat && format != ExtensibleFormat) || bits != 16)
                    throw new WavFormatException($"{name}: only 16-bit linear PCM is supported (format {format}, {bits} bits)");
                channels = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(body + 2, 2));
                sampleRate = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(body + 4, 4));
                if (channels == 0 || sampleRate <= 0)
                    throw new WavFormatException($"{name}: fmt chunk has {channels} channels at {sampleRate} Hz");
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (channels is null || sampleRate is null)
                    throw new WavFormatException($"{name}: data chunk before fmt chunk");
                // Writers that stream (and crash) leave 0 or 0xFFFFFFFF here; take what is present.
                var available = data.Length - body;
                var length = size == 0 || size > available ? available : (int)size;
                return Deinterleave(data.Slice(body, length), channels.Value, sampleRate.Value);
            }
            offset = body + (int)Math.Min(size + (size & 1), int.MaxValue - body);
        }
        throw new WavFormatException($"{name}: no data chunk");
    }

    /// <summary>Writes <paramref name="audio"/> as a 16-bit PCM WAV file.</summary>
    public static void Write(string path, PcmAudio audio)
    {
        var channels = audio.Channels.Count;
        var dataLength = audio.Length * channels * 2;
        var image = new byte[44 + dataLength];
        var span = image.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)(36 + dataLength));
        "WAVE"u8.CopyTo(span[8..]);
        "fmt "u8.CopyTo(span[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(span[20..], PcmFormat);
        BinaryPrimitives.WriteUInt16LittleEndian(span[22..], (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(span[24..], (uint)audio.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(span[28..], (uint)(audio.SampleRate * channels * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(span[32..], (ushort)(channels * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(span[34..], 16);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[40..], (uint)dataLength);
        var position = 44;
        for (var i = 0; i < audio.Length; i++)
        {
            foreach (var channel in audio.Channels)
            {
                BinaryPrimitives.WriteInt16LittleEndian(span[position..], channel[i]);
                position += 2;
            }
        }
        File.WriteAllBytes(path, image);
    }

    private static PcmAudio Deinterleave(ReadOnlySpan<byte> data, int channelCount, int sampleRate)
    {
        var frames = data.Length / (2 * channelCount);
        var channels = new short[channelCount][];
        for (var c = 0; c < channelCount; c++)
            channels[c] = new short[frames];
        for (var i = 0; i < frames; i++)
        {
            for (var c = 0; c < channelCount; c++)
                channels[c][i] = BinaryPrimitives.ReadInt16LittleEndian(data.Slice(((i * channelCount) + c) * 2, 2));
        }
        return new PcmAudio(sampleRate, channels);
    }
}
