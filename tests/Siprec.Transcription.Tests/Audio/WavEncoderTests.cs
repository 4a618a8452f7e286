using System.Buffers.Binary;
using Siprec.Transcription.Audio;

namespace Siprec.Transcription.Tests.Audio;

public sealed class WavEncoderTests
{
    [Theory]
    [InlineData(16000, 0)]
    [InlineData(8000, 3)]
    public void Header_describes_mono_pcm16_and_data_follows(int rate, int length)
    {
        var samples = Enumerable.Range(0, length).Select(i => (short)((i * 1000) - 1)).ToArray();
        var wav = WavEncoder.Encode(samples, rate);

        Assert.Equal(44 + (2 * length), wav.Length);
        Assert.True(wav.AsSpan(0, 4).SequenceEqual("RIFF"u8));
        Assert.Equal(36 + (2 * length), BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(4)));
        Assert.True(wav.AsSpan(8, 8).SequenceEqual("WAVEfmt "u8));
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(20)));
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(22)));
        Assert.Equal(rate, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(24)));
        Assert.Equal(rate * 2, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(28)));
        Assert.Equal(16, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(34)));
        Assert.True(wav.AsSpan(36, 4).SequenceEqual("data"u8));
        for (var i = 0; i < length; i++)
        {
            Assert.Equal(samples[i], BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(44 + (2 * i))));
        }
    }
}
