using Siprec.Media.Codecs;

namespace Siprec.Media.Tests.Codecs;

public sealed class ComfortNoiseDecoderTests
{
    [Fact]
    public void Comfort_noise_decodes_to_no_samples_and_keeps_the_level()
    {
        using var decoder = new ComfortNoiseDecoder();
        var pcm = new short[160];
        Assert.Equal(-1, decoder.LastNoiseLevel);
        Assert.Equal(0, decoder.Decode([0x2A, 0x10, 0x20], pcm));
        Assert.Equal(42, decoder.LastNoiseLevel);
        Assert.Equal(0, decoder.MaxSamplesFor(3));
        Assert.All(pcm, sample => Assert.Equal(0, sample));
    }
}
